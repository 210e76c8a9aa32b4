#!/usr/bin/env python3
"""Boots Pane with the autorun disk: init runs usertests, then powers off with its exit
status. Passes when usertests printed ALL TESTS PASSED and the machine exited 0."""
import argparse
import sys

from pane_machine import BACKENDS, Machine


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--kernel", required=True)
    p.add_argument("--disk", required=True, help="an image with /autorun = usertests")
    p.add_argument("--backend", choices=BACKENDS, default="native")
    p.add_argument("--timeout", type=int, default=240)
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
    for problem in problems:
        print("FAIL:", problem)
    if not problems:
        print("PASS")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
