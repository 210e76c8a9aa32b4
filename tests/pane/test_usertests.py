#!/usr/bin/env python3
"""Boots Pane with the autorun disk: init runs usertests, then powers off with its exit
status. Passes when usertests printed ALL TESTS PASSED and the machine exited 0; with
--compare-native, also when Pane's console transcript is the same as on QEMU alone."""
import argparse
import sys

from pane_machine import BACKENDS, Machine


def transcript(console):
    """Pane's own console lines, from its first line on (no firmware, no hypervisor lines)."""
    text = console[console.find("pane: booting"):]
    return "\n".join(l for l in text.splitlines() if not l.startswith("[glasshouse]"))


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--kernel", required=True)
    p.add_argument("--disk", required=True, help="an image with /autorun = usertests")
    p.add_argument("--backend", choices=BACKENDS, default="native")
    p.add_argument("--timeout", type=int, default=240)
    p.add_argument("--compare-native", action="store_true")
    a = p.parse_args()
    with Machine(a.kernel, a.disk, a.backend) as machine:
        print("command:", " ".join(machine.command))
        try:
            status = machine.wait_exit(a.timeout)
        except TimeoutError as error:
            print("FAIL:", error)
            return 1
        out = machine.output()
    print(out)
    problems = []
    if "ALL TESTS PASSED" not in out:
        problems.append("usertests did not print ALL TESTS PASSED")
    if "panic" in out:
        problems.append("the kernel panicked")
    if status != 0:
        problems.append(f"the machine exited with status {status}, expected 0")
    if a.compare_native and not problems:
        with Machine(a.kernel, a.disk, "native") as native:
            native.wait_exit(a.timeout)
            reference = transcript(native.output())
        if transcript(out) != reference:
            problems.append("Pane's transcript differs from the native run's:\n" + reference)
    for problem in problems:
        print("FAIL:", problem)
    if not problems:
        print("PASS")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
