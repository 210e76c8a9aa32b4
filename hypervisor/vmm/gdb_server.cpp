#include "vmm/gdb_server.hpp"

#include <new>
#include <string_view>

#include "debug/vm_debug_target.hpp"
#include "gdbstub/gdb_stub.hpp"
#include "vmm/arch.hpp"
#include "vmm/console.hpp"
#include "vmm/gdb_transport.hpp"

namespace gh::vmm {
namespace {

constexpr size_t receive_batch = 4096;
constexpr size_t receive_chunk = 256;
constexpr uint64_t busy_ticks = 200000;  // 20 ms at QEMU virt's 10 MHz timebase

drivers::ByteChannel* channel = nullptr;

// Each framed reply goes to the transport in one piece.
class ChannelSink final : public gdbstub::ByteSink {
 public:
  void write(std::span<const uint8_t> bytes) override { (void)channel->send(bytes); }
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
ChannelSink channel_sink;
HartOps hart_ops;
debug::VmDebugTarget* target = nullptr;
gdbstub::GdbStub* stub = nullptr;
uint64_t busy_until = 0;
bool fault_reported = false;

uint64_t now() { return GH_CSR_READ(time); }

// Serves gdb's packets for `ticks` of the timer without looking at the vCPUs.
void answer_for_a_while(uint64_t ticks) {
  const uint64_t deadline = now() + ticks;
  uint8_t bytes[receive_chunk];
  while (now() < deadline) stub->feed(std::span<const uint8_t>(bytes, channel->receive(bytes)));
  channel->flush();
}

}  // namespace

void init_gdb_server(Vm& vm, const core::HostPlatform& platform) {
  channel = bring_up_gdb_transport(platform, vm.config.gdb_transport);
  if (channel == nullptr) return;
  target = new (target_storage) debug::VmDebugTarget(*vm.machine);
  stub = new (stub_storage) gdbstub::GdbStub(*target, channel_sink);
  target->attach(vm.config.wait_gdb, &hart_ops);
  if (!vm.config.wait_gdb) stub->set_running();
  ConsoleLine().out().str(vm.config.wait_gdb
                              ? "gdb stub on the gdb channel; every vCPU waits for gdb"
                              : "gdb stub on the gdb channel");
}

size_t poll_gdb_server() {
  if (stub == nullptr) return 0;
  if (channel->fault() != nullptr && !fault_reported) {
    fault_reported = true;
    ConsoleLine().out().str("gdb channel broken: ").str(channel->fault()).str("; gdb is off");
  }
  size_t received = 0;
  uint8_t bytes[receive_chunk];
  while (received < receive_batch) {
    const size_t count = channel->receive(bytes);
    if (count == 0) break;
    for (size_t i = 0; i < count; ++i) {
      stub->feed(bytes[i]);
      target->set_non_stop(stub->non_stop());
    }
    received += count;
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
  uint8_t packet[16];
  size_t length = 0;
  unsigned checksum = 0;
  auto put = [&](char c, bool summed) {
    packet[length++] = static_cast<uint8_t>(c);
    if (summed) checksum += static_cast<uint8_t>(c);
  };
  put(notify ? '%' : '$', false);
  if (notify) {
    for (char c : std::string_view("Stop:")) put(c, true);
  }
  for (char c : {'W', digits[(code >> 4) & 0xf], digits[code & 0xf]}) put(c, true);
  put('#', false);
  put(digits[(checksum >> 4) & 0xf], false);
  put(digits[checksum & 0xf], false);
  (void)channel->send({packet, length});
  channel->flush();
  if (notify) answer_for_a_while(3000000);  // gdb acknowledges with vStopped: answer it
}

bool gdb_kill_requested() { return target != nullptr && target->kill_requested(); }

}  // namespace gh::vmm
