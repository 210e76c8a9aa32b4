#!/usr/bin/env python3
"""A hostile host cannot break the hypervisor through the shared memory's command ring.
sbi-console runs with `--events shm:PATH --wait-gdb`, so the machine waits for gdb while
the service hart serves the rings. The test writes an impossible command head into the
ring file (far more than the 64 KiB command ring holds): the hypervisor must skip to it
without reading (its published tail becomes that head) and keep serving: gh-events,
attaching afterwards, sends a command over the ring and gets its answer. gdb then lets
the guest run to its end: exit status 0, and the power-off report counts the skipped head.

The header offsets come from hypervisor/events/shared_ring.hpp."""
import mmap
import os
import re
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from glasshouse_test import (LAUNCHER, check, connect, free_port, gdb_exchange,  # noqa: E402
                             main_wrapper)

BUILD = os.environ["GLASSHOUSE_BUILD_DIR"]
GUEST = os.path.join(BUILD, "riscv/guests/sbi-console.elf")
GH_EVENTS = os.path.join(BUILD, "inspector/gh-events")
MAGIC, VERSION = 0x474E495256454847, 2
COMMAND_HEAD, COMMAND_TAIL = 256, 320
HOSTILE_HEAD = 1_000_000


def u64(ring, offset):
    return struct.unpack_from("<Q", ring, offset)[0]


def wait_until(condition, seconds, what):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return
        time.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}")


def map_ring(path):
    wait_until(lambda: os.path.exists(path) and os.path.getsize(path) > 0, 30, "the ring file")
    with open(path, "r+b") as f:
        ring = mmap.mmap(f.fileno(), 0)
    wait_until(lambda: u64(ring, 0) == MAGIC, 60, "the hypervisor to lay the ring out")
    check(struct.unpack_from("<I", ring, 8)[0] == VERSION, "not a version-2 ring")
    return ring


def main():
    gdb_port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "events.ring")
        run = subprocess.Popen([LAUNCHER, "run", "--guest", GUEST, "--events", "shm:" + path,
                                "--gdb", str(gdb_port), "--wait-gdb", "--timeout", "120"],
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
        try:
            ring = map_ring(path)
            struct.pack_into("<Q", ring, COMMAND_HEAD, HOSTILE_HEAD)
            wait_until(lambda: u64(ring, COMMAND_TAIL) == HOSTILE_HEAD, 30,
                       "the hypervisor to skip to the impossible head")
            asked = subprocess.run([GH_EVENTS, "--connect", "shm:" + path, "--send",
                                    "snapshot-map", "--duration", "5"],
                                   capture_output=True, text=True, timeout=60)
            deadline = time.time() + 60
            gdb = connect(gdb_port, deadline)
            gdb_exchange(gdb, "?", deadline)
            detach = gdb_exchange(gdb, "D", deadline)
            out, _ = run.communicate(timeout=120)
        finally:
            if run.poll() is None:
                run.kill()
    print(out[-2000:], asked.stderr)
    check("$OK#9a" in detach, f"gdb could not let the guest go: {detach!r}")
    check(any(re.search(r"reply #1 done: request_memory_map, \d+ records, ok", l)
              for l in asked.stdout.splitlines()),
          "the command sent after the hostile head was not answered")
    check("events: 0 corrupt command frames skipped, 1 impossible command-ring heads skipped to"
          in out, "the power-off report does not count the skipped head")
    check(run.returncode == 0, f"sbi-console exited with {run.returncode}")


if __name__ == "__main__":
    main_wrapper(main)
