"""The suite stops every process it starts: the Elasticsearch-compatible test server is a script
that starts the server binary as a child, and stopping the script alone left the child running."""

import os
import subprocess
import sys
import time
from pathlib import Path

from tests.search.conftest import stop_process_group

STARTS_A_CHILD = """
import subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
open(sys.argv[1], "w").write(str(child.pid))
time.sleep(120)
"""


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"  # a zombie has stopped; only its exit status is left for init


def test_stopping_a_started_server_also_stops_the_processes_it_started(tmp_path):
    pid_file = tmp_path / "child.pid"
    process = subprocess.Popen([sys.executable, "-c", STARTS_A_CHILD, str(pid_file)], start_new_session=True)
    deadline = time.monotonic() + 30
    while not pid_file.exists() or not pid_file.read_text():
        assert time.monotonic() < deadline, "the child did not start"
        time.sleep(0.05)
    child = int(pid_file.read_text())
    assert _running(child)

    stop_process_group(process)

    assert process.poll() is not None
    deadline = time.monotonic() + 10
    while _running(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(child)
    assert os.getpgid(os.getpid()) != process.pid  # the suite's own group was never signalled
