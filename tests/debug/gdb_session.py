"""Shared by the gdb end-to-end tests: boot a guest under the hypervisor (or on QEMU
alone with QEMU's own gdbstub) waiting for gdb, drive gdb-multiarch in batch mode,
press Ctrl-C where the script says, and collect both outputs. Every step is bounded."""
import os
import re
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import gdb_batch  # noqa: E402
from gdb_batch import INTERRUPT_MARKER  # noqa: E402,F401
from glasshouse_test import LAUNCHER, free_port  # noqa: E402

GDB = os.environ.get("GLASSHOUSE_GDB", "gdb-multiarch")


def wait_for_port(port, deadline):
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def gdb_flag(port, transport):
    """--gdb's value: PORT for the UART (and QEMU's own stub), virtio:PORT for the
    virtio console."""
    return f"virtio:{port}" if transport == "virtio" else str(port)


def start_guest(guest, port, smp=1, native=False, timeout=90, transport="uart"):
    args = [LAUNCHER, "run", "--guest", guest, "--smp", str(smp),
            "--gdb", gdb_flag(port, transport), "--wait-gdb", "--timeout", str(timeout)]
    if native:
        args.append("--native")
    process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    if not wait_for_port(port, time.time() + 30):
        process.kill()
        raise RuntimeError(f"nothing listens on gdb port {port}")
    return process


def run_gdb(elf, script_text, timeout=90):
    return gdb_batch.run_gdb(elf, script_text, timeout, gdb=GDB, interrupt_delay=1.5)


def start_on_free_port(guest, smp, native, timeout, transport="uart"):
    """Another test may take the free port before QEMU binds it: then the launcher exits
    at once (and something else listens there), so try again with another port."""
    for _ in range(3):
        port = free_port()
        process = start_guest(guest, port, smp=smp, native=native, timeout=timeout,
                              transport=transport)
        time.sleep(0.3)
        if process.poll() is None:
            return port, process
    raise RuntimeError("could not start the guest with a free gdb port")


def session(guest, script, smp=1, native=False, timeout=90, transport="uart"):
    """Returns (gdb output, guest exit status, console text). `transport`: "uart" (the
    pci-serial-2x) or "virtio" (the virtio console) for the hypervisor's stub."""
    port, process = start_on_free_port(guest, smp, native, timeout, transport)
    try:
        gdb_output = run_gdb(guest, script.format(port=port, marker=INTERRUPT_MARKER), timeout)
        console, _ = process.communicate(timeout=timeout)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return gdb_output, process.returncode, console.decode("utf-8", "replace")


def failed_expectations(output, expectations):
    return [name for name, pattern in expectations if not re.search(pattern, output, re.S)]
