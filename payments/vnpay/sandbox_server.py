"""Serving the local VNPay sandbox (payments.vnpay.sandbox) on a thread of this machine, and
where development settings point at it."""

from __future__ import annotations

import logging
import threading
from socketserver import ThreadingMixIn
from urllib.parse import urlsplit
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from payments.vnpay.sandbox import API_PATH, PAY_PATH, SandboxGateway

logger = logging.getLogger(__name__)


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # query strings carry payment data: keep them out of logs
        logger.debug("VNPay sandbox: %s", self.requestline.split("?")[0])


class SandboxServer:
    """Serves a SandboxGateway on a thread: `SandboxServer(gateway, port=0).start()`."""

    def __init__(self, gateway: SandboxGateway, *, host: str = "127.0.0.1", port: int = 0):
        self.gateway = gateway
        self.httpd = make_server(
            host, port, gateway, server_class=_ThreadingServer, handler_class=_QuietHandler
        )
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def pay_url(self) -> str:
        return self.url + PAY_PATH

    @property
    def api_url(self) -> str:
        return self.url + API_PATH

    def start(self) -> SandboxServer:
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="vnpay-sandbox", daemon=True
        )
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def gateway_from_settings(**overrides) -> SandboxGateway:
    from django.conf import settings

    fields = {
        "tmn_code": settings.VNPAY_TMN_CODE,
        "hash_secret": settings.VNPAY_HASH_SECRET,
        "ipn_url": settings.VNPAY_IPN_URL,
    }
    return SandboxGateway(**{**fields, **overrides})


def sandbox_address() -> tuple[str, int] | None:
    """Host and port of the sandbox VNPAY_PAY_URL points at, if it points at this machine."""
    from django.conf import settings

    parts = urlsplit(settings.VNPAY_PAY_URL)
    if parts.hostname in ("127.0.0.1", "localhost") and parts.path == PAY_PATH:
        return parts.hostname, parts.port or 80
    return None
