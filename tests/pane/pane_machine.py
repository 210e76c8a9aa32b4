"""Boots Pane, the teaching OS, and talks to its console. The one place that knows how
Pane is started: natively on QEMU (the reference machine), or under the hypervisor.

The disk image is copied to a temporary file first: Pane writes to its disk, and tests
must not modify build outputs.
"""
import os
import shutil
import subprocess
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BACKENDS = ("native", "hypervisor")


def native_command(kernel, disk, smp=3, mem_mib=128):
    """QEMU booting Pane the way an xv6-style Makefile boots its kernel."""
    return ["qemu-system-riscv64", "-machine", "virt", "-bios", "none",
            "-m", f"{mem_mib}M", "-smp", str(smp), "-nographic", "-kernel", kernel,
            "-global", "virtio-mmio.force-legacy=false",
            "-drive", f"file={disk},if=none,format=raw,id=x0",
            "-device", "virtio-blk-device,drive=x0,bus=virtio-mmio-bus.0"]


def hypervisor_command(kernel, disk, smp=3, mem_mib=128, timeout=2400):
    """The same boot under Glasshouse (needs the launcher's --disk option)."""
    # Pane uses Sv39: Sv39 shadows make its many satp switches cheaper.
    return [os.path.join(ROOT, "glasshouse"), "run", "--guest", kernel, "--boot", "m", "--mmu", "sv39",
            "--smp", str(smp), "--mem", str(mem_mib), "--disk", disk,
            "--timeout", str(timeout)]


def command(backend, kernel, disk, **options):
    if backend == "native":
        return native_command(kernel, disk, options.get("smp", 3), options.get("mem_mib", 128))
    if backend == "hypervisor":
        return hypervisor_command(kernel, disk, **options)
    raise ValueError(f"unknown backend {backend!r}; expected one of {BACKENDS}")


class Machine:
    """A running Pane: send console input, wait for output, collect the exit status.
    Use as a context manager; the machine is killed on exit if it is still running."""

    def __init__(self, kernel, disk_image, backend="native", in_place=False, **options):
        """in_place: boot from disk_image itself (the caller's own copy), not a copy."""
        for path in (kernel, disk_image):
            if not os.path.exists(path):
                raise FileNotFoundError(f"{path} does not exist: build first")
        self._temp = tempfile.TemporaryDirectory(prefix="pane-")
        disk = disk_image
        if not in_place:
            disk = os.path.join(self._temp.name, "fs.img")
            shutil.copyfile(disk_image, disk)
        self.command = command(backend, kernel, disk, **options)
        # Trap-and-emulate costs every privileged instruction a VM exit: give the
        # hypervisor's runs time, never a different script.
        self._patience = 8 if backend == "hypervisor" else 1
        self._output = bytearray()
        self._lock = threading.Lock()
        self._process = subprocess.Popen(self.command, stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self._reader = threading.Thread(target=self._read_output, daemon=True)
        self._reader.start()
        self._seen = 0  # output before this index has been matched by wait_for

    def _read_output(self):
        while True:
            chunk = self._process.stdout.read1(4096)
            if not chunk:
                return
            with self._lock:
                self._output += chunk

    def output(self):
        """Everything printed so far, with the console's CR LF turned into LF."""
        with self._lock:
            return self._output.decode("utf-8", "replace").replace("\r\n", "\n")

    def wait_for(self, text, timeout=60):
        """Waits until text appears after the previous match; returns the output
        between. Raises TimeoutError (with the whole transcript) if it never does."""
        deadline = time.monotonic() + timeout * self._patience
        while time.monotonic() < deadline:
            out = self.output()
            at = out.find(text, self._seen)
            if at >= 0:
                between = out[self._seen:at]
                self._seen = at + len(text)
                return between
            if self._process.poll() is not None and not self._reader.is_alive():
                break
            time.sleep(0.05)
        raise TimeoutError(f"never saw {text!r}; the console showed:\n{self.output()}")

    def send(self, line):
        """Types line and Enter, one byte at a time as a person (or a UART) would."""
        for byte in (line + "\n").encode():
            self._process.stdin.write(bytes([byte]))
            self._process.stdin.flush()
            time.sleep(0.002)

    def run(self, typed, expected="", timeout=60):
        """Types a command at the shell prompt and waits for the next prompt; raises
        AssertionError unless `expected` is in what the command printed."""
        self.send(typed)
        self.wait_for(typed + "\n", timeout=30)  # the console echoes what we type
        printed = self.wait_for("$ ", timeout=timeout)
        if expected not in printed:
            raise AssertionError(f"`{typed}` printed {printed!r}; expected {expected!r} in it")
        print(f"ok: {typed}")
        return printed

    def wait_exit(self, timeout=300):
        """The machine's exit status (0 = powered off with success)."""
        timeout *= self._patience
        try:
            status = self._process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise TimeoutError(f"still running after {timeout} s; the console showed:\n"
                               f"{self.output()}")
        self._reader.join(timeout=5)
        return status

    def kill(self):
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.kill()
        self._temp.cleanup()
