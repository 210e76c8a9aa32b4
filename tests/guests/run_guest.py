#!/usr/bin/env python3
"""Boots a test guest under the hypervisor, checks its exit status and console output,
and (with --compare-native) runs it natively on QEMU and checks both runs agree."""
import argparse
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from glasshouse_test import check, guest_output, hypervisor_lines, main_wrapper, run_launcher  # noqa: E402


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--guest", required=True)
    p.add_argument("--boot", default="s")
    p.add_argument("--smp", default="1")
    p.add_argument("--mem", default="128")
    p.add_argument("--expect-exit", type=int, default=0)
    p.add_argument("--expect-line", action="append", default=[],
                   help="a line the guest must print")
    p.add_argument("--expect-diagnostic", action="append", default=[],
                   help="regex a hypervisor line must match")
    p.add_argument("--compare-native", action="store_true")
    p.add_argument("--timeout", default="60")
    p.add_argument("--stats", action="store_true", help="run the hypervisor with --stats")
    p.add_argument("--mmu", help="the hypervisor's --mmu (the native run is QEMU's hart)")
    return p.parse_args()


def main():
    a = parse_args()
    common = ["--guest", a.guest, "--boot", a.boot, "--smp", a.smp, "--mem", a.mem,
              "--timeout", a.timeout]
    hypervisor_only = (["--stats"] if a.stats else []) + (["--mmu", a.mmu] if a.mmu else [])
    status, text = run_launcher(["run"] + common + hypervisor_only)
    print(text)
    check(status == a.expect_exit,
          f"under the hypervisor the guest exited with {status}, expected {a.expect_exit}")
    guest = guest_output(text)
    for line in a.expect_line:
        check(line + "\n" in guest, f"the guest did not print {line!r}; it printed:\n{guest}")
    lines = hypervisor_lines(text)
    for pattern in a.expect_diagnostic:
        check(any(re.search(pattern, l) for l in lines),
              f"no hypervisor line matches {pattern!r}: {lines}")
    if a.compare_native:
        native_status, native_text = run_launcher(["run", "--native"] + common)
        print("--- native run ---\n" + native_text)
        check(native_status == status,
              f"exit status differs: native {native_status}, hypervisor {status}")
        check(guest.strip() != "", "the guest printed nothing to compare")
        check(native_text.endswith(guest),
              f"console output differs.\nunder the hypervisor:\n{guest}\nnatively:\n{native_text}")


if __name__ == "__main__":
    main_wrapper(main)
