// The one home of SBI numbers (RISC-V SBI specification v2.0).
#pragma once

#include <cstdint>

namespace gh::riscv::sbi {

// Extension ids (a7).
constexpr uint64_t ext_legacy_set_timer = 0x00;
constexpr uint64_t ext_legacy_console_putchar = 0x01;
constexpr uint64_t ext_legacy_console_getchar = 0x02;
constexpr uint64_t ext_legacy_clear_ipi = 0x03;
constexpr uint64_t ext_legacy_send_ipi = 0x04;
constexpr uint64_t ext_legacy_remote_fence_i = 0x05;
constexpr uint64_t ext_legacy_remote_sfence_vma = 0x06;
constexpr uint64_t ext_legacy_remote_sfence_vma_asid = 0x07;
constexpr uint64_t ext_legacy_shutdown = 0x08;
constexpr uint64_t ext_base = 0x10;
constexpr uint64_t ext_time = 0x54494D45;
constexpr uint64_t ext_ipi = 0x735049;
constexpr uint64_t ext_rfence = 0x52464E43;
constexpr uint64_t ext_hsm = 0x48534D;
constexpr uint64_t ext_srst = 0x53525354;
constexpr uint64_t ext_dbcn = 0x4442434E;

// BASE functions (a6).
constexpr uint64_t base_get_spec_version = 0;
constexpr uint64_t base_get_impl_id = 1;
constexpr uint64_t base_get_impl_version = 2;
constexpr uint64_t base_probe_extension = 3;
constexpr uint64_t base_get_mvendorid = 4;
constexpr uint64_t base_get_marchid = 5;
constexpr uint64_t base_get_mimpid = 6;

// HSM functions.
constexpr uint64_t hsm_hart_start = 0;
constexpr uint64_t hsm_hart_stop = 1;
constexpr uint64_t hsm_hart_get_status = 2;
constexpr uint64_t hsm_hart_suspend = 3;

// HSM hart states.
constexpr uint32_t hsm_state_started = 0;
constexpr uint32_t hsm_state_stopped = 1;
constexpr uint32_t hsm_state_start_pending = 2;
constexpr uint32_t hsm_state_stop_pending = 3;

// TIME, IPI, RFENCE functions.
constexpr uint64_t time_set_timer = 0;
constexpr uint64_t ipi_send_ipi = 0;
constexpr uint64_t rfence_remote_fence_i = 0;
constexpr uint64_t rfence_remote_sfence_vma = 1;
constexpr uint64_t rfence_remote_sfence_vma_asid = 2;

// SRST.
constexpr uint64_t srst_system_reset = 0;
constexpr uint64_t srst_shutdown = 0;
constexpr uint64_t srst_cold_reboot = 1;
constexpr uint64_t srst_warm_reboot = 2;
constexpr uint64_t srst_reason_none = 0;
constexpr uint64_t srst_reason_system_failure = 1;

// DBCN.
constexpr uint64_t dbcn_console_write = 0;
constexpr uint64_t dbcn_console_read = 1;
constexpr uint64_t dbcn_console_write_byte = 2;

// Error codes (returned in a0).
constexpr int64_t success = 0;
constexpr int64_t err_failed = -1;
constexpr int64_t err_not_supported = -2;
constexpr int64_t err_invalid_param = -3;
constexpr int64_t err_denied = -4;
constexpr int64_t err_invalid_address = -5;
constexpr int64_t err_already_available = -6;

// The spec version this hypervisor implements (major << 24 | minor): 2.0.
constexpr uint64_t spec_version = (2ull << 24) | 0;
// Our implementation id, outside the range the SBI spec has assigned.
constexpr uint64_t glasshouse_impl_id = 0x4748;

}  // namespace gh::riscv::sbi
