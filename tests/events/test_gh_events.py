#!/usr/bin/env python3
"""gh-events end to end: a recording made with the hypervisor's encoder is printed as text
and JSON, exported to CTF (read back with babeltrace2), re-recorded, served over TCP
(with commands sent back and checked), and bad input is reported clearly.

usage: test_gh_events.py GH_EVENTS MAKE_EVENT_RECORDING"""
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import zlib

GH_EVENTS, MAKE_RECORDING = sys.argv[1], sys.argv[2]
SAMPLE_EVENTS = 26


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def run(args, timeout=30):
    proc = subprocess.run([GH_EVENTS] + args, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=timeout)
    return proc.returncode, proc.stdout, proc.stderr


def expect_lines(out, wanted, what):
    for line in wanted:
        check(line in out.splitlines(), f"{what}: missing line\n  {line}\nin output:\n{out}")


def cobs_decode(data):
    out, i = bytearray(), 0
    while i < len(data):
        code = data[i]
        check(code != 0 and i + code <= len(data), "bad COBS from client")
        out += data[i + 1:i + code]
        i += code
        if code != 0xFF and i < len(data):
            out.append(0)
    return bytes(out)


def parse_command_frame(encoded):
    """(kind, vcpu, body) of a host->hypervisor frame, checking its CRC-32 like the VMM."""
    payload = cobs_decode(encoded)
    check(len(payload) >= 20, f"command frame too short: {payload.hex()}")
    check(zlib.crc32(payload[:-4]) == int.from_bytes(payload[-4:], "little"), "command CRC mismatch")
    version, kind, vcpu = payload[0], payload[1], int.from_bytes(payload[2:4], "little")
    check(version == 1, f"command wire version {version}")
    return kind, vcpu, payload[16:-4]


def test_text(clean):
    rc, out, err = run(["--open", clean])
    check(rc == 0, f"--open failed ({rc}): {err}")
    lines = out.splitlines()
    check(len(lines) == SAMPLE_EVENTS, f"expected {SAMPLE_EVENTS} lines, got {len(lines)}:\n{out}")
    expect_lines(out, [
        "vcpu0 t=0 hello wire v1, 2 vcpus, timebase 10000000 Hz, trap-and-emulate",
        "vcpu0 t=123456 trap cause=2 (illegal instruction) pc=0x80200010 mode S->S emulated "
        "tval=0x18051073 insn=0x18051073",
        "vcpu0 t=123460 csr satp 0x0 -> 0x8000000000080400 pc=0x80200010 "
        "(sv39 root=0x80400000 asid=0)",
        "vcpu0 t=123475 guest-pt root=0x80400000 va=0x1000 level=0 pte@0x80403008 "
        "0x0 -> 0x200004df (V R W X U A D)",
        "vcpu0 t=123501 mode U->S pc=0x80201000",
        "vcpu1 t=200010 dropped 3 events (seq 3..5, ring full), 3 in total",
        "vcpu1 t=200010 gdb stop (breakpoint) pc=0x80200200",
        "vcpu0 t=400000 vcpu halted pc=0x80201100 exit=0",
    ], "text output")
    check("26 events" in err and "3 dropped" in err, f"summary: {err}")
    check(not any(l.startswith("!") for l in lines), "a clean recording reported problems")


def test_json(clean):
    rc, out, err = run(["--open", clean, "--json"])
    check(rc == 0, f"--json failed: {err}")
    records = [json.loads(line) for line in out.splitlines()]
    check(len(records) == SAMPLE_EVENTS, f"expected {SAMPLE_EVENTS} JSON lines")
    trap = next(r for r in records if r["kind"] == "trap")
    check(trap == {"kind": "trap", "vcpu": 0, "seq": 4, "t": 123456, "cause": "0x2",
                   "cause_name": "illegal instruction", "pc": "0x80200010",
                   "tval": "0x18051073", "instruction": "0x18051073", "mode_before": "S",
                   "mode_after": "S", "handled_by": "emulated"}, f"trap JSON: {trap}")
    translation = next(r for r in records if r["kind"] == "translation")
    check(translation["gpa"] == "0x80001234" and len(translation["steps"]) == 3,
          f"translation JSON: {translation}")
    check(translation["steps"][2]["pte_gpa"] == "0x80403008", "walk step")


def test_corrupt(corrupt, tmp):
    rc, out, err = run(["--open", corrupt])
    check(rc == 0, f"a corrupt recording must still be read ({rc}): {err}")
    problems = [l for l in out.splitlines() if l.startswith("!")]
    check(len(problems) == 5, f"expected 5 problem lines:\n{out}")
    check(problems[0].startswith("! joined mid-stream: skipped"), problems[0])
    check(problems[1] == "! vcpu0 gap: 1 events missing (seq 5..5)", problems[1])
    check(problems[2].startswith("! corrupt frame skipped at byte"), problems[2])
    check(problems[4].startswith("! stream ends inside a frame"), problems[4])
    expect_lines(out, ["vcpu0 t=123501 mode U->S pc=0x80201000"], "after resync")
    rc, out, _ = run(["--open", corrupt, "--json"])
    kinds = [json.loads(l).get("problem") for l in out.splitlines()]
    check(kinds.count("sequence_gap") == 2 and "corrupt_frame" in kinds, f"JSON problems {kinds}")
    noise = os.path.join(tmp, "noise.bin")
    with open(noise, "wb") as f:
        f.write(random.Random(7).randbytes(20000))
    rc, out, err = run(["--open", noise])
    check(rc == 0, f"random bytes made gh-events fail ({rc}): {err}")
    check(all(l.startswith("! ") for l in out.splitlines()), f"random bytes decoded as events:\n{out}")
    check("0 events" in err and "bytes skipped" in err, f"random bytes summary: {err}")


def test_ctf(clean, tmp):
    trace = os.path.join(tmp, "trace")
    rc, out, err = run(["--open", clean, "--ctf", trace, "--quiet"])
    check(rc == 0 and out == "", f"--ctf failed ({rc}): {err}")
    check(os.path.exists(os.path.join(trace, "metadata")), "no CTF metadata")
    babeltrace = shutil.which("babeltrace2")
    check(babeltrace, "babeltrace2 is not installed (./glasshouse setup installs it)")
    proc = subprocess.run([babeltrace, trace], capture_output=True, text=True, timeout=60)
    check(proc.returncode == 0, f"babeltrace2 cannot read the trace:\n{proc.stderr}")
    lines = proc.stdout.splitlines()
    check(len(lines) == SAMPLE_EVENTS, f"babeltrace2 lists {len(lines)} events:\n{proc.stdout}")
    trap = next(l for l in lines if " trap: " in l)
    for field in ['cause_name = "illegal instruction"', "pc = 0x80200010", 'handled_by = "emulated"',
                  "cpu_id = 0", "seq = 4"]:
        check(field in trap, f"babeltrace2 trap line lacks {field}: {trap}")
    names = [l.split("] ", 1)[1].split(" ", 1)[1].split(":")[0] for l in lines]
    for name in ["hello", "trap", "csr_write", "page_table_diff", "mode_change", "drop_count",
                 "gdb", "vcpu_state", "translation", "page_table_entry", "reply_end"]:
        check(name in names, f"babeltrace2 lists no {name} event: {names}")


def test_record(clean, tmp):
    copy = os.path.join(tmp, "copy.bin")
    rc, _, err = run(["--open", clean, "--record", copy, "--quiet"])
    check(rc == 0, f"--record failed: {err}")
    check(open(copy, "rb").read() == open(clean, "rb").read(), "the recording differs")


def serve_once(listener, stream, received):
    conn, _ = listener.accept()
    with conn:
        conn.settimeout(10)
        data = b""
        while data.count(b"\0") < 2:
            chunk = conn.recv(4096)
            if not chunk:
                break
            data += chunk
        received.extend(f for f in data.split(b"\0") if f)
        for i in range(0, len(stream), 100):  # in pieces, as a UART would
            conn.sendall(stream[i:i + 100])


def test_connect(clean, tmp):
    stream = open(clean, "rb").read()
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    received = []
    server = threading.Thread(target=serve_once, args=(listener, stream, received), daemon=True)
    server.start()
    copy = os.path.join(tmp, "live.bin")
    rc, out, err = run(["--connect", f"127.0.0.1:{port}", "--record", copy,
                        "--send", "translate vcpu=1 gva=0x80001234",
                        "--send", "filter classes=trap,csr vcpus=0"])
    server.join(10)
    listener.close()
    check(rc == 0, f"--connect failed ({rc}): {err}")
    check(len(out.splitlines()) == SAMPLE_EVENTS, f"live output:\n{out}")
    check(open(copy, "rb").read() == stream, "the live recording differs from what was sent")
    check(len(received) == 2, f"the server got {len(received)} command frames")
    kind, vcpu, body = parse_command_frame(received[0])
    check(kind == 0x84 and vcpu == 1, f"translate frame: kind {kind:#x} vcpu {vcpu}")
    check(int.from_bytes(body[8:16], "little") == 0x80001234, "translate gva")
    kind, vcpu, body = parse_command_frame(received[1])
    check(kind == 0x80 and vcpu == 0xFFFF, f"filter frame: kind {kind:#x} vcpu {vcpu}")
    check(int.from_bytes(body[4:8], "little") == 0b101, "filter classes trap|csr")
    check(int.from_bytes(body[8:16], "little") == 1, "filter vcpu mask")
    check("request #1" in err and "request #2" in err, f"sent requests not reported: {err}")


def test_errors(clean):
    cases = [
        (["--open", "/nonexistent/rec.bin"], 1, "cannot open /nonexistent/rec.bin"),
        (["--frobnicate"], 2, "unknown option '--frobnicate'"),
        ([], 2, "give exactly one of --connect HOST:PORT or --open FILE"),
        (["--open", clean, "--connect", "localhost:1"], 2, "give exactly one"),
        (["--open", clean, "--send", "snapshot-map"], 2, "--send needs --connect"),
        (["--connect", "localhost:1", "--send", "reboot"], 2, "unknown command 'reboot'"),
        (["--connect", "nocolon"], 1, "expected HOST:PORT"),
        (["--open"], 2, "--open needs a value"),
        (["--open", clean, "--count", "many"], 2, "bad number for --count"),
    ]
    for args, want_rc, message in cases:
        rc, _, err = run(args)
        check(rc == want_rc, f"gh-events {args}: exit {rc}, expected {want_rc}\n{err}")
        check(message in err, f"gh-events {args}: expected '{message}' in:\n{err}")
    port_socket = socket.socket()
    port_socket.bind(("127.0.0.1", 0))
    port = port_socket.getsockname()[1]
    port_socket.close()
    rc, _, err = run(["--connect", f"127.0.0.1:{port}"])
    check(rc == 1 and "cannot connect" in err, f"refused connection: {rc} {err}")
    rc, out, _ = run(["--open", clean, "--count", "3"])
    check(len(out.splitlines()) == 3, f"--count 3 printed:\n{out}")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        clean, corrupt = os.path.join(tmp, "clean.bin"), os.path.join(tmp, "corrupt.bin")
        subprocess.run([MAKE_RECORDING, clean], check=True)
        subprocess.run([MAKE_RECORDING, corrupt, "--corrupt"], check=True)
        for test in (lambda: test_text(clean), lambda: test_json(clean),
                     lambda: test_corrupt(corrupt, tmp), lambda: test_ctf(clean, tmp),
                     lambda: test_record(clean, tmp), lambda: test_connect(clean, tmp),
                     lambda: test_errors(clean)):
            test()
    print("PASS")


if __name__ == "__main__":
    try:
        main()
    except Failure as failure:
        print("FAIL:", failure)
        sys.exit(1)
