"""The sandbox gateway on a free port of 127.0.0.1, and a browser that pays on it."""

import json
import re
import threading
import time
from urllib.parse import parse_qsl, urlsplit
from wsgiref.simple_server import WSGIRequestHandler, make_server

import requests

from payments.vnpay.sandbox import SandboxGateway
from payments.vnpay.sandbox_server import SandboxServer

SECRET = "TEST-SECRET-0123456789ABCDEFGHIJ"
TMN_CODE = "CHOSOT01"


def start_sandbox(ipn_url: str, retry_delays=(0.05, 0.05, 0.05)) -> SandboxServer:
    gateway = SandboxGateway(
        tmn_code=TMN_CODE, hash_secret=SECRET, ipn_url=ipn_url, retry_delays=retry_delays
    )
    return SandboxServer(gateway, port=0).start()


def pay_in_browser(pay_url: str, choice: str = "success") -> dict:
    """Opens the pay page, clicks a choice; returns the return URL's query parameters."""
    page = requests.get(pay_url, timeout=10)
    assert page.status_code == 200, page.text
    token = re.search(r'name="token" value="([^"]+)"', page.text).group(1)
    action = re.search(r'<form method="post" action="([^"]+)"', page.text).group(1)
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(pay_url))
    answer = requests.post(
        origin + action, data={"token": token, "choice": choice}, allow_redirects=False, timeout=30
    )
    assert answer.status_code == 302, answer.text
    return dict(parse_qsl(urlsplit(answer.headers["Location"]).query))


def wait_for(condition, timeout: float = 10.0) -> bool:
    """Polls a condition the sandbox's background thread makes true (not a timing assertion)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


class IpnReceiver:
    """A merchant stand-in: records each IPN and answers RspCodes from a list (the last repeats)."""

    def __init__(self, *answers: str):
        self.answers = list(answers) or ["00"]
        self.received: list[dict] = []
        handler = type("Quiet", (WSGIRequestHandler,), {"log_message": lambda *args: None})
        self.httpd = make_server("127.0.0.1", 0, self.app, handler_class=handler)
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/ipn/"

    def app(self, environ, start_response):
        self.received.append(dict(parse_qsl(environ.get("QUERY_STRING", ""))))
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        start_response("200 OK", [("Content-Type", "application/json")])
        return [json.dumps({"RspCode": answer, "Message": "x"}).encode()]

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
