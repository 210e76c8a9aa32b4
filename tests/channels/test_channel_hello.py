#!/usr/bin/env python3
"""Both host channels work end to end: the hypervisor finds QEMU's pci-serial-2x on
PCIe and assigns its I/O BAR; the gdb port answers the remote protocol (the guest waits
for gdb, stops, and runs on after a detach) and the event port (`--events uart:PORT`)
carries the event stream, which our own decoder (gh-events) reads back: the stream hello,
the memory map, and the guest's traps."""
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from glasshouse_test import (LAUNCHER, check, connect, free_port, gdb_exchange,  # noqa: E402
                             main_wrapper, read_all)

GUEST = os.path.join(os.environ["GLASSHOUSE_BUILD_DIR"], "riscv/guests/sbi-console.elf")
GH_EVENTS = os.path.join(os.environ["GLASSHOUSE_BUILD_DIR"], "inspector/gh-events")


def main():
    gdb_port, events_port = free_port(), free_port()
    env = dict(os.environ, GLASSHOUSE_CHANNEL_WAIT="1")
    proc = subprocess.Popen([LAUNCHER, "run", "--guest", GUEST, "--gdb", str(gdb_port),
                             "--events", f"uart:{events_port}", "--wait-gdb", "--timeout", "60"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, env=env)
    deadline = time.time() + 60
    try:
        gdb = connect(gdb_port, deadline)
        events = connect(events_port, deadline)
        stop_reply = gdb_exchange(gdb, "?", deadline)
        detach_reply = gdb_exchange(gdb, "D", deadline)
        stream = read_all(events, deadline)
        out, _ = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    text = out.decode("utf-8", "replace")
    print(text)
    check("$T05thread:1;" in stop_reply, f"gdb asked why the guest stopped; the stub said {stop_reply!r}")
    check("$OK#9a" in detach_reply, f"gdb detached; the stub said {detach_reply!r}")
    with tempfile.NamedTemporaryFile(suffix=".ghev") as recording:
        recording.write(stream)
        recording.flush()
        decoded = subprocess.run([GH_EVENTS, "--open", recording.name], capture_output=True,
                                 text=True, timeout=60)
    print(decoded.stdout[-3000:], decoded.stderr[-2000:])
    lines = decoded.stdout.splitlines()
    check(any("hello wire v1, 1 vcpus" in l for l in lines), "no stream hello in the event stream")
    check(any("region ram gpa=0x80000000" in l for l in lines), "no guest RAM region")
    check(any("trap cause=9" in l and "sbi" in l for l in lines), "no SBI ecall trap event")
    # The vCPU waited for gdb before its first instruction, then ran on after the detach.
    stop = next((i for i, l in enumerate(lines) if " gdb stop (" in l), None)
    resume = next((i for i, l in enumerate(lines) if " gdb resume pc=0x80200000" in l), None)
    check(stop is not None and "pc=0x80200000" in lines[stop], "no gdb stop at the entry")
    check(resume is not None and resume > stop, "no gdb resume after the stop")
    check(not any(l.startswith("!") for l in lines), "the decoder reported problems")
    check("channels: gdb and events on pci-serial-2x" in text, "no channel line in the banner")
    check(proc.returncode == 0, f"exit status {proc.returncode}")


if __name__ == "__main__":
    main_wrapper(main)
