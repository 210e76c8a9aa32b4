#include "synthetic_stream.hpp"

#include <array>
#include <map>
#include <memory>

#include "events/event_ring.hpp"
#include "events/event_stream.hpp"
#include "riscv/csr.hpp"

namespace gh::events::test {
namespace {

using namespace synthetic;
namespace pte = riscv::pte;

constexpr uint64_t satp_of(uint64_t root) { return (8ull << 60) | (root >> 12); }
constexpr uint64_t g_stage_root = 0x180000000;
constexpr uint64_t kernel_l1 = 0x80401000;
constexpr uint64_t kernel_l0 = 0x80402000;
constexpr uint64_t io_l1 = 0x80403000;
constexpr uint64_t io_l0 = 0x80404000;
constexpr uint64_t stvec = 0x80201000;
constexpr uint64_t kernel_leaf = pte::v | pte::r | pte::w | pte::x | pte::g | pte::a | pte::d;

constexpr uint32_t insn_csrw_satp = 0x18079073;
constexpr uint32_t insn_sfence_vma = 0x12000073;
constexpr uint32_t insn_sret = 0x10200073;
constexpr uint32_t insn_mret = 0x30200073;
constexpr uint32_t insn_csrr_scause = 0x142027f3;
constexpr uint32_t insn_csrw_mtvec = 0x30579073;
constexpr uint32_t insn_ecall = 0x00000073;
constexpr uint32_t insn_wfi = 0x10500073;
constexpr uint32_t insn_sb_uart = 0x00f70023;
constexpr uint32_t insn_ld = 0x0007b783;

// Emits into per-vCPU rings and drains them into the sink, like the transport pump.
class Writer {
 public:
  Writer(uint16_t vcpus, const std::function<void(std::span<const uint8_t>)>& sink) : sink_(sink) {
    for (uint16_t v = 0; v < vcpus; ++v) {
      rings_.push_back(std::make_unique<StaticEventRing<4096>>());
      streams_.push_back(std::make_unique<EventStream>(v, rings_.back()->ring()));
    }
  }

  template <typename R>
  void emit(uint16_t vcpu, const R& record) {
    clock_ += 5 + random() % 40;
    (void)streams_[vcpu]->emit(clock_, record);
    ++count_;
    EventRing& ring = rings_[vcpu]->ring();
    std::array<uint8_t, 512> chunk{};
    while (size_t got = ring.read(chunk)) sink_({chunk.data(), got});
  }

  uint32_t random() {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 17;
    state_ ^= state_ << 5;
    return state_;
  }
  void seed(uint32_t value) { state_ = value ? value : 1; }
  [[nodiscard]] uint64_t count() const { return count_; }

 private:
  const std::function<void(std::span<const uint8_t>)>& sink_;
  std::vector<std::unique_ptr<StaticEventRing<4096>>> rings_;
  std::vector<std::unique_ptr<EventStream>> streams_;
  uint64_t clock_ = 0;
  uint64_t count_ = 0;
  uint32_t state_ = 1;
};

struct VcpuState {
  unsigned process = 0;
  uint64_t user_pc = 0x1000;
  uint64_t root = 0;  // the guest table satp names (0: bare)
};

class SyntheticGuest {
 public:
  SyntheticGuest(const SyntheticOptions& options,
                 const std::function<void(std::span<const uint8_t>)>& sink)
      : options_(options), out_(options.vcpus, sink), vcpus_(options.vcpus) {
    out_.seed(options.seed);
  }

  void run() {
    out_.emit(0, StreamHello{.vcpu_count = options_.vcpus,
                             .backend = static_cast<uint8_t>(options_.h_backend ? 1 : 0),
                             .timebase_hz = 10'000'000});
    memory_map();
    for (uint16_t v = 0; v < options_.vcpus; ++v) boot(v);
    while (out_.count() < options_.events) {
      for (uint16_t v = 0; v < options_.vcpus; ++v) episode(v);
    }
    for (uint16_t v = 0; v < options_.vcpus; ++v) {
      out_.emit(v, LifecycleRecord{.pc = 0x80201100, .state = LifecycleState::halted});
    }
  }

 private:
  VirtualMode user() const {
    return options_.h_backend ? VirtualMode::virtual_user : VirtualMode::user;
  }
  VirtualMode supervisor() const {
    return options_.h_backend ? VirtualMode::virtual_supervisor : VirtualMode::supervisor;
  }

  void memory_map() {
    out_.emit(0, MemoryRegionRecord{
                     .gpa = ram_gpa, .size = ram_size, .hpa = ram_hpa, .region = RegionKind::ram});
    const std::array<std::pair<uint64_t, uint16_t>, 5> devices = {
        {{0x100000, 5}, {0x2000000, 2}, {0xc000000, 3}, {uart_gpa, 1}, {0x10001000, 4}}};
    for (const auto& [gpa, device] : devices) {
      const uint64_t size = device == 3 ? 0x4000000 : device == 2 ? 0x10000 : 0x1000;
      out_.emit(0, MemoryRegionRecord{
                       .gpa = gpa, .size = size, .region = RegionKind::mmio, .device = device});
    }
  }

  void trap(uint16_t v, uint64_t cause, uint64_t pc, uint64_t tval, uint32_t insn,
            VirtualMode before, VirtualMode after, HandledBy by) {
    out_.emit(v, TrapRecord{.cause = cause,
                            .pc = pc,
                            .tval = tval,
                            .instruction = insn,
                            .mode_before = before,
                            .mode_after = after,
                            .handled_by = by});
  }
  void mode_change(uint16_t v, uint64_t pc, VirtualMode from, VirtualMode to) {
    out_.emit(v, ModeChangeRecord{.pc = pc, .from = from, .to = to});
  }
  void emulate(uint16_t v, uint32_t insn, uint64_t pc, VirtualMode mode) {
    trap(v, 2, pc, insn, insn, mode, mode, HandledBy::emulated);
  }
  void guest_diff(uint16_t v, uint64_t root, uint8_t level, uint64_t va, uint64_t address,
                  uint64_t old_pte, uint64_t new_pte) {
    out_.emit(v, PageTableDiffRecord{.table = PageTableKind::guest,
                                     .level = level,
                                     .root = root,
                                     .va = va,
                                     .pte_address = address,
                                     .old_pte = old_pte,
                                     .new_pte = new_pte});
    guest_ptes_[address] = new_pte;
  }
  void host_diff(uint16_t v, uint64_t root, uint8_t level, uint64_t va, uint64_t address,
                 uint64_t new_pte) {
    const PageTableKind kind = options_.h_backend ? PageTableKind::g_stage : PageTableKind::shadow;
    uint64_t& current = host_ptes_[address];
    out_.emit(v, PageTableDiffRecord{.table = kind,
                                     .level = level,
                                     .root = root,
                                     .va = va,
                                     .pte_address = address,
                                     .old_pte = current,
                                     .new_pte = new_pte});
    current = new_pte;
  }

  void boot(uint16_t v) {
    const VirtualMode m = VirtualMode::machine;
    out_.emit(v, LifecycleRecord{.pc = ram_gpa, .state = LifecycleState::created});
    out_.emit(v, LifecycleRecord{.pc = ram_gpa, .state = LifecycleState::started});
    emulate(v, insn_csrw_mtvec, ram_gpa + 0x10, m);
    out_.emit(v, CsrWriteRecord{.csr = 0x305, .new_value = ram_gpa + 0x100, .pc = ram_gpa + 0x10});
    if (v == 0) build_kernel_table(v);
    if (options_.h_backend && v == 0) build_g_stage(v);
    write_satp(v, kernel_root, ram_gpa + 0x20, m);
    trap(v, 2, ram_gpa + 0x30, insn_mret, insn_mret, m, supervisor(), HandledBy::emulated);
    mode_change(v, 0x80200000, m, supervisor());
    switch_to(v, v % processes, 0x80200040);
    return_to_user(v);
  }

  void build_kernel_table(uint16_t v) {
    const uint64_t r = kernel_root;
    guest_diff(v, r, 2, 0x80000000, r + 2 * 8, 0, pte::make(kernel_l1, pte::v));
    guest_diff(v, r, 1, 0x80000000, kernel_l1, 0, pte::make(0x80000000, kernel_leaf));
    guest_diff(v, r, 1, 0x80200000, kernel_l1 + 8, 0, pte::make(kernel_l0, pte::v));
    for (uint64_t k = 0; k < 16; ++k) {
      const uint64_t va = 0x80200000 + k * 0x1000;
      const uint64_t flags = k < 8 ? pte::v | pte::r | pte::x | pte::g | pte::a
                                   : pte::v | pte::r | pte::w | pte::g | pte::a | pte::d;
      guest_diff(v, r, 0, va, kernel_l0 + k * 8, 0, pte::make(va, flags));
    }
    guest_diff(v, r, 2, 0, r, 0, pte::make(io_l1, pte::v));
    guest_diff(v, r, 1, uart_gpa, io_l1 + 128 * 8, 0, pte::make(io_l0, pte::v));
    const uint64_t io_flags = pte::v | pte::r | pte::w | pte::g | pte::a | pte::d;
    guest_diff(v, r, 0, uart_gpa, io_l0, 0, pte::make(uart_gpa, io_flags));
  }

  // The H backend's G-stage table: gpa -> hpa, the kernel as a 2 MiB page.
  void build_g_stage(uint16_t v) {
    const uint64_t g = g_stage_root;
    const uint64_t leaf = kernel_leaf | pte::u;
    host_diff(v, g, 2, ram_gpa, g + 2 * 8, pte::make(g + 0x1000, pte::v));
    host_diff(v, g, 1, ram_gpa, g + 0x1000, pte::make(hpa_of(ram_gpa), leaf));
    for (uint64_t i = 0; i < 2; ++i) {
      const uint64_t gpa = 0x81000000 + i * 0x200000;
      host_diff(v, g, 1, gpa, g + 0x1000 + (8 + i) * 8, pte::make(g + 0x2000 + i * 0x1000, pte::v));
    }
  }

  void write_satp(uint16_t v, uint64_t root, uint64_t pc, VirtualMode mode) {
    emulate(v, insn_csrw_satp, pc, mode);
    const uint64_t old_root = vcpus_[v].root;
    vcpus_[v].root = root;
    out_.emit(v, CsrWriteRecord{.csr = 0x180,
                                .old_value = old_root ? satp_of(old_root) : 0,
                                .new_value = satp_of(root),
                                .pc = pc});
    emulate(v, insn_sfence_vma, pc + 4, mode);
  }

  void ensure_user_table(uint16_t v, unsigned p) {
    if (user_table_made_[p]) return;
    user_table_made_[p] = true;
    const uint64_t r = user_root(p);
    guest_diff(v, r, 2, 0x80000000, r + 2 * 8, 0, pte::make(kernel_l1, pte::v));
    guest_diff(v, r, 2, 0, r, 0, pte::make(r + 0x1000, pte::v));
    guest_diff(v, r, 1, 0, r + 0x1000, 0, pte::make(r + 0x2000, pte::v));
  }

  // The VMM builds a process's shadow root when the guest first switches to it.
  void ensure_shadow_table(uint16_t v, unsigned p) {
    if (options_.h_backend || shadow_made_[p]) return;
    shadow_made_[p] = true;
    const uint64_t s = shadow_root(p);
    host_diff(v, s, 2, 0, s, pte::make(s + 0x1000, pte::v));
    host_diff(v, s, 1, 0, s + 0x1000, pte::make(s + 0x2000, pte::v));
    host_diff(v, s, 2, 0x80000000, s + 2 * 8, pte::make(s + 0x3000, pte::v));
    host_diff(v, s, 1, 0x80000000, s + 0x3000, pte::make(hpa_of(ram_gpa), kernel_leaf | pte::u));
  }

  void switch_to(uint16_t v, unsigned p, uint64_t pc) {
    ensure_user_table(v, p);
    write_satp(v, user_root(p), pc, supervisor());
    ensure_shadow_table(v, p);
    vcpus_[v].process = p;
  }

  void enter_kernel(uint16_t v, uint64_t cause, uint64_t tval, uint32_t insn) {
    trap(v, cause, vcpus_[v].user_pc, tval, insn, user(), supervisor(), HandledBy::reflected);
    mode_change(v, stvec, user(), supervisor());
    emulate(v, insn_csrr_scause, stvec + 0x10, supervisor());
  }
  void return_to_user(uint16_t v) {
    trap(v, 2, stvec + 0x80, insn_sret, insn_sret, supervisor(), user(), HandledBy::emulated);
    mode_change(v, vcpus_[v].user_pc, supervisor(), user());
  }

  void episode(uint16_t v) {
    vcpus_[v].user_pc = 0x1000 + (out_.random() % 0x800) * 4;
    const uint32_t dice = out_.random() % 100;
    if (dice < 35) return system_call(v);
    if (dice < 60) return timer(v);
    if (dice < 85) return touch_user_page(v);
    if (dice < 93) return context_switch(v);
    return set_dirty(v);
  }

  void system_call(uint16_t v) {
    enter_kernel(v, 8, 0, insn_ecall);
    if (out_.random() % 2) {
      trap(v, 15, 0x80202000, uart_gpa, insn_sb_uart, supervisor(), supervisor(), HandledBy::mmio);
    }
    return_to_user(v);
  }

  void timer(uint16_t v) {
    enter_kernel(v, (1ull << 63) | 5, 0, 0);
    trap(v, 9, 0x80201040, 0, insn_ecall, supervisor(), supervisor(), HandledBy::sbi);
    if (out_.random() % 8 == 0) {
      emulate(v, insn_wfi, 0x80201050, supervisor());
      out_.emit(v, LifecycleRecord{.pc = 0x80201054, .state = LifecycleState::waiting});
      out_.emit(v, LifecycleRecord{.pc = 0x80201054, .state = LifecycleState::woke});
    }
    return_to_user(v);
  }

  void touch_user_page(uint16_t v) {
    const unsigned p = vcpus_[v].process;
    const unsigned page = out_.random() % user_pages;
    const uint64_t va = page * 0x1000ull;
    const uint64_t address = user_root(p) + 0x2000 + page * 8;
    if (guest_ptes_[address] == 0) {
      enter_kernel(v, 13, va, insn_ld);
      const uint64_t flags = pte::v | pte::r | pte::w | pte::u | (page < 4 ? pte::x : 0);
      guest_diff(v, user_root(p), 0, va, address, 0, pte::make(user_page_gpa(p, page), flags));
      emulate(v, insn_sfence_vma, stvec + 0x60, supervisor());
      return_to_user(v);
    }
    fill_host_table(v, p, page, 13, insn_ld);
  }

  void fill_host_table(uint16_t v, unsigned p, unsigned page, uint64_t cause, uint32_t insn) {
    const uint64_t va = page * 0x1000ull;
    const uint64_t guest_pte = guest_ptes_[user_root(p) + 0x2000 + page * 8];
    const uint64_t gpa = user_page_gpa(p, page);
    trap(v, cause, vcpus_[v].user_pc, va, insn, user(), user(), HandledBy::shadow_fill);
    if (options_.h_backend) {
      const uint64_t index = (gpa - 0x81000000) >> 12;
      host_diff(v, g_stage_root, 0, gpa, g_stage_root + 0x2000 + index * 8,
                pte::make(hpa_of(gpa), kernel_leaf | pte::u));
      return;
    }
    const uint64_t dirty = guest_pte & pte::d;
    const uint64_t flags = (guest_pte & (pte::v | pte::r | pte::x | pte::u)) | pte::a | dirty |
                           (dirty ? guest_pte & pte::w : 0);
    host_diff(v, shadow_root(p), 0, va, shadow_root(p) + 0x2000 + page * 8,
              pte::make(hpa_of(gpa), flags));
  }

  void context_switch(uint16_t v) {
    enter_kernel(v, (1ull << 63) | 5, 0, 0);
    switch_to(v, (vcpus_[v].process + 1 + out_.random() % 3) % processes, 0x80201200);
    return_to_user(v);
  }

  // A store to a clean page: the hardware-like walk sets A/D in the guest PTE, and the
  // shadow entry gains W.
  void set_dirty(uint16_t v) {
    const unsigned p = vcpus_[v].process;
    const unsigned page = out_.random() % user_pages;
    const uint64_t address = user_root(p) + 0x2000 + page * 8;
    const uint64_t old_pte = guest_ptes_[address];
    if (old_pte == 0 || (old_pte & pte::d)) return touch_user_page(v);
    guest_diff(v, user_root(p), 0, page * 0x1000ull, address, old_pte, old_pte | pte::a | pte::d);
    fill_host_table(v, p, page, 15, 0x00f7b023);
  }

  SyntheticOptions options_;
  Writer out_;
  std::vector<VcpuState> vcpus_;
  std::array<bool, processes> user_table_made_{};
  std::array<bool, processes> shadow_made_{};
  std::map<uint64_t, uint64_t> guest_ptes_;
  std::map<uint64_t, uint64_t> host_ptes_;
};

}  // namespace

void write_synthetic_stream(const SyntheticOptions& options,
                            const std::function<void(std::span<const uint8_t>)>& sink) {
  SyntheticGuest guest(options, sink);
  guest.run();
}

std::vector<uint8_t> synthetic_stream(const SyntheticOptions& options) {
  std::vector<uint8_t> bytes;
  write_synthetic_stream(options, [&](std::span<const uint8_t> chunk) {
    bytes.insert(bytes.end(), chunk.begin(), chunk.end());
  });
  return bytes;
}

}  // namespace gh::events::test
