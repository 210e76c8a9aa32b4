"""Shared by the gdb end-to-end tests: boot a guest under the hypervisor (or on QEMU
alone with QEMU's own gdbstub) waiting for gdb, drive gdb-multiarch in batch mode,
press Ctrl-C where the script says, and collect both outputs. Every step is bounded."""
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from glasshouse_test import LAUNCHER, free_port  # noqa: E402

INTERRUPT_MARKER = "@@press-ctrl-c@@"
GDB = os.environ.get("GLASSHOUSE_GDB", "gdb-multiarch")


def wait_for_port(port, deadline):
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def start_guest(guest, port, smp=1, native=False, timeout=90):
    args = [LAUNCHER, "run", "--guest", guest, "--smp", str(smp), "--gdb", str(port),
            "--wait-gdb", "--timeout", str(timeout)]
    if native:
        args.append("--native")
    process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    if not wait_for_port(port, time.time() + 30):
        process.kill()
        raise RuntimeError(f"nothing listens on gdb port {port}")
    return process


def run_gdb(elf, script_text, timeout=90):
    with tempfile.NamedTemporaryFile("w", suffix=".gdb", delete=False) as script:
        script.write(script_text)
    command = [GDB, "-nx", "-batch", "-x", script.name, elf]
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    output = []

    def reader():
        for line in process.stdout:
            output.append(line)
            if INTERRUPT_MARKER in line:
                # gdb is about to `continue`; give it time to resume, then press Ctrl-C.
                threading.Timer(1.5, lambda: process.send_signal(signal.SIGINT)).start()

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        output.append(f"\n<<gdb killed after {timeout} s>>\n")
    thread.join(timeout=5)
    os.unlink(script.name)
    return "".join(output)


def start_on_free_port(guest, smp, native, timeout):
    """Another test may take the free port before QEMU binds it: then the launcher exits
    at once (and something else listens there), so try again with another port."""
    for _ in range(3):
        port = free_port()
        process = start_guest(guest, port, smp=smp, native=native, timeout=timeout)
        time.sleep(0.3)
        if process.poll() is None:
            return port, process
    raise RuntimeError("could not start the guest with a free gdb port")


def session(guest, script, smp=1, native=False, timeout=90):
    """Returns (gdb output, guest exit status, console text)."""
    port, process = start_on_free_port(guest, smp, native, timeout)
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
