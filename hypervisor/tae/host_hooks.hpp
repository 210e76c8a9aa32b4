// What the trap-and-emulate core needs from the machine it runs on. The hypervisor
// implements it with real hardware; host unit tests with fakes.
#pragma once

#include <cstdint>
#include <optional>

namespace gh::tae {

class HostHooks {
 public:
  virtual uint64_t time() const = 0;  // the platform timer, timebase ticks
  virtual uint64_t timebase_hz() const = 0;
  // The SBI console (guests booted in S-mode): the hypervisor's own console.
  virtual void console_write(char c) = 0;
  virtual std::optional<uint8_t> console_read() = 0;
  // Makes vCPU `index` leave the guest (or wake from idle) soon, to look at its mailbox.
  virtual void kick(uint32_t index) = 0;

 protected:
  ~HostHooks() = default;
};

}  // namespace gh::tae
