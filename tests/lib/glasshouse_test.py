"""Helpers shared by the Python test runners: run the launcher, split its output."""
import os
import socket
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LAUNCHER = os.path.join(ROOT, "glasshouse")
VMM_MARK = "[glasshouse] "
ENTERING = "[glasshouse] entering guest"


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def run_launcher(args, timeout=120, env_extra=None):
    """Runs ./glasshouse with args; returns (exit status, stdout+stderr as text)."""
    env = dict(os.environ)
    env.update(env_extra or {})
    proc = subprocess.run([LAUNCHER] + args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=timeout, env=env)
    return proc.returncode, proc.stdout.decode("utf-8", "replace").replace("\r\n", "\n")


def guest_output(vmm_text):
    """The guest's console text in a hypervisor run: after 'entering guest', minus the
    hypervisor's own lines."""
    check(ENTERING in vmm_text, "the hypervisor never entered the guest:\n" + vmm_text)
    after = vmm_text.split(ENTERING + "\n", 1)[1]
    lines = [l for l in after.splitlines(keepends=True) if not l.startswith(VMM_MARK)]
    return "".join(lines)


def hypervisor_lines(vmm_text):
    return [l for l in vmm_text.splitlines() if l.startswith(VMM_MARK)]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def read_all(sock, deadline):
    """What a socket sends until it closes or the deadline (time.time()) passes."""
    data = b""
    while time.time() < deadline:
        sock.settimeout(max(0.1, deadline - time.time()))
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            break
        if not chunk:
            break
        data += chunk
    return data


def connect(port, deadline):
    while time.time() < deadline:
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=1)
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"nothing listens on port {port}")


def gdb_exchange(sock, packet, deadline):
    """Sends one packet ($packet#cs) and returns what came back up to the reply's checksum.
    Like gdb, sends it again when nothing comes back (bytes that reach the UART before
    the hypervisor has set it up are lost)."""
    checksum = sum(packet.encode()) % 256
    data = b""
    while time.time() < deadline and b"$" not in data:
        sock.sendall(f"${packet}#{checksum:02x}".encode())
        retry_at = time.time() + 2
        while time.time() < min(deadline, retry_at):
            sock.settimeout(0.2)
            try:
                chunk = sock.recv(256)
            except socket.timeout:
                continue
            if not chunk:
                return data.decode("utf-8", "replace")
            data += chunk
            start = data.find(b"$")
            hash_at = data.find(b"#", start) if start >= 0 else -1
            if hash_at >= 0 and len(data) >= hash_at + 3:
                return data.decode("utf-8", "replace")
    return data.decode("utf-8", "replace")


def main_wrapper(body):
    try:
        body()
    except Failure as failure:
        print("FAIL:", failure)
        sys.exit(1)
    print("PASS")
