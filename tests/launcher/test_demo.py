#!/usr/bin/env python3
"""`./glasshouse demo` without a terminal: Pane boots under the hypervisor with the gdb and
event ports open, runs its demo program and powers off cleanly (exit status 0)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from glasshouse_test import check, free_port, main_wrapper, run_launcher  # noqa: E402


def main():
    gdb, events = free_port(), free_port()
    status, text = run_launcher(["demo", "--gdb", str(gdb), "--events", str(events)], timeout=900)
    print(text[-4000:])
    check(status == 0, f"the demo exited with {status}, expected 0")
    check(f"gdb-multiarch" in text and f":{gdb}" in text, "the demo did not say how to attach gdb")
    check(f"inspect --connect 127.0.0.1:{events}" in text, "the demo did not say how to open the inspector")
    check("hello from pid" in text, "Pane's demo program did not run")
    check("guest powered off (status 0)" in text, "the guest did not power off cleanly")


if __name__ == "__main__":
    main_wrapper(main)
