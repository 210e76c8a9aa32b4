#!/usr/bin/env python3
"""gh-inspector end to end, headless (SDL's offscreen driver, software renderer): it
opens recordings made with the hypervisor's encoder -- and a live TCP stream replayed by
a fixture that also answers a translate command -- renders them to PNG, and reports what
its panels show (--report). The PNGs are decoded here and checked for their size and
for the inspector's colours, not just for being non-blank.

The mouse cases drive the UI through --actions (real SDL mouse, key and text events):
`mouse` on recordings (vCPU row, page-table leaf, timeline, save and open), `mouse_live`
on Pane running under the real hypervisor on QEMU (disconnect, connect, the filter sent
to the hypervisor and its acknowledgement).

usage: test_gh_inspector.py CASE GH_INSPECTOR MAKE_EVENT_RECORDING WORKDIR
  CASE: screenshot | keyboard | million | live | mouse | mouse_live"""
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import threading
import time
import zlib

CASE, INSPECTOR, MAKE_RECORDING, WORKDIR = sys.argv[1:5]

# Colours the inspector draws (colors.cpp), as RGB.
MODE_U = (77, 191, 102)
MODE_S = (66, 133, 245)
MODE_VU = (51, 191, 184)
GVA_AMBER = (255, 217, 89)
GPA_GREEN = (115, 235, 140)
HPA_MAGENTA = (242, 140, 242)


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


# --- PNG decoding (8-bit RGBA, as libpng's simplified API writes it) --------------------

def png_chunks(data):
    check(data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file")
    pos = 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        yield kind, data[pos + 8:pos + 8 + length]
        pos += 12 + length


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def unfilter(raw, width, height, bpp=4):
    stride = width * bpp
    rows, prev, pos = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[pos], bytearray(raw[pos + 1:pos + 1 + stride])
        pos += 1 + stride
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up = prev[i]
            upleft = prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                line[i] = (line[i] + paeth(left, up, upleft)) & 0xFF
        rows.append(bytes(line))
        prev = line
    return rows


def read_png(path):
    data = open(path, "rb").read()
    idat, width, height = b"", 0, 0
    for kind, body in png_chunks(data):
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            check(depth == 8 and colour == 6, f"expected 8-bit RGBA, got depth {depth} type {colour}")
        elif kind == b"IDAT":
            idat += body
    return width, height, unfilter(zlib.decompress(idat), width, height)


def colour_counts(rows):
    counts = {}
    for row in rows[::3]:
        for x in range(0, len(row), 12):
            rgb = tuple(row[x:x + 3])
            counts[rgb] = counts.get(rgb, 0) + 1
    return counts


def near(counts, rgb, tolerance=6):
    return sum(n for c, n in counts.items() if all(abs(c[i] - rgb[i]) <= tolerance for i in range(3)))


def check_picture(path, width, height, wanted):
    check(os.path.exists(path), f"no screenshot at {path}")
    got_width, got_height, rows = read_png(path)
    check((got_width, got_height) == (width, height),
          f"{path}: {got_width}x{got_height}, expected {width}x{height}")
    counts = colour_counts(rows)
    check(len(counts) > 40, f"{path}: only {len(counts)} colours -- blank?")
    for name, rgb in wanted.items():
        check(near(counts, rgb) > 0, f"{path}: no {name} pixels {rgb} (the inspector's colour)")
    print(f"{path}: {got_width}x{got_height}, {len(counts)} colours sampled")


# --- Running ---------------------------------------------------------------------------

def make_recording(name, *args):
    path = os.path.join(WORKDIR, name)
    subprocess.run([MAKE_RECORDING, path, "--synthetic", *args], check=True, timeout=600)
    return path


def inspect(*args, timeout=600):
    proc = subprocess.run([INSPECTOR, *args], capture_output=True, text=True, timeout=timeout)
    sys.stdout.write(proc.stdout)
    check(proc.returncode == 0, f"gh-inspector {' '.join(args)} failed ({proc.returncode}):\n"
                                f"{proc.stdout}{proc.stderr}")
    return proc.stdout


def inspect_under_xvfb(*args):
    """gh-inspector on SDL's x11 driver in a private Xvfb (xvfb-run, Debian's xvfb)."""
    command = ["xvfb-run", "-a", "-s", "-screen 0 1920x1200x24", "env", "SDL_VIDEODRIVER=x11",
               INSPECTOR, *args]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=600)
    sys.stdout.write(proc.stdout)
    check(proc.returncode == 0, f"under Xvfb: gh-inspector {' '.join(args)} failed "
                                f"({proc.returncode}):\n{proc.stdout}{proc.stderr}")


def report(path):
    with open(path) as file:
        return json.load(file)


def test_screenshot():
    recording = make_recording("three-vcpus.ghrec", "--events", "6000", "--vcpus", "3")
    png, rep = os.path.join(WORKDIR, "overview.png"), os.path.join(WORKDIR, "overview.json")
    inspect("--open", recording, "--screenshot", png, "--size", "1600x1000",
            "--translate", "0x2234", "--vcpu", "0", "--report", rep)
    check_picture(png, 1600, 1000, {"U-mode band": MODE_U, "S-mode band": MODE_S,
                                     "gva": GVA_AMBER, "gpa": GPA_GREEN, "hpa": HPA_MAGENTA})
    r = report(rep)
    check(r["events"] > 6000 and r["trap_log.rows"] == r["events"], f"trap log rows: {r}")
    check(r["vcpus.rows"] == 3 and r["timeline.lanes"] == 3, f"vCPUs and lanes: {r}")
    check(r["memory_map.regions"] == 6, f"memory map: {r}")
    check(r["page_tables.guest_entries"] > 20 and r["page_tables.host_entries"] > 10, f"tables: {r}")
    text = r["translation.recorded"]
    for wanted in ["Translate 0x2234 for a load", "VPN[2] 0 | VPN[1] 0 | VPN[0] 2 | offset 0x234",
                   "Level 0: PTE address = table"]:
        check(wanted in text, f"translation lacks {wanted!r}:\n{text}")

    png2, rep2 = os.path.join(WORKDIR, "paging-presenter.png"), os.path.join(WORKDIR, "paging.json")
    inspect("--open", recording, "--screenshot", png2, "--size", "1280x800", "--presenter",
            "--layout", "paging", "--select", "200", "--translate", "0x40000000",
            "--report", rep2)
    check_picture(png2, 1280, 800, {"gva": GVA_AMBER, "gpa": GPA_GREEN})
    r2 = report(rep2)
    check(r2["presenter"] and r2["layout"] == "paging" and r2["cursor"] == 200, f"view: {r2}")
    check(r2["page_tables.at"] == 200 and r2["page_tables.guest_entries"] < r["page_tables.guest_entries"],
          f"tables at the cursor should be those of event 200: {r2}")
    check("FAILS at level" in r2["translation.recorded"], r2["translation.recorded"])

    h = make_recording("h-backend.ghrec", "--events", "3000", "--vcpus", "2", "--h")
    png3, rep3 = os.path.join(WORKDIR, "h-backend.png"), os.path.join(WORKDIR, "h.json")
    inspect("--open", h, "--screenshot", png3, "--size", "1280x800", "--search", "page fault",
            "--translate", "0x1000", "--report", rep3)
    check_picture(png3, 1280, 800, {"VU-mode band": MODE_VU})
    r3 = report(rep3)
    check(0 < r3["trap_log.rows"] < r3["events"], f"search 'page fault' should filter: {r3}")
    check("G-stage" in r3["translation.recorded"] or "FAILS" in r3["translation.recorded"],
          r3["translation.recorded"])


def test_keyboard():
    """The keyboard controls, pressed as a user would (--keys): next/previous event on the
    selected event's vCPU, pause, follow-live, the layout presets."""
    recording = make_recording("keys.ghrec", "--events", "3000", "--vcpus", "3")

    def after(keys):
        png, rep = os.path.join(WORKDIR, "keys.png"), os.path.join(WORKDIR, "keys.json")
        inspect("--open", recording, "--screenshot", png, "--size", "1024x700",
                "--select", "300", "--report", rep, *(["--keys", keys] if keys else []))
        return report(rep)

    start = after("")
    check(start["cursor"] == 300 and not start["paused"], f"start: {start}")
    forward = after("n n")
    check(forward["cursor"] > 300, f"two 'n' should move past event 300: {forward}")
    back = after("n n p p")
    check(back["cursor"] == 300, f"'n n p p' should come back to event 300: {back}")
    vim = after("j k")
    check(vim["cursor"] == 300, f"'j k' should come back to event 300: {vim}")
    toggles = after("space f 2")
    check(toggles["paused"] and toggles["follow_live"] != start["follow_live"],
          f"space pauses, f toggles following: {toggles}")
    check(toggles["layout"] == "paging", f"'2' is the paging layout: {toggles}")
    check(after("3")["layout"] == "traps", "'3' is the traps layout")


def test_million():
    recording = make_recording("million.ghrec", "--events", "1000000", "--vcpus", "4")
    png, rep = os.path.join(WORKDIR, "million.png"), os.path.join(WORKDIR, "million.json")
    inspect("--open", recording, "--screenshot", png, "--report", rep, "--select", "-1")
    check_picture(png, 1600, 1000, {"U-mode band": MODE_U})
    r = report(rep)
    check(r["events"] >= 1_000_000 and r["trap_log.rows"] == r["events"], f"{r}")
    print(f"figures: {r['events']} events loaded in {r['load_seconds']:.3f} s, "
          f"frame time {r['frame_ms']:.2f} ms")


# --- The live fixture: replays a recording over TCP and answers request_translation ----

def cobs_encode(data):
    out, block = bytearray(), bytearray()
    for byte in data:
        if byte == 0:
            out += bytes([len(block) + 1]) + block
            block = bytearray()
        else:
            block.append(byte)
            if len(block) == 254:
                out += b"\xff" + block
                block = bytearray()
    return bytes(out + bytes([len(block) + 1]) + block)


def cobs_decode(data):
    out, i = bytearray(), 0
    while i < len(data):
        code = data[i]
        out += data[i + 1:i + code]
        i += code
        if code != 0xFF and i < len(data):
            out.append(0)
    return bytes(out)


def frame(kind, vcpu, sequence, timestamp, body):
    payload = struct.pack("<BBHIQ", 1, kind, vcpu, sequence, timestamp) + body
    return cobs_encode(payload + struct.pack("<I", zlib.crc32(payload))) + b"\x00"


def next_sequences(stream):
    """The next sequence number per vCPU, and the last timestamp, of a recording."""
    nexts, last = {}, 0
    for encoded in stream.split(b"\x00"):
        if encoded:
            payload = cobs_decode(encoded)
            vcpu, sequence, timestamp = struct.unpack("<HIQ", payload[2:16])
            nexts[vcpu] = sequence + 1
            last = max(last, timestamp)
    return nexts, last


def translation_reply(request_id, gva, sequence, timestamp):
    gpa, hpa = 0x80001000 | (gva & 0xFFF), 0x100001000 | (gva & 0xFFF)
    body = struct.pack("<IBBBbQQQQQBBBBHH", request_id, 1, 0, 0, -1, gva, (8 << 60) | 0x80400,
                       gpa, hpa, 0x200004DF, 1, 0, 1, 1, 0, 0)
    body += struct.pack("<QQQBBHI", 0x80400000, 0x80400000, 0x200004DF, 2, 0, 0, 0)
    body += bytes(32 * 4)
    end = struct.pack("<IBBHII", request_id, 0x84, 0, 0, 1, 0)
    return (frame(0x21, 0, sequence, timestamp, body) +
            frame(0x23, 0, sequence + 1, timestamp, end))


def serve(listener, stream, received):
    connection, _ = listener.accept()
    connection.sendall(stream)
    nexts, timestamp = next_sequences(stream)
    sequence = nexts.get(0, 0)
    pending = b""
    connection.settimeout(60)
    try:
        while True:
            chunk = connection.recv(4096)
            if not chunk:
                break
            pending += chunk
            while b"\x00" in pending:
                encoded, pending = pending.split(b"\x00", 1)
                payload = cobs_decode(encoded)
                kind, vcpu = payload[1], struct.unpack("<H", payload[2:4])[0]
                received.append(kind)
                if kind == 0x84:
                    request_id, gva = struct.unpack("<I", payload[16:20])[0], \
                        struct.unpack("<Q", payload[24:32])[0]
                    connection.sendall(translation_reply(request_id, gva, sequence, timestamp + 1))
                    sequence += 2
    except OSError:
        pass
    connection.close()


def test_live():
    recording = make_recording("live.ghrec", "--events", "4000", "--vcpus", "2")
    stream = open(recording, "rb").read()
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    received = []
    server = threading.Thread(target=serve, args=(listener, stream, received), daemon=True)
    server.start()
    png, rep = os.path.join(WORKDIR, "live.png"), os.path.join(WORKDIR, "live.json")
    inspect("--connect", f"127.0.0.1:{port}", "--seconds", "2", "--screenshot", png,
            "--translate", "0x1234", "--vcpu", "0", "--report", rep)
    server.join(10)
    check_picture(png, 1600, 1000, {"U-mode band": MODE_U, "hpa": HPA_MAGENTA})
    r = report(rep)
    check(0x83 in received, f"no request_memory_map from the inspector: {received}")
    check(0x84 in received, f"no request_translation from the inspector: {received}")
    check("live:" in r["controls.status"], r["controls.status"])
    live = r["translation.live"]
    for wanted in ["Translate 0x1234 for a load", "->  hpa 0x100001234"]:
        check(wanted in live, f"the hypervisor's walk lacks {wanted!r}:\n{live}")
    check(r["events"] >= 4000, f"live events: {r}")


# --- The mouse: --actions ----------------------------------------------------------------

def clicked(r, widget_prefix):
    """The widget name an action clicked, from the report's list of actions done."""
    for line in r["actions.done"].splitlines():
        if m := re.match(r"(?:click|type .* into) (\S.*?) at \d+,\d+$", line):
            if m.group(1).startswith(widget_prefix):
                return m.group(1)
    raise Failure(f"no click on {widget_prefix!r} in {r['actions.done']!r}")


def test_mouse():
    """Recordings driven with the mouse: a vCPU row focuses it, a guest leaf in the page
    tables is translated, Save recording writes a file that a second run opens with the
    Open control (the same events), a click on a timeline band selects that vCPU's
    nearest event, a click on a trap-log row selects that event; an unknown widget or a
    bad script fails the run."""
    recording = make_recording("mouse.ghrec", "--events", "3000", "--vcpus", "3")
    saved = os.path.join(WORKDIR, "saved-through-the-ui.ghrec")
    if os.path.exists(saved):
        os.remove(saved)
    png, rep = os.path.join(WORKDIR, "mouse.png"), os.path.join(WORKDIR, "mouse.json")
    inspect("--open", recording, "--screenshot", png, "--report", rep, "--actions",
            "click:vCPUs/vCPU 2; click:Page tables/guest leaf 0x2*; "
            f"type:save as={saved}; click:Save recording")
    r = report(rep)
    check(r["focus_vcpu"] == 2 and r["vcpus.focused"] == 2, f"vCPU 2 should be focused: {r}")
    leaf = int(clicked(r, "Page tables/guest leaf").split()[-1], 16)
    check(leaf != 0 and r["translation.gva"] == leaf,
          f"the translation should show the leaf's gva {leaf:#x}: {r['translation.gva']:#x}")
    check(f"Translate {leaf:#x} for a load" in r["translation.recorded"], r["translation.recorded"])
    check(r["controls.saved"] == saved and os.path.getsize(saved) > 0, f"not saved: {r}")

    png2, rep2 = os.path.join(WORKDIR, "mouse-open.png"), os.path.join(WORKDIR, "mouse-open.json")
    inspect("--screenshot", png2, "--report", rep2, "--actions",
            f"type:recording file={saved}; click:Open; click:Mode timeline/lanes@0.5,0.85")
    r2 = report(rep2)
    check(r2["source.kind"] == "recording" and r2["source.description"] == saved, f"source: {r2}")
    check(r2["events"] == r["events"] and r2["trap_log.rows"] == r["events"],
          f"the saved recording has {r2['events']} events, the original {r['events']}")
    check(r2["focus_vcpu"] == 2 and not r2["follow_live"] and 0 < r2["cursor"] < r2["events"] - 1,
          f"a click on the third band should select a vCPU 2 event mid-run: {r2}")

    # A row of the trap log: the cursor goes to that event and the view stops following.
    png4, rep4 = os.path.join(WORKDIR, "mouse-row.png"), os.path.join(WORKDIR, "mouse-row.json")
    inspect("--open", saved, "--screenshot", png4, "--report", rep4, "--actions",
            "click:Trap log/event *")
    r4 = report(rep4)
    row = int(clicked(r4, "Trap log/event").split()[-1])
    check(row != r4["events"] - 1 and r4["cursor"] == row and not r4["follow_live"],
          f"a click on trap-log row {row} should select it: cursor {r4['cursor']}")

    # The same clicks through a real X server (Xvfb): there the X pointer moves and ImGui's
    # SDL backend reads it unaided (under the offscreen driver the app places it).
    png3, rep3 = os.path.join(WORKDIR, "mouse-x11.png"), os.path.join(WORKDIR, "mouse-x11.json")
    inspect_under_xvfb("--open", saved, "--screenshot", png3, "--report", rep3, "--actions",
                       "click:vCPUs/vCPU 1; click:Page tables/guest leaf 0x3*")
    r3 = report(rep3)
    leaf = int(clicked(r3, "Page tables/guest leaf").split()[-1], 16)
    check(r3["focus_vcpu"] == 1 and r3["translation.gva"] == leaf != 0,
          f"clicks under Xvfb: focus {r3['focus_vcpu']}, gva {r3['translation.gva']:#x}")

    bad = subprocess.run([INSPECTOR, "--open", saved, "--screenshot", png2, "--report", rep2,
                          "--actions", "click:No such button"], capture_output=True, text=True,
                         timeout=600)
    check(bad.returncode == 2 and 'no widget "No such button"' in bad.stderr,
          f"an unknown widget must fail the run: {bad.returncode} {bad.stderr[:300]}")
    check("No such button" in report(rep2)["actions.error"], "the report names the failure")
    syntax = subprocess.run([INSPECTOR, "--screenshot", png2, "--actions", "click:Open; jump:x"],
                            capture_output=True, text=True, timeout=60)
    check(syntax.returncode == 2 and "unknown action 'jump'" in syntax.stderr,
          f"a bad script is a bad command line: {syntax.returncode} {syntax.stderr[:300]}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_listener(port, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise Failure(f"nothing listens on port {port}")


def start_pane(port):
    """Pane (2 vCPUs) under the hypervisor on QEMU, its event channel on TCP `port`."""
    build = os.environ["GLASSHOUSE_BUILD_DIR"]
    disk = os.path.join(WORKDIR, "pane.img")
    shutil.copyfile(os.path.join(build, "guests/pane/fs.img"), disk)
    launcher = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "glasshouse")
    log = open(os.path.join(WORKDIR, "pane-console.txt"), "wb")
    return subprocess.Popen([launcher, "run", "--guest",
                             os.path.join(build, "riscv/guests/pane/pane.elf"), "--boot", "m",
                             "--smp", "2", "--mmu", "sv39", "--disk", disk, "--events", str(port),
                             "--timeout", "400"],
                            stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


def test_mouse_live():
    """A live run driven with the mouse: Disconnect stops the events, Connect brings them
    back, and a filter sent from the controls (vCPU 1 only) is acknowledged by the
    hypervisor, after which no vCPU 0 event arrives while vCPU 1's still do."""
    os.makedirs(WORKDIR, exist_ok=True)
    port = free_port()
    pane = start_pane(port)
    try:
        wait_for_listener(port, 60)
        at = {name: os.path.join(WORKDIR, f"live-{name}.json")
              for name in ["connected", "disconnected", "still", "reconnected", "growing",
                           "filtered"]}
        png, rep = os.path.join(WORKDIR, "mouse-live.png"), os.path.join(WORKDIR, "mouse-live.json")
        inspect("--connect", f"127.0.0.1:{port}", "--seconds", "4", "--screenshot", png,
                "--report", rep, "--actions",
                f"report:{at['connected']}; click:Disconnect; report:{at['disconnected']}; "
                f"wait:2; report:{at['still']}; type:host:port=127.0.0.1:{port}; click:Connect; "
                f"wait:3; report:{at['reconnected']}; wait:3; report:{at['growing']}; "
                f"type:vCPUs=1; click:Send filter; wait:5; report:{at['filtered']}")
    finally:
        os.killpg(pane.pid, 15)
        pane.wait(timeout=60)
    r = {name: report(path) for name, path in at.items()}
    for name, one in r.items():
        print(f"{name}: connected={one['source.connected']} events={one['events']} "
              f"vcpu0={one.get('vcpus.0.events')} vcpu1={one.get('vcpus.1.events')} "
              f"ack={one['controls.filter_ack']}")
    check(r["connected"]["source.connected"] and r["connected"]["events"] > 0,
          f"live events before the clicks: {r['connected']}")
    check(not r["disconnected"]["source.connected"] and r["disconnected"]["source.kind"] == "none",
          f"Disconnect: {r['disconnected']}")
    check(r["still"]["events"] == r["disconnected"]["events"],
          f"events grew after Disconnect: {r['disconnected']['events']} -> {r['still']['events']}")
    check(r["reconnected"]["source.connected"] and r["reconnected"]["events"] > 0,
          f"Connect: {r['reconnected']}")
    growing = r["growing"]
    check(growing["events"] > r["reconnected"]["events"], "events should grow after Connect")
    check(growing.get("vcpus.0.events", 0) > 0 and growing.get("vcpus.1.events", 0) > 0,
          f"both vCPUs should send events before the filter: {growing}")
    f = r["filtered"]
    check("vcpus=0x2 " in f["controls.filter_sent"], f"filter sent: {f['controls.filter_sent']}")
    check(f["controls.filter_ack"] == "ok", f"the hypervisor did not acknowledge the filter: {f}")
    check(f["controls.filter_vcpu_events_after_ack"] > 0, f"no vCPU 1 events after the filter: {f}")
    check(f["controls.filter_excluded_after_ack"] == 0,
          f"{f['controls.filter_excluded_after_ack']} vCPU 0 events after the acknowledgement")


def main():
    os.makedirs(WORKDIR, exist_ok=True)
    cases = {"screenshot": test_screenshot, "keyboard": test_keyboard, "million": test_million,
             "live": test_live, "mouse": test_mouse, "mouse_live": test_mouse_live}
    try:
        cases[CASE]()
    except (Failure, subprocess.SubprocessError, OSError) as failure:
        print(f"FAIL: {failure}")
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
