#!/usr/bin/env python3
"""Benchmark: the same gdb session against the stub inside the hypervisor, over each
transport (the 16550 UART of the pci-serial-2x, and the virtio console), and against
QEMU's own gdbstub running the guest natively, all in this run. Prints single steps per
second, breakpoint round trips per second and memory-read throughput for each, and each
of ours as a ratio of QEMU's. It fails only if a session does not complete: wall time
is never asserted on."""
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


TRANSPORTS = (("UART", dict(transport="uart")), ("virtio", dict(transport="virtio")),
              ("QEMU gdbstub", dict(native=True)))


def main():
    script = SCRIPT.replace("{steps}", str(STEPS)).replace("{hits}", str(HITS)).replace(
        "{read_end}", hex(0x80000000 + READ_BYTES))
    figures, broken = {}, []
    for name, how in TRANSPORTS:
        output, status, _ = session(GUEST, script, timeout=240, **how)
        figures[name] = timings(output)
        if figures[name] is None or status != 0:
            print(f"==== {name} ====\n" + output)
            broken.append(f"{name} (exit {status})")
    if broken:
        print("FAIL: a benchmark session did not complete: " + ", ".join(broken))
        return 1
    qemu = figures["QEMU gdbstub"]
    print(f"{'':34} {'UART':>9} {'virtio':>9} {'QEMU stub':>10} {'UART/QEMU':>10} "
          f"{'virtio/QEMU':>12}")
    for row in qemu:
        uart, virtio = figures["UART"][row], figures["virtio"][row]
        print(f"{row:34} {uart:9.1f} {virtio:9.1f} {qemu[row]:10.1f} {uart / qemu[row]:10.3f} "
              f"{virtio / qemu[row]:12.3f}")
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
