#!/usr/bin/env python3
"""Real gdb-multiarch against the hypervisor's stub over the virtio console
(`--gdb virtio:PORT`) on s-debug with two vCPUs: the guest waits for gdb, threads, a
breakpoint, registers incl. the virtual mode, stepi, small and large memory reads
(x/4096xb, and a 256 KiB `dump binary memory`, both compared byte for byte with the
guest's ELF), detach, a second gdb on the same port, a write the guest sees, and the
guest running to its end (gdb hears its exit). The console must say that the gdb channel is
the virtio console."""
import os
import re
import struct
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gdb_hypervisor_test import EXPECTATIONS as UART_EXPECTATIONS  # noqa: E402
from gdb_hypervisor_test import FORBIDDEN as UART_FORBIDDEN  # noqa: E402
from gdb_session import failed_expectations, session  # noqa: E402

GUEST = os.path.join(os.environ["GLASSHOUSE_BUILD_DIR"], "riscv/guests/s-debug.elf")
DUMP_START = 0x80200000
DUMP_BYTES = 256 * 1024

SCRIPT = """\
set pagination off
set confirm off
set height 0
target remote 127.0.0.1:{port}
info threads
break bump_counter
continue
info registers pc priv satp
x/4xg &table
stepi
print $pc == bump_counter
delete
echo @@bytes@@\\n
x/4096xb 0x80200000
echo @@end-bytes@@\\n
dump binary memory @DUMP@ 0x80200000 @DUMP_END@
echo @@dumped@@\\n
detach
shell sleep 0.5
echo @@reattach@@\\n
target remote 127.0.0.1:{port}
print spin_count > 0
print counter
set var gdb_release = 2
continue
"""

# What the UART session checks and this one repeats, by name (one home for the patterns).
SHARED = ("the guest waits for gdb before its first instruction",
          "both vCPUs listed as threads with their state", "breakpoint on bump_counter",
          "pc register", "virtual mode as priv", "guest satp (bare)", "x/ reads guest memory")
EXPECTATIONS = [(name, pattern) for name, pattern in UART_EXPECTATIONS if name in SHARED] + [
    ("stepi moves past the first instruction", r"\$1 = false\n"),
    ("the large dump completes", r"@@dumped@@"),
    ("detach", r"\[Inferior 1 \(Remote target\) detached\]\s+@@reattach@@"),
    ("a second connection on the same port finds the guest running on and stops it",
     r"@@reattach@@.*in wait_for_gdb \(\).*\$2 = true\n\$3 = 3\n"),
    ("gdb hears over virtio that the guest ran to its end",
     r"\$3 = 3\n.*\[Inferior 1 \(Remote target\) exited normally\]"),
]
FORBIDDEN = UART_FORBIDDEN + [("no memory errors", r"Cannot access memory")]


def elf_bytes(path, address, size):
    """The bytes the ELF's loadable segments put at [address, address + size)."""
    data = open(path, "rb").read()
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    image = bytearray(size)
    for i in range(phnum):
        kind, _, offset, _, paddr, filesz, memsz = struct.unpack_from(
            "<IIQQQQQ", data, phoff + i * phentsize)
        if kind != 1:
            continue
        for j in range(min(filesz, memsz)):
            if address <= paddr + j < address + size:
                image[paddr + j - address] = data[offset + j]
    return bytes(image)


def loaded_end(path):
    """The end of the file-backed part of the guest's executable segment: its code and
    initialised data, which the guest, stopped at its first bump_counter, has not written."""
    data = open(path, "rb").read()
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    for i in range(phnum):
        kind, flags, _, _, paddr, filesz, _ = struct.unpack_from(
            "<IIQQQQQ", data, phoff + i * phentsize)
        if kind == 1 and flags & 1:
            return paddr + filesz
    return DUMP_START


def x_bytes(output):
    """The byte values x/4096xb printed."""
    block = output.split("@@bytes@@", 1)[-1].split("@@end-bytes@@", 1)[0]
    values = []
    for line in block.splitlines():
        if ":" in line:
            values += [int(v, 16) for v in re.findall(r"0x([0-9a-f]{2})\b", line.split(":", 1)[1])]
    return bytes(values)


def check_memory(output, dump_path):
    failures = []
    code_bytes = min(loaded_end(GUEST) - DUMP_START, DUMP_BYTES)
    expected = elf_bytes(GUEST, DUMP_START, DUMP_BYTES)
    shown = x_bytes(output)
    if len(shown) != 4096:
        failures.append(f"x/4096xb showed {len(shown)} bytes")
    elif shown[:code_bytes] != expected[:min(code_bytes, 4096)]:
        failures.append("x/4096xb differs from the guest's code in its ELF")
    dumped = open(dump_path, "rb").read() if os.path.exists(dump_path) else b""
    if len(dumped) != DUMP_BYTES:
        failures.append(f"dump binary memory wrote {len(dumped)} bytes, expected {DUMP_BYTES}")
    elif dumped[:code_bytes] != expected[:code_bytes]:
        failures.append(f"the dump's first {code_bytes} bytes differ from the guest's code")
    return failures


def main():
    with tempfile.TemporaryDirectory() as folder:
        dump_path = os.path.join(folder, "memory.bin")
        script = SCRIPT.replace("@DUMP@", dump_path).replace(
            "@DUMP_END@", hex(DUMP_START + DUMP_BYTES))
        output, status, console = session(GUEST, script, smp=2, transport="virtio")
        failures = failed_expectations(output, EXPECTATIONS)
        if len(EXPECTATIONS) != len(SHARED) + 5:
            failures.append("a shared expectation was renamed in gdb_hypervisor_test.py")
        failures += [name for name, pattern in FORBIDDEN if re.search(pattern, output)]
        failures += check_memory(output, dump_path)
    if not re.search(r"\[glasshouse\] gdb channel: virtio console at 0x", console):
        failures.append("the console does not say the gdb channel is the virtio console")
    if "released by gdb" not in console:
        failures.append("the guest did not see gdb's write to gdb_release")
    if status != 0:
        failures.append(f"guest exit status {status}, expected 0")
    if failures or os.environ.get("GLASSHOUSE_GDB_VERBOSE"):
        print("==== gdb ====\n" + output[-20000:] + "\n==== console ====\n" + console)
    for name in failures:
        print("FAIL:", name)
    if failures:
        return 1
    print(f"PASS: {len(EXPECTATIONS) + len(FORBIDDEN) + 5} checks over the virtio console")
    return 0


if __name__ == "__main__":
    sys.exit(main())
