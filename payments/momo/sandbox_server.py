"""Serving the local MoMo sandbox (payments.momo.sandbox) on a thread of this machine, and where
development settings point at it. `BackgroundServer` serves any WSGI app and knows nothing of
MoMo: the VNPay sandbox's server (payments/vnpay/sandbox_server.py) could use it too."""

from __future__ import annotations

import logging
import threading
from socketserver import ThreadingMixIn
from urllib.parse import urlsplit
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from payments.momo.sandbox import SandboxGateway

logger = logging.getLogger(__name__)


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # query strings carry payment data: keep them out of logs
        logger.debug("sandbox: %s", self.requestline.split("?")[0])


class BackgroundServer:
    """A threaded WSGI server: `BackgroundServer(app, port=0).start()`, then `.url`, `.stop()`."""

    def __init__(self, app, *, host: str = "127.0.0.1", port: int = 0, name: str = "sandbox"):
        self.app = app
        self.name = name
        self.httpd = make_server(host, port, app, server_class=_ThreadingServer, handler_class=_QuietHandler)
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self):
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, name=self.name, daemon=True
        )
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class MomoSandboxServer(BackgroundServer):
    """The MoMo sandbox on a thread; `.url` is what MOMO_ENDPOINT points at."""

    def __init__(self, gateway: SandboxGateway, *, host: str = "127.0.0.1", port: int = 0):
        super().__init__(gateway, host=host, port=port, name="momo-sandbox")
        self.gateway = gateway


def gateway_from_settings(**overrides) -> SandboxGateway:
    from django.conf import settings

    fields = {
        "partner_code": settings.MOMO_PARTNER_CODE,
        "access_key": settings.MOMO_ACCESS_KEY,
        "secret_key": settings.MOMO_SECRET_KEY,
        "expire_minutes": settings.MOMO_EXPIRE_MINUTES,
    }
    return SandboxGateway(**{**fields, **overrides})


def sandbox_address() -> tuple[str, int] | None:
    """Host and port of the sandbox MOMO_ENDPOINT points at, if it points at this machine."""
    from django.conf import settings

    parts = urlsplit(settings.MOMO_ENDPOINT)
    if parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost"):
        return parts.hostname, parts.port or 80
    return None
