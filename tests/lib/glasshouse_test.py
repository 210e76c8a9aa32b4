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


def main_wrapper(body):
    try:
        body()
    except Failure as failure:
        print("FAIL:", failure)
        sys.exit(1)
    print("PASS")
