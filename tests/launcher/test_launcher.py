#!/usr/bin/env python3
"""The launcher's contract: --help everywhere, and a one-line error naming the problem
with a non-zero exit for every bad flag, value or file."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from glasshouse_test import check, main_wrapper, run_launcher  # noqa: E402

GUEST = os.path.join(os.environ.get("GLASSHOUSE_BUILD_DIR", ""), "riscv/guests/sbi-console.elf")

BAD = [
    (["run"], "--guest FILE is required"),
    (["run", "--guest", "/no/such/file"], "'/no/such/file' does not exist"),
    (["run", "--guest", GUEST, "--frobnicate"], "unknown flag '--frobnicate'"),
    (["run", "--guest", GUEST, "--smp"], "--smp needs a value"),
    (["run", "--guest", GUEST, "--smp", "0"], "--smp '0'"),
    (["run", "--guest", GUEST, "--smp", "two"], "--smp 'two'"),
    (["run", "--guest", GUEST, "--mem", "1"], "--mem '1'"),
    (["run", "--guest", GUEST, "--mem", "12x"], "--mem '12x'"),
    (["run", "--guest", GUEST, "--boot", "h"], "--boot 'h'"),
    (["run", "--guest", GUEST, "--backend", "kvm"], "--backend 'kvm'"),
    (["run", "--guest", GUEST, "--mmu", "sv57"], "--mmu 'sv57'"),
    (["run", "--guest", GUEST, "--gdb", "70000"], "--gdb '70000'"),
    (["run", "--guest", GUEST, "--gdb", "virtio:"], "--gdb virtio:PORT needs a TCP port"),
    (["run", "--guest", GUEST, "--gdb", "virtio:x1"], "--gdb 'x1' is not a TCP port"),
    (["run", "--guest", GUEST, "--gdb", "serial:1234"], "--gdb 'serial:1234'"),
    (["run", "--guest", GUEST, "--native", "--gdb", "virtio:1234"], "virtio:PORT needs the hypervisor"),
    (["run", "--guest", GUEST, "--timeout", "-3"], "--timeout '-3'"),
    (["run", "--guest", GUEST, "--events", "/no/such/dir/x.bin"], "does not exist"),
    (["run", "--guest", GUEST, "--disk", "/no/such/disk.img"], "disk image '/no/such/disk.img'"),
    (["run", "--guest", GUEST, "--disk", GUEST], "not a whole number of 512-byte sectors"),
    (["run", "--guest", GUEST, "--backend", "hext"], "not yet supported"),
    (["run", "--guest", GUEST, "--wait-gdb"], "--wait-gdb needs --gdb PORT"),
    (["run", "--guest", GUEST, "--native", "--events", "5555"], "needs the hypervisor"),
    (["run", "--guest", GUEST, "--native", "--events", "uart:5555"], "needs the hypervisor"),
    (["run", "--guest", GUEST, "--events", "70000"], "--events '70000' is not a TCP port"),
    (["run", "--guest", GUEST, "--events", "uart:x"], "--events uart:PORT: 'x' is not a TCP port"),
    (["run", "--guest", GUEST, "--events", "uart:70000"], "--events '70000' is not a TCP port"),
    (["run", "--guest", GUEST, "--native", "--stats"], "--stats needs the hypervisor"),
    (["run", "--guest", GUEST, "--events", "shm:"], "--events shm:PATH needs a file name"),
    (["run", "--guest", GUEST, "--events", "shm:/no/such/dir/ring"], "does not exist"),
    (["frobnicate"], "unknown command 'frobnicate'"),
    (["build", "--fast"], "unknown argument '--fast'"),
    (["demo", "--colour"], "unknown flag '--colour'"),
]

HELP = [["--help"], ["run", "--help"], ["setup", "--help"], ["build", "--help"],
        ["test", "--help"], ["demo", "--help"], ["events", "--help"], ["inspect", "--help"]]


def main():
    for args, fragment in BAD:
        status, text = run_launcher(args, timeout=60)
        check(status == 2, f"{args}: exit status {status}, expected 2; output:\n{text}")
        check(fragment in text, f"{args}: message does not say {fragment!r}: {text!r}")
        check(len(text.strip().splitlines()) == 1, f"{args}: expected one line, got:\n{text}")
    for args in HELP:
        status, text = run_launcher(args, timeout=60)
        check(status == 0 and "usage:" in text, f"{args}: no usage text (status {status})")


if __name__ == "__main__":
    main_wrapper(main)
