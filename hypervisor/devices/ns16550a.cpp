#include "devices/ns16550a.hpp"

namespace gh::devices {
namespace {

enum Register : unsigned { rbr_thr = 0, ier = 1, iir_fcr = 2, lcr = 3, mcr = 4, lsr = 5, msr = 6 };

namespace ier_bit {
constexpr uint8_t received_data = 0x01;
constexpr uint8_t thr_empty = 0x02;
constexpr uint8_t line_status = 0x04;
constexpr uint8_t modem_status = 0x08;
}  // namespace ier_bit

namespace iir_id {
constexpr uint8_t no_interrupt = 0x01;
constexpr uint8_t modem_status = 0x00;
constexpr uint8_t thr_empty = 0x02;
constexpr uint8_t received_data = 0x04;
constexpr uint8_t line_status = 0x06;
constexpr uint8_t character_timeout = 0x0c;
constexpr uint8_t mask = 0x0f;
constexpr uint8_t fifos_enabled = 0xc0;
}  // namespace iir_id

namespace fcr_bit {
constexpr uint8_t enable = 0x01;
constexpr uint8_t clear_receive = 0x02;
constexpr uint8_t clear_transmit = 0x04;
constexpr uint8_t sticky = 0xc9;  // trigger level, DMA mode, enable
}  // namespace fcr_bit

constexpr uint8_t lcr_dlab = 0x80;
constexpr uint8_t mcr_loopback = 0x10;
constexpr uint8_t mcr_out2 = 0x08;
constexpr uint8_t mcr_writable = 0x1f;

namespace lsr_bit {
constexpr uint8_t data_ready = 0x01;
constexpr uint8_t overrun = 0x02;
constexpr uint8_t break_interrupt = 0x10;
constexpr uint8_t thr_empty = 0x20;
constexpr uint8_t transmitter_empty = 0x40;
constexpr uint8_t any_error = 0x1e;  // OE, PE, FE, BI
}  // namespace lsr_bit

constexpr uint8_t msr_dcd_dsr_cts = 0xb0;
constexpr uint8_t msr_any_delta = 0x0f;

size_t trigger_level_of(uint8_t fcr) {
  constexpr size_t levels[] = {1, 4, 8, 14};
  return levels[fcr >> 6];
}

}  // namespace

Ns16550a::Ns16550a(ByteSink& transmit, InterruptLine& irq) : transmit_(transmit), irq_(irq) {
  reset();
}

void Ns16550a::reset() {
  fifo_head_ = fifo_count_ = 0;
  trigger_level_ = 1;
  divisor_ = 0x0c;  // 9600 baud from QEMU's 115200 base
  rbr_ = ier_ = fcr_ = lcr_ = scr_ = 0;
  iir_ = iir_id::no_interrupt;
  mcr_ = mcr_out2;
  lsr_ = lsr_bit::transmitter_empty | lsr_bit::thr_empty;
  msr_ = msr_dcd_dsr_cts;
  thr_interrupt_pending_ = timeout_pending_ = false;
  irq_.set_level(false);
}

std::optional<uint64_t> Ns16550a::read(uint64_t offset, unsigned size) {
  if (offset >= register_span || size == 0 || size > 8) return std::nullopt;
  return read_register(static_cast<unsigned>(offset));
}

bool Ns16550a::write(uint64_t offset, unsigned size, uint64_t value) {
  if (offset >= register_span || size == 0 || size > 8) return false;
  write_register(static_cast<unsigned>(offset), static_cast<uint8_t>(value));
  return true;
}

uint8_t Ns16550a::read_register(unsigned index) {
  const bool dlab = (lcr_ & lcr_dlab) != 0;
  switch (index) {
    case rbr_thr:
      return dlab ? static_cast<uint8_t>(divisor_) : read_receive_buffer();
    case ier:
      return dlab ? static_cast<uint8_t>(divisor_ >> 8) : ier_;
    case iir_fcr:
      return read_interrupt_identification();
    case lcr:
      return lcr_;
    case mcr:
      return mcr_;
    case lsr:
      return read_line_status();
    case msr:
      return read_modem_status();
    default:
      return scr_;
  }
}

void Ns16550a::write_register(unsigned index, uint8_t value) {
  const bool dlab = (lcr_ & lcr_dlab) != 0;
  switch (index) {
    case rbr_thr:
      if (dlab) {
        divisor_ = static_cast<uint16_t>((divisor_ & 0xff00) | value);
      } else {
        write_transmit_holding(value);
      }
      return;
    case ier:
      if (dlab) {
        divisor_ = static_cast<uint16_t>((divisor_ & 0x00ff) | (value << 8));
      } else {
        write_interrupt_enable(value);
      }
      return;
    case iir_fcr:
      write_fifo_control(value);
      return;
    case lcr:
      lcr_ = value;
      return;
    case mcr:
      mcr_ = value & mcr_writable;
      return;
    case lsr:
    case msr:
      return;  // read-only
    default:
      scr_ = value;
      return;
  }
}

bool Ns16550a::fifo_enabled() const { return (fcr_ & fcr_bit::enable) != 0; }

uint8_t Ns16550a::read_receive_buffer() {
  uint8_t value = rbr_;
  if (fifo_enabled()) {
    value = 0;
    if (fifo_count_ > 0) {
      value = fifo_[fifo_head_];
      fifo_head_ = (fifo_head_ + 1) % fifo_depth;
      --fifo_count_;
    }
    if (fifo_count_ == 0) lsr_ &= ~(lsr_bit::data_ready | lsr_bit::break_interrupt);
    update_timeout();
  } else {
    lsr_ &= ~(lsr_bit::data_ready | lsr_bit::break_interrupt);
  }
  update_interrupt();
  return value;
}

uint8_t Ns16550a::read_interrupt_identification() {
  const uint8_t value = iir_;
  if ((value & iir_id::mask) == iir_id::thr_empty) {
    thr_interrupt_pending_ = false;  // reading IIR acknowledges a THRE interrupt
    update_interrupt();
  }
  return value;
}

uint8_t Ns16550a::read_line_status() {
  const uint8_t value = lsr_;
  if ((lsr_ & (lsr_bit::break_interrupt | lsr_bit::overrun)) != 0) {
    lsr_ &= ~(lsr_bit::break_interrupt | lsr_bit::overrun);
    update_interrupt();
  }
  return value;
}

uint8_t Ns16550a::read_modem_status() {
  if ((mcr_ & mcr_loopback) != 0) {
    // In loopback the modem outputs drive the inputs: OUT2->DCD, OUT1->RI, RTS->CTS, DTR->DSR.
    return static_cast<uint8_t>(((mcr_ & 0x0c) << 4) | ((mcr_ & 0x02) << 3) | ((mcr_ & 0x01) << 5));
  }
  const uint8_t value = msr_;
  if ((msr_ & msr_any_delta) != 0) {
    msr_ &= 0xf0;
    update_interrupt();
  }
  return value;
}

void Ns16550a::write_transmit_holding(uint8_t value) {
  // The byte leaves at once, so THR and the shift register are empty again and the
  // THRE interrupt is pending anew.
  transmit(value);
  lsr_ |= lsr_bit::thr_empty | lsr_bit::transmitter_empty;
  thr_interrupt_pending_ = true;
  update_interrupt();
}

void Ns16550a::transmit(uint8_t byte) {
  if ((mcr_ & mcr_loopback) != 0) {
    receive_byte(byte);
    update_timeout();
  } else {
    transmit_.put(byte);
  }
}

void Ns16550a::write_interrupt_enable(uint8_t value) {
  const uint8_t changed = (ier_ ^ value) & 0x0f;
  ier_ = value & 0x0f;
  // Enabling the THRE interrupt while THR is empty raises it, even if reading IIR had
  // acknowledged it before (QEMU; drivers rely on it).
  if ((changed & ier_bit::thr_empty) != 0) {
    thr_interrupt_pending_ = (ier_ & ier_bit::thr_empty) != 0 && (lsr_ & lsr_bit::thr_empty) != 0;
  }
  if (changed != 0) update_interrupt();
}

void Ns16550a::write_fifo_control(uint8_t value) {
  if (((value ^ fcr_) & fcr_bit::enable) != 0) {
    value |= fcr_bit::clear_receive | fcr_bit::clear_transmit;  // toggling FE flushes both
  }
  if ((value & fcr_bit::clear_receive) != 0) {
    lsr_ &= ~(lsr_bit::data_ready | lsr_bit::break_interrupt);
    timeout_pending_ = false;
    fifo_head_ = fifo_count_ = 0;
  }
  if ((value & fcr_bit::clear_transmit) != 0) {
    lsr_ |= lsr_bit::thr_empty;
    thr_interrupt_pending_ = true;
  }
  fcr_ = value & fcr_bit::sticky;
  if (fifo_enabled()) {
    iir_ |= iir_id::fifos_enabled;
    trigger_level_ = trigger_level_of(fcr_);
  } else {
    iir_ &= ~iir_id::fifos_enabled;
  }
  update_interrupt();
}

size_t Ns16550a::receive_room() const {
  if (!fifo_enabled()) return (lsr_ & lsr_bit::data_ready) == 0 ? 1 : 0;
  if (fifo_count_ >= fifo_depth) return 0;
  return fifo_count_ <= trigger_level_ ? trigger_level_ - fifo_count_ : 1;
}

size_t Ns16550a::receive(std::span<const uint8_t> bytes) {
  size_t taken = 0;
  while (taken < bytes.size() && receive_room() > 0) receive_byte(bytes[taken++]);
  if (taken > 0) {
    update_timeout();
    update_interrupt();
  }
  return taken;
}

void Ns16550a::receive_byte(uint8_t byte) {
  if (fifo_enabled()) {
    if (fifo_count_ < fifo_depth) {
      fifo_[(fifo_head_ + fifo_count_) % fifo_depth] = byte;
      ++fifo_count_;
    } else {
      lsr_ |= lsr_bit::overrun;  // overruns do not overwrite the FIFO
    }
  } else {
    if ((lsr_ & lsr_bit::data_ready) != 0) lsr_ |= lsr_bit::overrun;
    rbr_ = byte;
  }
  lsr_ |= lsr_bit::data_ready;
}

// QEMU raises the character-timeout interrupt when the FIFO holds data and the guest has
// not read it for four character times. Time does not pass inside a model, so the
// timeout counts as elapsed at once whenever the FIFO holds fewer bytes than the trigger
// level (at or above it, the received-data interrupt is already up).
void Ns16550a::update_timeout() {
  timeout_pending_ = fifo_enabled() && fifo_count_ > 0 && fifo_count_ < trigger_level_;
}

void Ns16550a::update_interrupt() {
  uint8_t id = iir_id::no_interrupt;
  const bool data_at_trigger =
      (lsr_ & lsr_bit::data_ready) != 0 && (!fifo_enabled() || fifo_count_ >= trigger_level_);
  if ((ier_ & ier_bit::line_status) != 0 && (lsr_ & lsr_bit::any_error) != 0) {
    id = iir_id::line_status;
  } else if ((ier_ & ier_bit::received_data) != 0 && timeout_pending_) {
    id = iir_id::character_timeout;
  } else if ((ier_ & ier_bit::received_data) != 0 && data_at_trigger) {
    id = iir_id::received_data;
  } else if ((ier_ & ier_bit::thr_empty) != 0 && thr_interrupt_pending_) {
    id = iir_id::thr_empty;
  } else if ((ier_ & ier_bit::modem_status) != 0 && (msr_ & msr_any_delta) != 0) {
    id = iir_id::modem_status;
  }
  iir_ = static_cast<uint8_t>(id | (iir_ & 0xf0));
  irq_.set_level(id != iir_id::no_interrupt);
}

}  // namespace gh::devices
