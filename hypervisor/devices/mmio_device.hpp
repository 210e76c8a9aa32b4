// The contract between the hypervisor and its device models. A model is plain
// freestanding C++ (host unit tests link it too); the hypervisor decodes the guest's
// faulting load or store, finds the device from the guest memory map (mmu/), and calls
// read() or write() with the offset into the device's region.
#pragma once

#include <cstdint>
#include <optional>

#include "riscv/csr.hpp"

namespace gh::devices {

class MmioDevice {
 public:
  // `size` is 1, 2, 4 or 8 bytes; `offset` is from the start of the device's region.
  // nullopt: the device rejects the access and the guest gets a load access fault.
  virtual std::optional<uint64_t> read(uint64_t offset, unsigned size) = 0;
  // false: the device rejects the access and the guest gets a store access fault.
  virtual bool write(uint64_t offset, unsigned size, uint64_t value) = 0;

 protected:
  ~MmioDevice() = default;
};

// A level-triggered interrupt line from a device into the interrupt controller.
class InterruptLine {
 public:
  virtual void set_level(bool asserted) = 0;

 protected:
  ~InterruptLine() = default;
};

// What the platform's interrupt and timer devices (CLINT, PLIC) do to the vCPUs. The
// hypervisor implements it on top of each vCPU's VirtualHart (vcpu/) and wakes the
// host hart of a vCPU whose state changed.
class HartInterrupts {
 public:
  virtual uint32_t hart_count() const = 0;
  virtual uint64_t time() const = 0;  // the platform timer (mtime), timebase ticks
  virtual void set_software_interrupt(uint32_t hart, bool pending) = 0;  // CLINT msip -> MSIP
  virtual void set_timer_compare(uint32_t hart, uint64_t value) = 0;     // CLINT mtimecmp -> MTIP
  // PLIC context outputs -> MEIP (machine) / SEIP (supervisor) of a hart.
  virtual void set_external_interrupt(uint32_t hart, riscv::Privilege level, bool pending) = 0;
  // The guest wrote CLINT mtime: from now on time() (and the harts' `time` CSR) reads
  // `value` plus the ticks since. The CLINT then re-sends every hart's mtimecmp so that
  // MTIP follows the new time. A platform that cannot move its timer keeps this default,
  // which ignores the write (QEMU 7.2 moves it).
  virtual void set_time(uint64_t value) { static_cast<void>(value); }

 protected:
  ~HartInterrupts() = default;
};

}  // namespace gh::devices
