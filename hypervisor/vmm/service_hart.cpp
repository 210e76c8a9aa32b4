#include "vmm/service_hart.hpp"

#include <array>
#include <new>

#include "events/event_ring.hpp"
#include "events/event_stream.hpp"
#include "events/frame_codec.hpp"
#include "events/mmu_records.hpp"
#include "events/shared_ring.hpp"
#include "riscv/sbi.hpp"
#include "tae/event_commands.hpp"
#include "vmm/arch.hpp"
#include "vmm/channels.hpp"
#include "vmm/console.hpp"
#include "vmm/gdb_server.hpp"
#include "vmm/power.hpp"
#include "vmm/sbi_host.hpp"

namespace gh::vmm {
namespace {

constexpr uint32_t max_vcpus = core::GuestConfig::max_vcpus;
constexpr size_t vcpu_ring_bytes = 256 * 1024;
constexpr size_t vm_ring_bytes = 16 * 1024;
constexpr uint16_t vm_stream_id = 0xFFFF;
constexpr size_t pump_batch = 1024;         // bytes per ring per round (UART)
constexpr size_t shared_batch = 64 * 1024;  // bytes per ring per round (shared memory)
constexpr uint64_t idle_ticks = 10000;      // 1 ms at QEMU virt's 10 MHz timebase

events::StaticEventRing<vcpu_ring_bytes> vcpu_rings[max_vcpus];
events::StaticEventRing<vm_ring_bytes> vm_ring;
alignas(events::EventStream) unsigned char stream_storage[max_vcpus][sizeof(events::EventStream)];
alignas(events::EventStream) unsigned char vm_stream_storage[sizeof(events::EventStream)];
alignas(tae::EventCommands) unsigned char commands_storage[sizeof(tae::EventCommands)];
events::EventStream* vm_stream = nullptr;
tae::EventCommands* commands = nullptr;
events::FrameReader uart_command_reader;
events::FrameReader shared_command_reader;
uint64_t service_hart_id = ~0ull;  // set when the service hart runs
constinit events::SharedRingHypervisorEnd shared_ring_end;
events::SharedRingHypervisorEnd* shared_ring = nullptr;  // the full-rate path, when given
uint32_t power_off_code = 0;
uint32_t power_off_requested = 0;

uint64_t now() { return GH_CSR_READ(time); }

void announce(Vm& vm, uint64_t timebase_hz) {
  events::StreamHello hello;
  hello.vcpu_count = static_cast<uint16_t>(vm.config.vcpus);
  hello.backend = 0;
  hello.timebase_hz = timebase_hz;
  (void)vm_stream->emit(now(), hello);
  for (const mmu::GuestRegion& region : vm.machine->memory_map().regions()) {
    (void)vm_stream->emit(now(), events::memory_region_record(region, 0));
  }
}

// Sends about pump_batch bytes of `ring`, always stopping right after a frame's closing
// delimiter: frames of different rings never interleave on the wire. (The producer
// publishes whole frames, so a frame that has begun is readable to its end.)
size_t pump(events::EventRing& ring, Uart16550& channel) {
  size_t moved = 0;
  for (;;) {
    const auto bytes = ring.peek();
    if (bytes.empty()) return moved;
    size_t n = 0;
    bool done = false;
    while (n < bytes.size() && !done) {
      const uint8_t byte = bytes[n++];
      channel.put(static_cast<char>(byte));
      done = byte == 0 && moved + n >= pump_batch;
    }
    ring.consume(n);
    moved += n;
    if (done) return moved;
  }
}

// Moves whole frames of `from` into the shared ring while they fit; the host reader
// frees space at its own pace, and a full shared ring leaves frames in the vCPU rings.
size_t move_frames(events::EventRing& from, events::SharedRingHypervisorEnd& to) {
  std::array<uint8_t, events::max_encoded_frame> frame;
  size_t moved = 0;
  while (moved < shared_batch) {
    const size_t size = from.copy_frame(frame);
    if (size == 0 || !to.try_write_events({frame.data(), size})) break;
    from.consume(size);
    moved += size;
  }
  return moved;
}

// One ring's frames to the host, by whichever transport the stream uses.
size_t send(events::EventRing& ring) {
  if (shared_ring != nullptr) return move_frames(ring, *shared_ring);
  if (!channels().present()) return 0;
  return pump(ring, channels().events);
}

size_t send_all(const Vm& vm) {
  size_t moved = send(vm_ring.ring());
  for (uint32_t i = 0; i < vm.config.vcpus; ++i) moved += send(vcpu_rings[i].ring());
  return moved;
}

// A long reply (a page-table snapshot) sends what the VM ring holds to make room.
class VmRingDrain final : public tae::ReplyDrain {
 public:
  void drain() override {
    for (int round = 0; round < 4; ++round) (void)send(vm_ring.ring());
  }
};
VmRingDrain reply_drain;

uint64_t corrupt_command_frames = 0;  // skipped, on any channel

// Command bytes from one channel; a corrupt frame is skipped up to its delimiter.
void take_command_byte(events::FrameReader& reader, uint8_t byte) {
  switch (reader.push(byte)) {
    case events::FrameReader::Result::frame:
      commands->handle(reader.frame());
      break;
    case events::FrameReader::Result::error:
      ++corrupt_command_frames;
      break;
    case events::FrameReader::Result::need_more:
      break;
  }
}

// Said at power-off when the host sent anything the hypervisor could not take.
void report_bad_commands() {
  const uint64_t resyncs = shared_ring != nullptr ? shared_ring->command_resyncs() : 0;
  if (corrupt_command_frames == 0 && resyncs == 0) return;
  ConsoleLine()
      .out()
      .str("events: ")
      .dec(corrupt_command_frames)
      .str(" corrupt command frames skipped, ")
      .dec(resyncs)
      .str(" impossible command-ring heads skipped to");
}

constexpr size_t command_batch = 256;  // bytes per channel per round

size_t read_commands(Uart16550& channel) {
  size_t count = 0;
  uint8_t byte = 0;
  while (count < command_batch && channel.try_get(byte)) {
    ++count;
    take_command_byte(uart_command_reader, byte);
  }
  return count;
}

// The host writes commands into the shared memory's command ring (host tools and the TCP
// relay of `run --events PORT`); the ring bounds every index the host wrote.
size_t read_shared_commands(events::SharedRingHypervisorEnd& ring) {
  std::array<uint8_t, command_batch> bytes;
  const size_t count = ring.read_commands(bytes);
  for (size_t i = 0; i < count; ++i) take_command_byte(shared_command_reader, bytes[i]);
  return count;
}

// Everything the vCPUs wrote goes out before the machine stops.
[[noreturn]] void drain_and_power_off(Vm& vm, Channels& ch) {
  for (int round = 0; round < 4096; ++round) {
    if (send_all(vm) == 0) break;
  }
  if (ch.present()) ch.events.flush();
  if (shared_ring != nullptr) shared_ring->close();
  report_bad_commands();
  const uint32_t code = __atomic_load_n(&power_off_code, __ATOMIC_ACQUIRE);
  gdb_server_guest_exited(code);
  power_off(code);
}

// Console input for a guest that drives the UART itself (M-mode boot); S-mode guests
// read the console through the SBI instead.
uint8_t console_pending[64];
size_t console_pending_count = 0;

size_t feed_console(Vm& vm) {
  if (vm.config.boot != core::BootStyle::machine || vm.devices == nullptr) return 0;
  while (console_pending_count < sizeof console_pending) {
    uint8_t byte = 0;
    {
      LockGuard guard(console().lock());
      if (!console().try_get(byte)) break;
    }
    console_pending[console_pending_count++] = byte;
  }
  if (console_pending_count == 0) return 0;
  size_t taken = vm.devices->receive_console({console_pending, console_pending_count});
  for (size_t i = taken; i < console_pending_count; ++i)
    console_pending[i - taken] = console_pending[i];
  console_pending_count -= taken;
  return taken;
}

void sleep_a_little() {
  sbi_host_call(riscv::sbi::ext_time, riscv::sbi::time_set_timer, now() + idle_ticks);
  wait_for_interrupt();  // sstatus.SIE = 0: the pending timer wakes us without a trap
}

}  // namespace

bool use_shared_event_ring(std::span<uint8_t> memory) {
  if (!shared_ring_end.initialize(memory)) return false;
  shared_ring = &shared_ring_end;
  return true;
}

void init_event_streams(Vm& vm, uint64_t timebase_hz, uint64_t service_hartid) {
  __atomic_store_n(&service_hart_id, service_hartid, __ATOMIC_RELEASE);
  vm_stream = new (vm_stream_storage) events::EventStream(vm_stream_id, vm_ring.ring());
  commands = new (commands_storage) tae::EventCommands(*vm.machine, *vm_stream, &reply_drain);
  // Recording costs every exit time: only when the user asked for the stream (--events).
  for (uint32_t i = 0; vm.config.events && i < vm.config.vcpus; ++i) {
    auto* stream =
        new (stream_storage[i]) events::EventStream(static_cast<uint16_t>(i), vcpu_rings[i].ring());
    vm.vcpus[i].tae->attach_events(stream);
  }
  announce(vm, timebase_hz);
}

void power_off_after_events(uint32_t code) {
  uint64_t hart = __atomic_load_n(&service_hart_id, __ATOMIC_ACQUIRE);
  if (hart == ~0ull || (!channels().present() && shared_ring == nullptr)) power_off(code);
  __atomic_store_n(&power_off_code, code, __ATOMIC_RELEASE);
  __atomic_store_n(&power_off_requested, 1, __ATOMIC_RELEASE);
  sbi_host_call(riscv::sbi::ext_ipi, riscv::sbi::ipi_send_ipi, 1, hart);
  for (;;) wait_for_interrupt();
}

void run_service_hart(Vm& vm) {
  Channels& ch = channels();
  GH_CSR_SET(sie, riscv::interrupt_bit(riscv::Interrupt::supervisor_timer) |
                      riscv::interrupt_bit(riscv::Interrupt::supervisor_software));
  for (;;) {
    GH_CSR_CLEAR(sip, riscv::interrupt_bit(riscv::Interrupt::supervisor_software));
    if (__atomic_load_n(&power_off_requested, __ATOMIC_ACQUIRE)) drain_and_power_off(vm, ch);
    size_t activity = poll_gdb_server();
    if (gdb_kill_requested()) drain_and_power_off(vm, ch);
    activity += send_all(vm);
    if (ch.present()) activity += read_commands(ch.events);
    if (shared_ring != nullptr) activity += read_shared_commands(*shared_ring);
    activity += feed_console(vm);
    if (activity == 0 && !gdb_server_busy(now())) sleep_a_little();
  }
}

}  // namespace gh::vmm
