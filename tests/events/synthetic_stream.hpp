// A busy, self-consistent event stream made with the hypervisor's own encoder: several
// vCPUs booting in M-mode, an Sv39 kernel table (with a 2 MiB superpage), user processes
// that fault their pages in, system calls, timer interrupts, MMIO, SBI calls, context
// switches (satp writes + sfence.vma), guest and shadow (or G-stage) page-table diffs.
// For the inspector's tests and benchmarks, where the small sample is too thin.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace gh::events::test {

struct SyntheticOptions {
  uint64_t events = 5000;  // about this many events (the boot sequence comes on top)
  uint16_t vcpus = 3;
  bool h_backend = false;  // VS/VU modes and a G-stage table instead of shadow tables
  uint32_t seed = 1;
};

// The guest's layout, for tests that check translations.
namespace synthetic {
constexpr uint64_t ram_gpa = 0x80000000;
constexpr uint64_t ram_size = 0x8000000;
constexpr uint64_t ram_hpa = 0x100000000;
constexpr uint64_t kernel_root = 0x80400000;
constexpr uint64_t user_root(unsigned process) { return 0x80410000 + process * 0x4000; }
constexpr uint64_t user_page_gpa(unsigned process, unsigned page) {
  return 0x81000000 + process * 0x100000 + page * 0x1000;
}
constexpr uint64_t shadow_root(unsigned process) { return 0x140000000 + process * 0x10000; }
constexpr uint64_t hpa_of(uint64_t gpa) { return gpa - ram_gpa + ram_hpa; }
constexpr uint64_t uart_gpa = 0x10000000;
constexpr unsigned processes = 4;
constexpr unsigned user_pages = 16;
}  // namespace synthetic

// Calls `sink` with the stream's bytes in order, chunk by chunk.
void write_synthetic_stream(const SyntheticOptions& options,
                            const std::function<void(std::span<const uint8_t>)>& sink);

std::vector<uint8_t> synthetic_stream(const SyntheticOptions& options);

}  // namespace gh::events::test
