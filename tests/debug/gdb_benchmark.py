#!/usr/bin/env python3
"""Benchmark: the same gdb session against the stub inside the hypervisor (over the
16550 UART of the pci-serial-2x) and against QEMU's own gdbstub running the guest
natively. Prints single steps per second, breakpoint round trips per second and
memory-read throughput for both, and our figure as a ratio of QEMU's. It fails only if
a session does not complete."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gdb_session import session  # noqa: E402

GUEST = os.path.join(os.environ["GLASSHOUSE_BUILD_DIR"], "riscv/guests/s-debug.elf")
STEPS = int(os.environ.get("GLASSHOUSE_BENCH_STEPS", "200"))
HITS = int(os.environ.get("GLASSHOUSE_BENCH_HITS", "100"))
READ_BYTES = int(os.environ.get("GLASSHOUSE_BENCH_READ", str(128 * 1024)))

SCRIPT = """\
set pagination off
set confirm off
set height 0
target remote 127.0.0.1:{port}
break wait_for_gdb
continue
delete
stepi 4
shell date +@@t0@@%s.%N
stepi {steps}
shell date +@@t1@@%s.%N
break *$pc
ignore 2 {hits}
continue
shell date +@@t2@@%s.%N
dump binary memory /dev/null 0x80000000 {read_end}
shell date +@@t3@@%s.%N
delete
set var gdb_release = 2
continue
"""


def timings(output):
    marks = dict(re.findall(r"@@(t\d)@@([0-9.]+)", output))
    if len(marks) != 4:
        return None
    t = [float(marks[f"t{i}"]) for i in range(4)]
    return {
        "single steps per second": STEPS / (t[1] - t[0]),
        "breakpoint round trips per second": (HITS + 1) / (t[2] - t[1]),
        "memory read, KiB/s": READ_BYTES / 1024 / (t[3] - t[2]),
    }


def main():
    script = SCRIPT.replace("{steps}", str(STEPS)).replace("{hits}", str(HITS)).replace(
        "{read_end}", hex(0x80000000 + READ_BYTES))
    ours, our_status, _ = session(GUEST, script, timeout=240)
    theirs, their_status, _ = session(GUEST, script, native=True, timeout=240)
    ours_t, theirs_t = timings(ours), timings(theirs)
    if ours_t is None or theirs_t is None or our_status != 0 or their_status != 0:
        print("==== ours ====\n" + ours + "\n==== QEMU's gdbstub ====\n" + theirs)
        print(f"FAIL: a benchmark session did not complete (exit {our_status}, {their_status})")
        return 1
    print(f"{'':36} {'glasshouse (UART)':>18} {'QEMU gdbstub':>14} {'ratio':>8}")
    for name in ours_t:
        print(f"{name:36} {ours_t[name]:18.1f} {theirs_t[name]:14.1f} "
              f"{ours_t[name] / theirs_t[name]:8.3f}")
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
