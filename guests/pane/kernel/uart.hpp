// The 16550 UART at 0x1000_0000 (interrupt 10). Output from processes is queued and
// sent from the "transmitter empty" interrupt; kernel messages and echo are sent
// synchronously, waiting for the transmitter in a loop.
#pragma once

namespace pane {

void uart_init();
void uart_put(char c);       // queue c, sleeping while the queue is full
void uart_put_sync(char c);  // send c now (interrupt handlers, printk)
void uart_interrupt();       // received bytes to the console; send more queued bytes
void uart_drain();           // send everything queued before powering off

}  // namespace pane
