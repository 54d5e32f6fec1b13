"""The MoMo sandbox on a free port of 127.0.0.1, a browser that pays on it, and a merchant
stand-in that receives its IPNs."""

import json
import re
import threading
import time
from urllib.parse import parse_qsl, urlsplit

import requests

from payments.momo.sandbox import SandboxGateway
from payments.momo.sandbox_server import BackgroundServer, MomoSandboxServer

PARTNER_CODE = "MOMOCHOSO2026"
ACCESS_KEY = "TESTACCESSKEY01"
SECRET_KEY = "TEST-MOMO-SECRET-0123456789ABCDEF"


def start_sandbox(retry_delays=(0.05, 0.05, 0.05), **fields) -> MomoSandboxServer:
    gateway = SandboxGateway(
        partner_code=PARTNER_CODE,
        access_key=ACCESS_KEY,
        secret_key=SECRET_KEY,
        retry_delays=retry_delays,
        **fields,
    )
    return MomoSandboxServer(gateway, port=0).start()


def pay_in_browser(pay_url: str, choice: str = "success") -> dict:
    """Opens the pay page, clicks a choice; returns the redirect's query parameters."""
    page = requests.get(pay_url, timeout=10)
    assert page.status_code == 200, page.text
    token = re.search(r'name="token" value="([^"]+)"', page.text).group(1)
    action = re.search(r'<form method="post" action="([^"]+)"', page.text).group(1)
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(pay_url))
    answer = requests.post(
        origin + action, data={"token": token, "choice": choice}, allow_redirects=False, timeout=30
    )
    assert answer.status_code == 302, answer.text
    return dict(parse_qsl(urlsplit(answer.headers["Location"]).query, keep_blank_values=True))


def wait_for(condition, timeout: float = 10.0) -> bool:
    """Polls a condition the sandbox's background thread makes true (not a timing assertion)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


class IpnReceiver:
    """A merchant stand-in: records each IPN body and answers HTTP statuses from a list (the
    last repeats)."""

    def __init__(self, *statuses: int):
        self.statuses = list(statuses) or [204]
        self.received: list[dict] = []
        self.lock = threading.Lock()
        self.server = BackgroundServer(self.app, name="ipn-receiver").start()

    @property
    def url(self) -> str:
        return self.server.url + "/ipn/"

    def app(self, environ, start_response):
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        with self.lock:
            self.received.append(json.loads(body))
            status = self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]
        start_response(f"{status} X", [])
        return [b""]

    def stop(self):
        self.server.stop()
