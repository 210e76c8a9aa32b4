#!/usr/bin/env python3
"""Glasshouse benchmarks: figures printed side by side from one run, as ratios against
a baseline measured in the same script (the machines are noisy). Never a pass/fail.
Instructions per operation come from QEMU's -icount and are the same on every run.

  python3 benchmarks/run.py           # quick figures (about a minute)
  python3 benchmarks/run.py --pane    # also Pane's usertests natively and under the hypervisor (minutes)
"""
import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("GLASSHOUSE_BUILD_DIR", os.path.join(ROOT, "build"))
LAUNCHER = os.path.join(ROOT, "glasshouse")
GUESTS = os.path.join(BUILD, "riscv", "guests")


def run(args, timeout=900, qemu_args=""):
    start = time.monotonic()
    env = dict(os.environ, GLASSHOUSE_QEMU_ARGS=qemu_args)
    proc = subprocess.run([LAUNCHER, "run"] + args, stdin=subprocess.DEVNULL, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout)
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), time.monotonic() - start


# QEMU with -icount shift=0 advances its virtual clock by 1 ns per instruction it executes
# (on any hart), and sleep=off jumps over idle time instead of waiting: a run's timer
# readings then count instructions and repeat exactly. QEMU virt's timer runs at 10 MHz,
# so one tick is 100 instructions.
ICOUNT_ARGS = "-icount shift=0,sleep=off"
INSTRUCTIONS_PER_TICK = 100
LOOP_OVERHEAD = "loop_overhead"


def bench_lines(text):
    return {m.group(1): float(m.group(2))
            for m in re.finditer(r"^bench (\S+) ticks_per_op=([\d.]+)", text, re.M)
            if m.group(1) != LOOP_OVERHEAD}


def bench_ticks(text):
    return {m.group(1): (int(m.group(2)), int(m.group(3)))
            for m in re.finditer(r"^bench (\S+) ticks_per_op=[\d.]+ ticks=(\d+) rounds=(\d+)",
                                 text, re.M)}


def instructions_per_op(ticks):
    """Instructions per operation, the empty loop's share taken off."""
    base, _ = ticks[LOOP_OVERHEAD]
    return {name: (t - base) * INSTRUCTIONS_PER_TICK / rounds
            for name, (t, rounds) in ticks.items() if name != LOOP_OVERHEAD}


def exit_instructions():
    guest = os.path.join(GUESTS, "s-exit-cost.elf")
    counts = {}
    for label, extra in (("native", ["--native"]), ("hypervisor", []), ("hypervisor again", [])):
        status, text, _ = run(extra + ["--guest", guest, "--timeout", "300"], qemu_args=ICOUNT_ARGS)
        ticks = bench_ticks(text)
        if LOOP_OVERHEAD not in ticks:
            print(f"instructions per operation: the {label} run under -icount failed (exit {status})\n")
            return
        counts[label] = instructions_per_op(ticks)
    n, v = counts["native"], counts["hypervisor"]
    print("instructions per operation (-icount)  native   hypervisor  slowdown")
    for name in n:
        if name in v:
            label = name + (" (one trapping CSR access)" if name == "csr_write" else "")
            print(f"{label:37} {n[name]:7.1f} {v[name]:12.1f} {v[name] / max(n[name], 0.1):8.1f}x")
    print(f"(QEMU {ICOUNT_ARGS}: guest and hypervisor instructions from the virtual clock, loop")
    print(" overhead taken off; under the hypervisor each trapping operation is a full round trip:")
    print(" trap, emulate, return. Two hypervisor runs: "
          + ("identical" if counts["hypervisor again"] == v else "DIFFERENT") + ")\n")


GH_EVENTS = os.path.join(BUILD, "inspector", "gh-events")
SUMMARY = re.compile(r"(\d+) events from .*, (\d+) corrupt frames .*, (\d+) missing, "
                     r"(\d+) dropped by the hypervisor")


def summary(stderr):
    """(events, dropped) from gh-events' closing line."""
    m = SUMMARY.search(stderr)
    return (int(m.group(1)), int(m.group(4))) if m else (0, 0)


def run_with_shared_ring(guest, tmp):
    """The guest with the full-rate event path, gh-events draining the ring meanwhile."""
    ring = os.path.join(tmp, "events.ring")
    recording = os.path.join(tmp, "shm.ghev")
    proc = subprocess.Popen([LAUNCHER, "run", "--guest", guest, "--events", "shm:" + ring,
                             "--timeout", "300"], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    while not (os.path.exists(ring) and os.path.getsize(ring) > 0) and proc.poll() is None:
        time.sleep(0.02)
    reader = subprocess.run([GH_EVENTS, "--connect", "shm:" + ring, "--quiet", "--record",
                             recording], capture_output=True, text=True, timeout=400)
    out, _ = proc.communicate(timeout=400)
    return out.decode("utf-8", "replace"), summary(reader.stderr), recording


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_with_tcp(guest, events):
    """The guest with the event stream on TCP, gh-events reading it live from the start
    (GLASSHOUSE_CHANNEL_WAIT=1 holds the stream for it): `events` "uart:" is the UART,
    "" the default, the shared-memory rings through gh-event-relay."""
    port = free_port()
    env = dict(os.environ, GLASSHOUSE_CHANNEL_WAIT="1")
    proc = subprocess.Popen([LAUNCHER, "run", "--guest", guest, "--events", events + str(port),
                             "--timeout", "300"], stdin=subprocess.DEVNULL, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    reader = None
    for _ in range(200):
        reader = subprocess.run([GH_EVENTS, "--connect", f"127.0.0.1:{port}", "--quiet"],
                                capture_output=True, text=True, timeout=400)
        if "events from" in reader.stderr:
            break
        time.sleep(0.05)
    out, _ = proc.communicate(timeout=400)
    return out.decode("utf-8", "replace"), summary(reader.stderr)


def decode_rate(recording):
    start = time.monotonic()
    decoded = subprocess.run([GH_EVENTS, "--open", recording, "--quiet"], capture_output=True,
                             text=True, timeout=300)
    seconds = time.monotonic() - start
    events, _ = summary(decoded.stderr)
    return events, seconds


def exit_costs():
    guest = os.path.join(GUESTS, "s-exit-cost.elf")
    _, native, _ = run(["--native", "--guest", guest, "--timeout", "300"])
    _, vmm, _ = run(["--guest", guest, "--timeout", "300"])
    traced, (uart_events, uart_dropped) = run_with_tcp(guest, "uart:")
    relayed, (relay_events, relay_dropped) = run_with_tcp(guest, "")
    with tempfile.TemporaryDirectory() as tmp:
        shared, (shm_events, shm_dropped), shm_recording = run_with_shared_ring(guest, tmp)
        events, seconds = decode_rate(shm_recording)
    n, v = bench_lines(native), bench_lines(vmm)
    t, m, r = bench_lines(traced), bench_lines(shared), bench_lines(relayed)
    print("operation                          native   hypervisor  ratio   events: UART  ratio"
          "    shared memory  ratio    TCP relay  ratio")
    for name in n:
        if name in v and name in t and name in m and name in r:
            print(f"{name:32} {n[name]:8.1f} {v[name]:11.1f} {v[name] / max(n[name], 0.1):7.0f}x"
                  f" {t[name]:11.1f} {t[name] / max(v[name], 0.1):6.2f}x"
                  f" {m[name]:14.1f} {m[name] / max(v[name], 0.1):6.2f}x"
                  f" {r[name]:12.1f} {r[name] / max(v[name], 0.1):6.2f}x")
    print("(timer ticks per operation at 10 MHz; the event ratios are stream on vs off)")
    print(f"event stream of this trap-heavy guest at the default settings (--events PORT: the"
          f" shared-memory rings through the TCP relay): {relay_events} events delivered,"
          f" {relay_dropped} dropped; through the UART (--events uart:PORT) {uart_events}"
          f" delivered, {uart_dropped} dropped; shared memory read directly (--events shm:PATH)"
          f" {shm_events} delivered, {shm_dropped} dropped")
    print(f"gh-events decodes {events / max(seconds, 1e-6):,.0f} events/s"
          f" ({events} events in {seconds:.2f} s, process start included)\n")


def guest_wall_times():
    print("\nguest                 native s   hypervisor s   slowdown")
    for name, boot in (("s-cpu.elf", "s"), ("s-paging.elf", "s"), ("m-timer.elf", "m")):
        guest = os.path.join(GUESTS, name)
        _, _, native = run(["--native", "--boot", boot, "--guest", guest, "--timeout", "300"])
        _, _, vmm = run(["--boot", boot, "--guest", guest, "--timeout", "300"])
        print(f"{name:20} {native:9.2f} {vmm:14.2f} {vmm / native:9.2f}x")
    print("(whole QEMU runs, boot included)")


def pane_usertests():
    kernel = os.path.join(GUESTS, "pane", "pane.elf")
    image = os.path.join(BUILD, "guests", "pane", "fs-autorun.img")
    print("\nPane usertests (3 vCPUs)   seconds   exit")
    times = {}
    for label, extra in (("native", ["--native"]), ("hypervisor", [])):
        with tempfile.TemporaryDirectory() as tmp:
            disk = os.path.join(tmp, "fs.img")
            shutil.copy(image, disk)
            status, text, seconds = run(extra + ["--guest", kernel, "--boot", "m", "--mmu", "sv39", "--smp", "3",
                                                 "--disk", disk, "--timeout", "1800"], 1900)
        ok = "ALL TESTS PASSED" in text
        times[label] = seconds
        print(f"  {label:24} {seconds:8.1f}   {status} {'passed' if ok else 'FAILED'}")
    print(f"  slowdown {times['hypervisor'] / times['native']:.1f}x")


def gdb_transports():
    """The gdb stub over the UART and over the virtio console against QEMU's own stub:
    tests/debug/gdb_benchmark.py measures all three in one run and prints the table."""
    script = os.path.join(ROOT, "tests", "debug", "gdb_benchmark.py")
    env = dict(os.environ, GLASSHOUSE_BUILD_DIR=BUILD)
    proc = subprocess.run([sys.executable, script], stdin=subprocess.DEVNULL, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=900)
    print("\ngdb stub, ours by transport vs QEMU's gdbstub (same guest, same run)")
    lines = proc.stdout.decode("utf-8", "replace").splitlines()
    print("\n".join(line for line in lines if line != "PASS"))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--pane", action="store_true", help="also time Pane's usertests (minutes)")
    a = p.parse_args()
    if not os.path.exists(os.path.join(GUESTS, "s-exit-cost.elf")):
        sys.exit("benchmarks: build first (./glasshouse build)")
    exit_instructions()
    exit_costs()
    guest_wall_times()
    gdb_transports()
    if a.pane:
        pane_usertests()


if __name__ == "__main__":
    main()
