// Several vCPUs from S-mode: HSM hart_start/get_status, IPIs between harts, remote
// fences. The boot hart (whichever the firmware picked) does all the printing, so the
// output is the same natively and under the hypervisor.
#include "guest_traps.hpp"
#include "sbi_guest.hpp"

using namespace guest;
using namespace gh::riscv::sbi;

extern "C" char secondary_entry[];

namespace {

constexpr uint64_t max_harts = 8;
constexpr uint64_t irq_ssi = 1ull << 1;

volatile uint64_t started[max_harts];
volatile uint64_t ipis_seen[max_harts];
volatile uint64_t opaque_seen[max_harts];

uint64_t count(volatile uint64_t* flags) {
  uint64_t n = 0;
  for (uint64_t i = 0; i < max_harts; ++i) n += flags[i] != 0 ? 1 : 0;
  return n;
}

void wait_until(volatile uint64_t* flags, uint64_t n) {
  for (uint64_t spin = 0; count(flags) < n && spin < 200000000; ++spin) {
  }
}

}  // namespace

// A secondary hart: take IPIs with interrupts enabled, count them, sleep in between.
extern "C" void secondary_main(uint64_t hartid, uint64_t opaque) {
  opaque_seen[hartid] = opaque;
  install_trap_vector();
  GUEST_CSR_SET(sie, irq_ssi);
  __atomic_store_n(&started[hartid], 1, __ATOMIC_RELEASE);
  for (;;) {
    uint64_t before = trap_count();
    wait_in_wfi_for_trap(before);
    GUEST_CSR_CLEAR(sip, irq_ssi);
    GUEST_CSR_SET(sie, irq_ssi);  // the handler masks the source it took
    ipis_seen[hartid] = ipis_seen[hartid] + 1;
  }
}

extern "C" uint64_t guest_main(uint64_t boot_hart, uint64_t) {
  install_trap_vector();
  uint64_t harts = 0;
  for (uint64_t h = 0; h < max_harts; ++h) {
    if (sbi_call(ext_hsm, hsm_hart_get_status, h).error == 0) ++harts;
  }
  print("harts: ");
  print_dec(harts);
  print("\n");
  started[boot_hart] = 1;
  for (uint64_t h = 0; h < harts; ++h) {
    if (h == boot_hart) continue;
    SbiRet r = sbi_call(ext_hsm, hsm_hart_start, h, reinterpret_cast<uint64_t>(secondary_entry),
                        0x1000 + h);
    if (r.error != 0) print("hart_start failed\n");
  }
  wait_until(started, harts);
  print("harts running: ");
  print_dec(count(started));
  print("\n");
  uint64_t opaque_ok = 0;
  for (uint64_t h = 0; h < harts; ++h)
    opaque_ok += (h == boot_hart || opaque_seen[h] == 0x1000 + h);
  print(opaque_ok == harts ? "every hart got its opaque value\n" : "opaque value lost\n");
  SbiRet again = sbi_call(ext_hsm, hsm_hart_start, (boot_hart + 1) % harts,
                          reinterpret_cast<uint64_t>(secondary_entry), 0);
  print(again.error == err_already_available ? "starting a running hart: already available\n"
                                             : "starting a running hart: unexpected answer\n");
  SbiRet status = sbi_call(ext_hsm, hsm_hart_get_status, (boot_hart + 1) % harts);
  print(status.value == hsm_state_started ? "its status: started\n" : "its status: not started\n");
  print(sbi_call(ext_hsm, hsm_hart_get_status, 99).error == err_invalid_param
            ? "status of hart 99: invalid parameter\n"
            : "status of hart 99: unexpected answer\n");
  uint64_t others = ((1ull << harts) - 1) & ~(1ull << boot_hart);
  sbi_call(ext_ipi, ipi_send_ipi, others, 0);
  wait_until(ipis_seen, harts - 1);
  print("harts that took the IPI: ");
  print_dec(count(ipis_seen));
  print("\n");
  SbiRet fence = sbi_call(ext_rfence, rfence_remote_sfence_vma, others, 0, 0, ~0ull);
  print(fence.error == 0 ? "remote sfence.vma: ok\n" : "remote sfence.vma: failed\n");
  print("smp tests done\n");
  return 0;
}
