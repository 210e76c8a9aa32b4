#!/usr/bin/env python3
"""Host commands answered in-stream by a live hypervisor: Pane boots to its shell with the
event stream on TCP; gh-events connects and asks for the guest's page table, the active
shadow table, a translation, the memory map and a vCPU snapshot; every request must be
answered (entries, then its end record) before Pane is powered off from its shell.

`--transport relay` takes `run --events PORT` (the shared-memory rings through
gh-event-relay): there a client already connected is replaced by the asking one (its
stream ends), and a client connecting after the asking one left is answered too: a raw
socket that sends a corrupt frame (ignored) and then two commands built in Python, and
must get whole frames only (nothing skipped) with both answers.
`--transport uart` takes `run --events uart:PORT` (the event UART).

usage: test_live_commands.py --transport relay|uart"""
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from glasshouse_test import LAUNCHER, check, free_port, main_wrapper, read_all  # noqa: E402
from command_frames import memory_map_request, translation_request  # noqa: E402

BUILD = os.environ["GLASSHOUSE_BUILD_DIR"]
KERNEL = os.path.join(BUILD, "riscv/guests/pane/pane.elf")
IMAGE = os.path.join(BUILD, "guests/pane/fs.img")
GH_EVENTS = os.path.join(BUILD, "inspector/gh-events")
COMMANDS = ["snapshot-pt vcpu=0", "snapshot-pt vcpu=0 table=shadow",
            "translate vcpu=0 gva=0x80000000", "snapshot-map", "snapshot-vcpu vcpu=0"]
MAX_ENTRIES = 4096  # EventCommands::max_page_table_entries
MAX_ENCODED_FRAME = 256 + 256 // 254 + 2  # events/wire_format.hpp max_encoded_frame


class Console:
    def __init__(self, process):
        self.text = b""
        self.process = process
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        while chunk := self.process.stdout.read1(4096):
            self.text += chunk

    def wait_for(self, needle, seconds):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if needle.encode() in self.text:
                return
            time.sleep(0.1)
        raise AssertionError(f"never saw {needle!r} on the console:\n{self.text.decode()}")


def reply_end(lines, request_id):
    pattern = rf"reply #{request_id} done: (\S+), (\d+) records, (\w+)"
    for line in lines:
        if m := re.search(pattern, line):
            return m.group(1), int(m.group(2)), m.group(3)
    raise AssertionError(f"no end of reply #{request_id}")


def ask(port, commands, seconds):
    sends = [arg for command in commands for arg in ("--send", command)]
    return subprocess.run([GH_EVENTS, "--connect", f"127.0.0.1:{port}", "--duration",
                           str(seconds)] + sends, capture_output=True, text=True, timeout=60)


class RelayClients:
    """Around the asking client: one connected before it (replaced), one after it."""

    def __init__(self, port):
        self.port = port
        self.early = None
        self.late = None

    def before(self):
        self.early = subprocess.Popen([GH_EVENTS, "--connect", f"127.0.0.1:{self.port}",
                                       "--quiet", "--duration", "100"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        time.sleep(2)
        check(self.early.poll() is None, "the first relay client did not stay connected")

    def after(self):
        # The asking client replaced the early one: its stream ended long before 100 s.
        _, stderr = self.early.communicate(timeout=30)
        print("early client:", stderr)
        check(self.early.returncode == 0 and "events from" in stderr,
              f"the replaced client did not end cleanly: {stderr}")
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as late:
            late.sendall(b"\x07not a frame\x00" + memory_map_request(7) +
                         translation_request(8, 0, 0x80000000))
            self.late = read_all(late, time.time() + 8)

    def check_late(self):
        with tempfile.NamedTemporaryFile(suffix=".ghev") as recording:
            recording.write(self.late)
            recording.flush()
            decoded = subprocess.run([GH_EVENTS, "--open", recording.name], capture_output=True,
                                     text=True, timeout=60)
        lines = decoded.stdout.splitlines()
        print("\n".join(l for l in lines if re.search(r" (reply|translate) #", l)), decoded.stderr)
        check(reply_end(lines, 7)[2] == "ok", "a client that came later got no memory map")
        check(reply_end(lines, 8)[2] == "ok", "a client that came later got no translation")
        check(" 0 corrupt frames (0 bytes skipped)" in decoded.stderr,
              f"the later client did not get whole frames only: {decoded.stderr}")


def main():
    args = sys.argv[1:]
    check(len(args) == 2 and args[0] == "--transport" and args[1] in ("relay", "uart"), __doc__)
    port = free_port()
    events = str(port) if args[1] == "relay" else f"uart:{port}"
    others = RelayClients(port) if args[1] == "relay" else None
    with tempfile.TemporaryDirectory() as tmp:
        disk = os.path.join(tmp, "fs.img")
        shutil.copyfile(IMAGE, disk)
        process = subprocess.Popen([LAUNCHER, "run", "--guest", KERNEL, "--boot", "m", "--mmu",
                                    "sv39", "--disk", disk, "--events", events,
                                    "--timeout", "600"],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT)
        console = Console(process)
        try:
            console.wait_for("init: starting the shell", 300)
            if others:
                others.before()
            asked = ask(port, COMMANDS, 20)
            if others:
                others.after()
            process.stdin.write(b"poweroff\n")
            process.stdin.flush()
            status = process.wait(timeout=120)
        finally:
            if process.poll() is None:
                process.kill()
            if others and others.early and others.early.poll() is None:
                others.early.kill()
    print(console.text.decode("utf-8", "replace")[-1500:])
    lines = asked.stdout.splitlines()
    print("\n".join(l for l in lines if "pt-entry" not in l)[-4000:], asked.stderr)
    print("\n".join(l for l in lines if re.search(r" (reply|translate) #", l)))
    guest = [l for l in lines if re.search(r" pt-entry #1 guest root=0x8[0-9a-f]+ ", l)]
    shadow = [l for l in lines if re.search(r" pt-entry #2 shadow root=0x[0-9a-f]+ ", l)]
    check(reply_end(lines, 1)[0] == "request_page_table", "reply #1 is not a page table")
    kind, count, result = reply_end(lines, 1)
    # Pane maps its RAM with 4 KiB pages: more entries than one reply carries.
    check(count == MAX_ENTRIES and result == "truncated" and len(guest) == MAX_ENTRIES,
          f"guest table: {count} records {result}, {len(guest)} entries seen")
    check(any(" level=2 idx=2 va=0x80000000 " in l for l in guest),
          "the guest's level-2 entry for its RAM is missing")
    kind, count, result = reply_end(lines, 2)
    check(result == "ok" and count == len(shadow) and count > 0,
          f"shadow table: {count} records {result}, {len(shadow)} entries seen")
    check(reply_end(lines, 3)[2] == "ok", "no translation answer")
    check(any(re.search(r"translate #3 load gva=0x80000000 .* -> gpa=0x80000000 \(ram\)", l) for l in lines),
          "no translation record for 0x80000000")
    check(reply_end(lines, 4)[2] == "ok", "no memory map answer")
    check(reply_end(lines, 5)[2] == "ok", "no vCPU snapshot")
    # Frames of the vCPU and VM rings share the wire: none may be cut by another. The
    # relay sends whole frames only; a client of the UART joins a running stream and skips
    # the rest of the frame on the wire (at most one frame) before the first delimiter.
    skipped = re.search(r" 0 corrupt frames \((\d+) bytes skipped\)", asked.stderr)
    check(skipped, f"corrupt frames: {asked.stderr}")
    limit = 0 if args[1] == "relay" else MAX_ENCODED_FRAME
    check(int(skipped.group(1)) <= limit, f"more skipped than a joining reader may: {asked.stderr}")
    check(status == 0, f"Pane exited with {status}")
    if others:
        others.check_late()
        summary = re.search(rb"events relay: 3 clients \(1 replaced\), .* (\d+) frames discarded "
                            rb"with no client", console.text)
        check(summary, "the relay did not count three clients, one replaced")
        # Pane booted with no client connected: the relay drained the ring meanwhile.
        check(int(summary.group(1)) > 0, "the relay discarded nothing while no client was there")
        check(b"events: 1 corrupt command frames skipped, 0 impossible" in console.text,
              "the hypervisor did not count the one corrupt command frame")


if __name__ == "__main__":
    main_wrapper(main)
