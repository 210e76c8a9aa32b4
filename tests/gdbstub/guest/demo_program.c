/* The guest of the end-to-end gdb test: hart 0 bumps a counter through two calls,
   every hart counts its own loop iterations. Built -march=rv64i -O0 -g. */
volatile long counter;
volatile long hart_ticks[2];

long add_numbers(long a, long b) { return a + b; }

void bump_counter(void) { counter = add_numbers(counter, 1); }

void main(long hartid) {
  for (;;) {
    hart_ticks[hartid] = hart_ticks[hartid] + 1;
    if (hartid == 0) bump_counter();
  }
}
