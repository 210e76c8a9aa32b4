"""Runs real gdb-multiarch in batch mode on a script, for every gdb end-to-end test.
A script line that prints INTERRUPT_MARKER (e.g. `echo @@press-ctrl-c@@\\n` right before a
`continue`) makes the runner press Ctrl-C shortly after, as a person would."""
import os
import signal
import subprocess
import tempfile
import threading

INTERRUPT_MARKER = "@@press-ctrl-c@@"


def run_gdb(elf, script_text, timeout=90, gdb="gdb-multiarch", interrupt_delay=1.5):
    """gdb's whole output (stdout and stderr), also when it had to be killed."""
    with tempfile.NamedTemporaryFile("w", suffix=".gdb", delete=False) as script:
        script.write(script_text)
    command = [gdb, "-nx", "-batch", "-x", script.name, elf]
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    output = []

    def reader():
        for line in process.stdout:
            output.append(line)
            if INTERRUPT_MARKER in line:
                # gdb is about to `continue`; give it time to resume, then press Ctrl-C.
                threading.Timer(interrupt_delay, lambda: process.send_signal(signal.SIGINT)).start()

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        output.append(f"\n<<gdb killed after {timeout} s>>\n")
    thread.join(timeout=5)
    os.unlink(script.name)
    return "".join(output)
