#!/usr/bin/env python3
"""--disk keeps what the guest writes: Pane writes a file and powers off; a second boot
from the same image reads it back and writes another. Natively (QEMU's own virtio-blk
writes the file) and under the hypervisor (the image is shared with the machine through
ivshmem). Before the second boot the image grows to a size that is not a power of two,
which the launcher shares through a padded copy it writes back when QEMU exits."""
import argparse
import os
import shutil
import sys
import tempfile

from pane_machine import BACKENDS, Machine

TEXT = "kept across boots"
LATER = "written to an odd-sized image"


def boot_and_run(kernel, disk, backend, commands):
    with Machine(kernel, disk, backend, in_place=True) as machine:
        machine.wait_for("$ ", timeout=60)
        for typed, expected in commands:
            machine.run(typed, expected)
        machine.send("poweroff")
        status = machine.wait_exit(timeout=60)
        if status != 0:
            raise AssertionError(f"exit status {status} after poweroff, expected 0")


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--kernel", required=True)
    p.add_argument("--disk", required=True, help="an image without /autorun")
    p.add_argument("--backend", choices=BACKENDS, default="native")
    a = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="pane-disk-") as temp:
        disk = os.path.join(temp, "fs.img")
        shutil.copyfile(a.disk, disk)
        try:
            boot_and_run(a.kernel, disk, a.backend, [(f"echo {TEXT} > kept", "")])
            with open(disk, "ab") as image:
                image.write(bytes(512 * 1024))  # Pane's file system ignores the tail
            size = os.path.getsize(disk)
            boot_and_run(a.kernel, disk, a.backend,
                         [("cat kept", TEXT + "\n"), (f"echo {LATER} > later", "")])
            if os.path.getsize(disk) != size:
                raise AssertionError(f"the image changed size: {size} -> {os.path.getsize(disk)}")
        except (AssertionError, TimeoutError) as error:
            print("FAIL:", error)
            return 1
        with open(disk, "rb") as image:
            if LATER.encode() not in image.read():
                print("FAIL: the second boot's file is not in the image file")
                return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
