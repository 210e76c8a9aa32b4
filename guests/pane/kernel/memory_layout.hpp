// Where things are: the physical map of QEMU's virt machine as Pane uses it, and the
// layout of a process's virtual address space.
//
// Physical memory (the kernel maps it one-to-one, virtual = physical):
//   0x0010_0000  sifive_test finisher (power off / report status to QEMU)
//   0x0200_0000  CLINT: mtime and one mtimecmp per hart (only used in M-mode)
//   0x0c00_0000  PLIC: the interrupt controller
//   0x1000_0000  16550 UART, interrupt 10
//   0x1000_1000  virtio-mmio block device, interrupt 1
//   0x8000_0000  RAM: the kernel image (text, data, bss), then free pages up to 128 MiB
//
// A process's virtual memory (each process has its own Sv39 page table):
//   0 .. size           program text and data, a guard page, the stack, then the heap
//   kTrapframe          this process's saved registers (kernel-only page)
//   kTrampoline         the code that switches between user and kernel page tables
//                       (mapped at the same address in the kernel's table too)
#pragma once

#include <cstdint>

namespace pane {

constexpr uint64_t kPageSize = 4096;
constexpr uint64_t kFinisher = 0x0010'0000;
constexpr uint64_t kClint = 0x0200'0000;
constexpr uint64_t kPlic = 0x0c00'0000;
constexpr uint64_t kPlicSize = 0x40'0000;
constexpr uint64_t kUart = 0x1000'0000;
constexpr uint64_t kVirtioDisk = 0x1000'1000;
constexpr uint32_t kVirtioDiskIrq = 1;
constexpr uint32_t kUartIrq = 10;
constexpr uint64_t kRamStart = 0x8000'0000;
constexpr uint64_t kRamEnd = kRamStart + 128ull * 1024 * 1024;

// The highest virtual address Pane uses, plus one. Sv39 addresses are 39 bits, but the
// upper half (bit 38 set) must be sign-extended; staying below 2^38 avoids that.
constexpr uint64_t kMaxVirtualAddress = 1ull << 38;
constexpr uint64_t kTrampoline = kMaxVirtualAddress - kPageSize;
constexpr uint64_t kTrapframe = kTrampoline - kPageSize;
static_assert(kTrapframe == 0x3fffffe000, "trampoline.S hard-codes this address");

constexpr int kMaxHarts = 8;
constexpr uint64_t kUserStackPages = 2;

constexpr uint64_t page_round_up(uint64_t a) { return (a + kPageSize - 1) & ~(kPageSize - 1); }
constexpr uint64_t page_round_down(uint64_t a) { return a & ~(kPageSize - 1); }

}  // namespace pane
