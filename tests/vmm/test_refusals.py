#!/usr/bin/env python3
"""The hypervisor refuses clearly -- one '[glasshouse] cannot start' or 'guest image' line
and exit status 126 -- on a machine it cannot use or with a guest it cannot load."""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from glasshouse_test import check, main_wrapper, run_launcher  # noqa: E402

BUILD = os.environ["GLASSHOUSE_BUILD_DIR"]
VMM = os.path.join(BUILD, "riscv/hypervisor/vmm/glasshouse-vmm.elf")
GUEST = os.path.join(BUILD, "riscv/guests/sbi-console.elf")


def qemu(extra, append="gh.smp=1 gh.mem=64"):
    cmd = ["qemu-system-riscv64", "-machine", "virt", "-nographic", "-m", "320M",
           "-bios", "default", "-kernel", VMM, "-append", append] + extra
    proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=60)
    return proc.returncode, proc.stdout.decode("utf-8", "replace")


def expect_refusal(name, status, text, fragment):
    print(f"--- {name} ---\n{text}")
    check(status == 126, f"{name}: exit status {status}, expected 126")
    check(fragment in text, f"{name}: the hypervisor did not say {fragment!r}")
    check("entering guest" not in text, f"{name}: the guest was entered anyway")


def main():
    status, text = qemu([])
    expect_refusal("no guest image", status, text, "[glasshouse] cannot start: no guest image")

    status, text = qemu(["-initrd", GUEST], append="gh.smp=1 gh.colour=blue")
    expect_refusal("bad boot argument", status, text,
                   "[glasshouse] cannot start: bad boot argument 'gh.colour=blue'")

    status, text = qemu(["-initrd", GUEST], append="gh.smp=4")
    expect_refusal("too many vCPUs", status, text,
                   "[glasshouse] cannot start: more vCPUs than host harts")

    status, text = qemu(["-initrd", GUEST, "-cpu", "rv64,mmu=false"])
    expect_refusal("no MMU", status, text, "cannot start: harts have no Sv39 MMU")

    with tempfile.NamedTemporaryFile(suffix=".bin") as big:
        big.truncate(40 << 20)
        big.write(b"\x13\x00\x00\x00")  # a raw image: nop
        big.flush()
        status, text = run_launcher(["run", "--guest", big.name, "--mem", "32", "--timeout", "60"])
        expect_refusal("oversized raw image", status, text,
                       "[glasshouse] guest image: 41943040 bytes do not fit in 32 MiB")


if __name__ == "__main__":
    main_wrapper(main)
