#!/usr/bin/env python3
"""The event stream of a real run, in order: s-paging (an own guest that turns on Sv39,
lets the walker set A/D bits, drops to U-mode, takes a page fault and makes a system
call from U, edits a PTE and fences, switches address spaces and ASIDs, tries Sv48, and
returns to Bare) is taken by each transport: `--transport file` records it with
`run --events FILE`, `shm` follows `run --events shm:PATH` live, `uart` reads
`run --events uart:PORT` (the UART, over TCP) live, `relay` reads `run --events PORT` (the
shared-memory ring through gh-event-relay, over TCP) live. gh-events must print exactly
the expected events in this order, with nothing lost or corrupt. Through `shm` and
`relay` it also sends commands, which must be answered in-stream.

usage: test_live_events.py --transport file|shm|uart|relay"""
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from glasshouse_test import LAUNCHER, check, free_port, main_wrapper  # noqa: E402

BUILD = os.environ["GLASSHOUSE_BUILD_DIR"]
GUEST = os.path.join(BUILD, "riscv/guests/s-paging.elf")
GH_EVENTS = os.path.join(BUILD, "inspector/gh-events")
# Sent through the shared-memory and relay transports, answered as replies #1 and #2.
COMMANDS = ["--send", "snapshot-map", "--send", "snapshot-vcpu vcpu=0"]

HEX = r"0x[0-9a-f]+"
# Each must match a later line than the one before (timestamps and addresses aside).
EXPECTED_IN_ORDER = [
    r"^all t=\d+ hello wire v1, 1 vcpus, timebase 10000000 Hz, trap-and-emulate$",
    r"^all t=\d+ region ram gpa=0x80000000 size=0x8000000 hpa=" + HEX + "$",
    r"^vcpu0 t=\d+ vcpu started pc=0x80200000$",
    r"^vcpu0 t=\d+ csr satp 0x0 -> 0x8000000000080[0-9a-f]+ pc=" + HEX +
    r" \(sv39 root=0x80[0-9a-f]+ asid=0\)$",
    # Console output through the SBI: ecalls the guest made in S-mode.
    r"^vcpu0 t=\d+ trap cause=9 \(environment call from S-mode\) pc=" + HEX + " mode S->S sbi ",
    # A store to a clean page: the walker sets A and D in the guest's PTE.
    r"^vcpu0 t=\d+ guest-pt root=0x80[0-9a-f]+ va=0x40001000 level=0 pte@" + HEX +
    r" 0x[0-9a-f]+07 -> 0x[0-9a-f]+c7 \(V R W A D\)$",
    r"^vcpu0 t=\d+ trap cause=2 \(illegal instruction\) pc=" + HEX +
    r" mode S->U emulated tval=0x10200073 insn=0x10200073$",
    r"^vcpu0 t=\d+ mode S->U pc=0x40003000$",
    r"^vcpu0 t=\d+ trap cause=13 \(load page fault\) pc=0x40003004 mode U->S reflected "
    r"tval=0x40000000 ",
    r"^vcpu0 t=\d+ mode U->S pc=" + HEX + "$",
    r"^vcpu0 t=\d+ trap cause=8 \(environment call from U-mode\) pc=" + HEX +
    r" mode U->S reflected ",
    # The guest remaps a page and fences: the diff names the PTE, old and new.
    r"^vcpu0 t=\d+ guest-pt root=0x80[0-9a-f]+ va=0x40007000 level=0 pte@" + HEX + " " + HEX +
    " -> " + HEX + r" \(V R A\)$",
    r"^vcpu0 t=\d+ csr satp 0x8000000000080[0-9a-f]+ -> 0x80005000000[0-9a-f]+ pc=" + HEX +
    r" \(sv39 root=" + HEX + r" asid=5\)$",
    r"^vcpu0 t=\d+ csr satp " + HEX + " -> 0x9000000000080[0-9a-f]+ pc=" + HEX +
    r" \(sv48 root=" + HEX + r" asid=0\)$",
    r"^vcpu0 t=\d+ csr satp " + HEX + r" -> 0x0 pc=" + HEX + r" \(bare\)$",
    r"^vcpu0 t=\d+ vcpu halted pc=" + HEX,
]


def record_and_decode(tmp):
    recording = os.path.join(tmp, "paging.ghev")
    run = subprocess.run([LAUNCHER, "run", "--guest", GUEST, "--events", recording,
                          "--timeout", "120"], stdin=subprocess.DEVNULL,
                         capture_output=True, text=True, timeout=180)
    print(run.stdout[-2000:])
    check(run.returncode == 0, f"s-paging exited with {run.returncode}")
    decoded = subprocess.run([GH_EVENTS, "--open", recording], capture_output=True,
                             text=True, timeout=60)
    print(decoded.stderr)
    check(decoded.returncode == 0, f"gh-events exited with {decoded.returncode}")
    return decoded


def read_shared_ring(tmp):
    """The full-rate path: gh-events follows the ring while the guest runs."""
    ring = os.path.join(tmp, "events.ring")
    run = subprocess.Popen([LAUNCHER, "run", "--guest", GUEST, "--events", "shm:" + ring,
                            "--timeout", "120"], stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.time() + 30
    while not (os.path.exists(ring) and os.path.getsize(ring) > 0) and time.time() < deadline:
        time.sleep(0.05)
    decoded = subprocess.run([GH_EVENTS, "--connect", "shm:" + ring] + COMMANDS,
                             capture_output=True, text=True, timeout=150)
    out, _ = run.communicate(timeout=150)
    print(out[-2000:], decoded.stderr)
    check(run.returncode == 0, f"s-paging exited with {run.returncode}")
    check(decoded.returncode == 0, f"gh-events exited with {decoded.returncode}")
    return decoded


def read_tcp(events, commands):
    """A TCP port: with GLASSHOUSE_CHANNEL_WAIT=1 the UART's QEMU socket (`uart:PORT`) or
    the relay (`PORT`) keeps the stream for its first client, gh-events."""
    port = free_port()
    env = dict(os.environ, GLASSHOUSE_CHANNEL_WAIT="1")
    run = subprocess.Popen([LAUNCHER, "run", "--guest", GUEST, "--events", events + str(port),
                            "--timeout", "120"], stdin=subprocess.DEVNULL, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.time() + 30
    while True:
        decoded = subprocess.run([GH_EVENTS, "--connect", f"127.0.0.1:{port}"] + commands,
                                 capture_output=True, text=True, timeout=150)
        if "cannot connect" not in decoded.stderr or time.time() > deadline:
            break
        time.sleep(0.05)
    out, _ = run.communicate(timeout=150)
    print(out[-2000:], decoded.stderr)
    check(run.returncode == 0, f"s-paging exited with {run.returncode}")
    check(decoded.returncode == 0, f"gh-events exited with {decoded.returncode}")
    if not events:
        check_relay_gone(out, port)
    return decoded


def check_relay_gone(out, port):
    """The launcher stops the relay and removes its ring file when the run ends."""
    ring = re.search(r"shared-memory ring (\S+), relayed", out)
    check(ring and not os.path.exists(ring.group(1)), f"the relay's ring file is still there: {ring}")
    check("events relay: 1 clients (0 replaced)" in out, "no relay summary with one client")
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                args = f.read().split(b"\0")
        except OSError:
            continue
        check(not (args[0].endswith(b"gh-event-relay") and str(port).encode() in args),
              f"gh-event-relay for port {port} still runs (pid {pid})")


def read_uart(_tmp):
    # No commands: bytes that reach the UART before the hypervisor has set it up are lost.
    return read_tcp("uart:", [])


def read_relay(_tmp):
    return read_tcp("", COMMANDS)


def check_replies(lines):
    for request_id, kind in ((1, "request_memory_map"), (2, "request_vcpu_state")):
        check(any(re.search(rf"reply #{request_id} done: {kind}, \d+ records, ok", l)
                  for l in lines), f"command #{request_id} ({kind}) was not answered")


TRANSPORTS = {"file": record_and_decode, "shm": read_shared_ring, "uart": read_uart,
              "relay": read_relay}


def main():
    args = sys.argv[1:]
    check(len(args) == 2 and args[0] == "--transport" and args[1] in TRANSPORTS, __doc__)
    take = TRANSPORTS[args[1]]
    # Through the UART the hypervisor drops events rather than stall the guest when the
    # host falls behind (counted, never silent); this test wants them all, so it retries.
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(3):
            decoded = take(tmp)
            if re.search(r" 0 corrupt frames \(0 bytes skipped\), 0 missing, 0 dropped",
                         decoded.stderr):
                break
    check(re.search(r" 0 corrupt frames \(0 bytes skipped\), 0 missing, 0 dropped", decoded.stderr),
          f"three recordings lost events: {decoded.stderr}")
    lines = decoded.stdout.splitlines()
    at = 0
    for pattern in EXPECTED_IN_ORDER:
        found = next((i for i in range(at, len(lines)) if re.search(pattern, lines[i])), None)
        context = "\n".join(lines[max(0, at - 3):at + 12])
        check(found is not None,
              f"no event matching\n  {pattern}\nafter line {at}:\n{context}")
        print(f"ok line {found}: {lines[found]}")
        at = found + 1
    if args[1] in ("shm", "relay"):
        check_replies(lines)


if __name__ == "__main__":
    main_wrapper(main)
