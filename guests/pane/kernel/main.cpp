// S-mode entry: machine_start() mret's every hart here. Hart 0 sets up the machine;
// the others wait for it, then join in. All of them end in the scheduler.
#include "console.hpp"
#include "page_allocator.hpp"
#include "plic.hpp"
#include "printk.hpp"
#include "process.hpp"
#include "trap.hpp"
#include "uart.hpp"
#include "virtio_disk.hpp"
#include "virtual_memory.hpp"

using namespace pane;

namespace {

volatile bool machine_ready = false;

void start_machine() {
  uart_init();
  printk("\npane: booting\n");
  page_allocator_init();
  kernel_page_table_init();
  kernel_page_table_install();
  process_table_init();
  trap_init_hart();
  plic_init();
  plic_init_hart();
  virtio_disk_init();
  start_first_process();
  __sync_synchronize();
  machine_ready = true;
}

void join_machine() {
  while (!machine_ready) {
  }
  __sync_synchronize();
  kernel_page_table_install();
  trap_init_hart();
  plic_init_hart();
  // No message here: when the other harts come up is a matter of timing, and Pane's
  // console transcript should be the same on every run (natively or virtualized).
}

}  // namespace

extern "C" void kernel_main() {
  if (hart_id() == 0) {
    start_machine();
  } else {
    join_machine();
  }
  scheduler();
}
