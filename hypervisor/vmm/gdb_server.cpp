#include "vmm/gdb_server.hpp"

#include <new>
#include <string_view>

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

// Serves gdb's packets for `ticks` of the timer without looking at the vCPUs.
void answer_for_a_while(uint64_t ticks) {
  const uint64_t deadline = now() + ticks;
  uint8_t byte = 0;
  while (now() < deadline) {
    if (channels().gdb.try_get(byte)) stub->feed(byte);
  }
  channels().gdb.flush();
}

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
    target->set_non_stop(stub->non_stop());
    ++received;
  }
  for (int stops = 0; stops < 64; ++stops) {
    auto stop = target->poll();
    if (!stop) break;
    stub->report_stop(*stop);
  }
  if (target->kill_requested()) ConsoleLine().out().str("gdb killed the guest: powering off");
  if (received != 0 || target->stopping()) busy_until = now() + busy_ticks;
  return received;
}

bool gdb_server_busy(uint64_t time) { return stub != nullptr && time < busy_until; }

// All-stop: the reply gdb waits for ($W..). Non-stop: a notification (%Stop:W..).
void gdb_server_guest_exited(uint32_t code) {
  if (stub == nullptr || (!stub->waiting_for_stop() && !stub->non_stop())) return;
  constexpr char digits[] = "0123456789abcdef";
  const bool notify = stub->non_stop();
  const char exited[] = {'W', digits[(code >> 4) & 0xf], digits[code & 0xf]};
  unsigned checksum = 0;
  auto put = [&checksum](char c) {
    channels().gdb.put(c);
    checksum += static_cast<uint8_t>(c);
  };
  channels().gdb.put(notify ? '%' : '$');
  if (notify) {
    for (char c : std::string_view("Stop:")) put(c);
  }
  for (char c : exited) put(c);
  channels().gdb.put('#');
  channels().gdb.put(digits[(checksum >> 4) & 0xf]);
  channels().gdb.put(digits[checksum & 0xf]);
  channels().gdb.flush();
  if (notify) answer_for_a_while(3000000);  // gdb acknowledges with vStopped: answer it
}

bool gdb_kill_requested() { return target != nullptr && target->kill_requested(); }

}  // namespace gh::vmm
