#!/usr/bin/env python3
"""The same scripted gdb session on the s-debug guest twice: against the gdb stub inside
the hypervisor, and against QEMU's own gdbstub running the guest natively. Everything
the guest can see must agree: where breakpoints stop, registers and CSRs, the virtual
mode, a write watchpoint (old and new value, where it stops), FP registers (written, then read back after the guest ran; QEMU 7.2 has no fcsr for
gdb, so the FP CSRs are checked in gdb_hypervisor_test.py only), memory, the effect of stepi (over an ordinary and an emulated instruction), writes
to variables and CSRs, and the exit status. Then hardware and software breakpoints in
code that s-code-check reads, rewrites and patches: same stops, same guest output."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gdb_session import session  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from glasshouse_test import guest_output  # noqa: E402

GUEST = os.path.join(os.environ["GLASSHOUSE_BUILD_DIR"], "riscv/guests/s-debug.elf")

SCRIPT = """\
set pagination off
set confirm off
set height 0
target remote 127.0.0.1:{port}
break bump_counter
continue
echo @@seen@@ stop\\n
frame
echo @@seen@@ registers\\n
print/x $pc
print/x $ra
print/x $sp
print/x $a0
print $priv
print/x $satp
print/x $stvec
print/x $sie
print/x $scounteren
echo @@seen@@ fp registers\\n
print/x $f1
set $f5 = 1.5
echo @@seen@@ memory\\n
x/4xg &table
x/2i $pc
print counter
set var counter = 41
print counter
echo @@seen@@ watchpoint\\n
delete
watch counter
continue
frame
print counter
delete
break bump_counter
echo @@seen@@ stepi\\n
stepi
print/x $pc
stepi
print/x $pc
delete
break write_scratch
continue
echo @@seen@@ stop\\n
frame
stepi
stepi
echo @@seen@@ after csrw\\n
print $f5
print/x $pc
print/x $sscratch
set $sscratch = 0x77
print/x $sscratch
print counter
delete
set var gdb_release = 2
continue
"""

# gdb lines that show the guest's state; thread names and paths differ by design. The
# end differs too: our stub tells gdb the guest exited (W packet), QEMU 7.2's closes the
# connection when the machine powers off; both exit statuses are compared instead.
SEEN = re.compile(r"^(@@seen@@.*|\$\d+ = .*|0x[0-9a-f]+ <.*|=> .*|#0 .*|Old value = .*|New value = .*)$")


def seen(output, pattern=SEEN):
    lines = []
    for line in output.splitlines():
        line = line.replace("\t", " ").rstrip()
        if pattern.match(line):
            lines.append(re.sub(r"\s+", " ", line))
    return lines


# Breakpoints the guest cannot see, on s-code-check (which reads, rewrites and patches
# its own code): QEMU's gdbstub never changes guest memory, so with `hbreak` (one
# session) or `break` (another, so that neither covers for the other) in that code both
# must stop at the same places and the guest must print the same.
CODE_GUEST = os.path.join(os.environ["GLASSHOUSE_BUILD_DIR"], "riscv/guests/s-code-check.elf")
CODE_SCRIPT = """\
set pagination off
set confirm off
set height 0
target remote 127.0.0.1:{port}
{breakpoint}
continue
echo @@seen@@ first stop\\n
print/x $pc
print $a0
x/2xw hw_target
x/2xw patchable
stepi
print/x $pc
continue
echo @@seen@@ after rewriting\\n
x/i $pc
continue
echo @@seen@@ after the patch\\n
x/i $pc
continue
echo @@seen@@ under Sv39\\n
print/x (unsigned long) $satp >> 60
x/i $pc
delete
continue
"""
CODE_SEEN = re.compile(r"^(@@seen@@.*|\$\d+ = .*|0x[0-9a-f]+ <.*|=> .*|Breakpoint \d+, .*)$")


def code_check(breakpoint):
    """Failures of one s-code-check session with `breakpoint`, and both outputs."""
    script = CODE_SCRIPT.replace("{breakpoint}", breakpoint)
    ours, our_status, our_console = session(CODE_GUEST, script)
    theirs, their_status, their_console = session(CODE_GUEST, script, native=True)
    ours_seen, theirs_seen = seen(ours, CODE_SEEN), seen(theirs, CODE_SEEN)
    failures = []
    if sum(line.startswith("Breakpoint ") for line in ours_seen) != 4:
        failures.append(f"{breakpoint}: our session did not stop 4 times at the breakpoint")
    failures += [f"{breakpoint}: {d}" for d in differences(ours_seen, theirs_seen)]
    our_guest = guest_output(our_console.replace("\r\n", "\n"))
    if "code check done" not in our_guest or \
            not their_console.replace("\r\n", "\n").endswith(our_guest):
        failures.append(f"{breakpoint}: the guest printed other lines under the hypervisor")
    if our_status != 0 or their_status != 0:
        failures.append(f"{breakpoint}: exit status ours {our_status}, native {their_status}")
    return failures, ours + "\n==== console ====\n" + our_console[-1500:], \
        theirs + "\n==== console ====\n" + their_console[-1500:]


def differences(ours_seen, theirs_seen):
    failures = []
    for i in range(max(len(ours_seen), len(theirs_seen))):
        a = ours_seen[i] if i < len(ours_seen) else "<nothing>"
        b = theirs_seen[i] if i < len(theirs_seen) else "<nothing>"
        if a != b:
            failures.append(f"gdb under the hypervisor saw {a!r}; natively {b!r}")
    return failures


def main():
    code_failures = []
    for breakpoint in ("hbreak *hw_target", "break *patchable"):
        failures, code_ours, code_theirs = code_check(breakpoint)
        if failures or os.environ.get("GLASSHOUSE_GDB_VERBOSE"):
            print(f"==== ours (s-code-check, {breakpoint}) ====\n" + code_ours)
            print(f"==== QEMU's gdbstub (s-code-check, {breakpoint}) ====\n" + code_theirs)
        code_failures += failures
    ours, our_status, our_console = session(GUEST, SCRIPT)
    theirs, their_status, their_console = session(GUEST, SCRIPT, native=True)
    ours_seen, theirs_seen = seen(ours), seen(theirs)
    failures = list(code_failures)
    if len(ours_seen) < 25:
        failures.append(f"our session showed too little ({len(ours_seen)} lines)")
    failures += differences(ours_seen, theirs_seen)
    if our_status != 0 or their_status != 0:
        failures.append(f"exit status: ours {our_status}, native {their_status}; expected 0")
    if failures or os.environ.get("GLASSHOUSE_GDB_VERBOSE"):
        print("==== ours ====\n" + ours + "\n==== QEMU's gdbstub ====\n" + theirs)
        print("==== consoles ====\n" + our_console[-800:] + "\n----\n" + their_console[-800:])
    for failure in failures:
        print("FAIL:", failure)
    if failures:
        return 1
    print(f"PASS: {len(ours_seen)} lines of what the guest shows agree with QEMU's gdbstub, "
          "and s-code-check's breakpoints and output too")
    return 0


if __name__ == "__main__":
    sys.exit(main())
