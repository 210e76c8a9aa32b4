#!/usr/bin/env python3
"""Drives Pane's shell through the console like a person at a terminal: runs commands,
checks what they print, then powers off and expects exit status 0."""
import argparse
import sys

from pane_machine import BACKENDS, Machine

# (command typed at the prompt, text that must appear in its output)
SESSION = [
    ("echo hello", "hello\n"),
    ("ls", "README "),
    ("ls", "usertests "),
    ("hello", "hello from pid "),
    ("echo one two three > notes", ""),
    ("cat notes", "one two three\n"),
    ("wc notes", "1 3 14 notes\n"),
    ("echo a b c | wc", "1 3 6 \n"),
    ("cat notes | wc", "1 3 14 \n"),
    ("rm notes", ""),
    ("cat notes", "cat: cannot read notes\n"),
    ("no-such-command", "sh: cannot run no-such-command\n"),
]


def run_session(machine):
    machine.wait_for("init: starting the shell\n", timeout=60)
    machine.wait_for("$ ", timeout=30)
    for typed, expected in SESSION:
        machine.run(typed, expected)
    machine.send("poweroff")
    return machine.wait_exit(timeout=60)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--kernel", required=True)
    p.add_argument("--disk", required=True, help="an image without /autorun")
    p.add_argument("--backend", choices=BACKENDS, default="native")
    a = p.parse_args()
    with Machine(a.kernel, a.disk, a.backend) as machine:
        print("command:", " ".join(machine.command))
        try:
            status = run_session(machine)
        except (AssertionError, TimeoutError) as error:
            print(machine.output())
            print("FAIL:", error)
            return 1
        print(machine.output())
    if status != 0:
        print(f"FAIL: the machine exited with status {status} after poweroff, expected 0")
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
