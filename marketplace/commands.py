"""What every long-running management command shares: run a pass, sleep, repeat until told to stop."""

import signal
import time
from collections.abc import Callable


def repeat(step: Callable[[], None], *, interval: float, once: bool = False) -> None:
    """Runs `step`, then again every `interval` seconds until SIGTERM or Ctrl+C, finishing the
    pass under way (a systemd stop or a deploy never cuts a pass in half). With `once`, or an
    interval of 0, one pass and return (cron)."""
    if once or not interval:
        step()
        return
    stopping = False

    def stop(*_args):
        nonlocal stopping
        stopping = True

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        while not stopping:
            step()
            if not stopping:
                time.sleep(interval)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
