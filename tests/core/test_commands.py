import os
import signal

from marketplace.commands import repeat


def test_a_repeating_command_finishes_its_pass_and_stops_on_sigterm():
    passes = []

    def step():
        passes.append("started")
        if len(passes) == 3:
            os.kill(os.getpid(), signal.SIGTERM)  # as systemd stops the worker mid-pass
        passes[-1] = "finished"

    before = signal.getsignal(signal.SIGTERM)
    repeat(step, interval=0.001)

    assert passes == ["finished"] * 3
    assert signal.getsignal(signal.SIGTERM) is before  # the process's own handling is back


def test_once_or_no_interval_runs_one_pass():
    passes = []

    repeat(lambda: passes.append(1), interval=5, once=True)
    repeat(lambda: passes.append(2), interval=0)

    assert passes == [1, 2]
