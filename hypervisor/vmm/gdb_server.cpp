#include "vmm/gdb_server.hpp"

#include <new>

#include "debug/vm_debug_target.hpp"
#include "gdbstub/gdb_stub.hpp"
#include "vmm/arch.hpp"
#include "vmm/channels.hpp"
#include "vmm/console.hpp"

namespace gh::vmm {
namespace {

constexpr size_t receive_batch = 4096;
constexpr uint64_t busy_ticks = 200000;  // 20 ms at QEMU virt's 10 MHz timebase

class UartSink final : public gdbstub::ByteSink {
 public:
  void write(std::span<const uint8_t> bytes) override {
    for (uint8_t b : bytes) channels().gdb.put(static_cast<char>(b));
  }
};

extern "C" void gh_fp_save(debug::FpState* out);
extern "C" void gh_fp_load(const debug::FpState* in);

class HartOps final : public debug::VcpuHartOps {
 public:
  void save_fp(debug::FpState& out) override { gh_fp_save(&out); }
  void load_fp(const debug::FpState& in) override { gh_fp_load(&in); }
  void sync_instruction_fetch() override { asm volatile("fence.i" ::: "memory"); }
};

alignas(debug::VmDebugTarget) unsigned char target_storage[sizeof(debug::VmDebugTarget)];
alignas(gdbstub::GdbStub) unsigned char stub_storage[sizeof(gdbstub::GdbStub)];
UartSink uart_sink;
HartOps hart_ops;
debug::VmDebugTarget* target = nullptr;
gdbstub::GdbStub* stub = nullptr;
uint64_t busy_until = 0;

uint64_t now() { return GH_CSR_READ(time); }

}  // namespace

void init_gdb_server(Vm& vm) {
  if (!channels().present()) return;
  target = new (target_storage) debug::VmDebugTarget(*vm.machine);
  stub = new (stub_storage) gdbstub::GdbStub(*target, uart_sink);
  target->attach(vm.config.wait_gdb, &hart_ops);
  if (!vm.config.wait_gdb) stub->set_running();
  ConsoleLine().out().str(vm.config.wait_gdb
                              ? "gdb stub on the gdb channel; every vCPU waits for gdb"
                              : "gdb stub on the gdb channel");
}

size_t poll_gdb_server() {
  if (stub == nullptr) return 0;
  size_t received = 0;
  uint8_t byte = 0;
  while (received < receive_batch && channels().gdb.try_get(byte)) {
    stub->feed(byte);
    ++received;
  }
  if (auto stop = target->poll()) stub->report_stop(*stop);
  if (target->kill_requested()) ConsoleLine().out().str("gdb killed the guest: powering off");
  if (received != 0 || target->stopping()) busy_until = now() + busy_ticks;
  return received;
}

bool gdb_server_busy(uint64_t time) { return stub != nullptr && time < busy_until; }

void gdb_server_guest_exited(uint32_t code) {
  if (stub == nullptr || !stub->waiting_for_stop()) return;
  constexpr char digits[] = "0123456789abcdef";
  const char packet[] = {'W', digits[(code >> 4) & 0xf], digits[code & 0xf]};
  unsigned checksum = 0;
  channels().gdb.put('$');
  for (char c : packet) {
    channels().gdb.put(c);
    checksum += static_cast<uint8_t>(c);
  }
  channels().gdb.put('#');
  channels().gdb.put(digits[(checksum >> 4) & 0xf]);
  channels().gdb.put(digits[checksum & 0xf]);
  channels().gdb.flush();
}

bool gdb_kill_requested() { return target != nullptr && target->kill_requested(); }

}  // namespace gh::vmm
