"""Search engines for the tests: tantivy in a temporary directory, and Elasticsearch.

The Elasticsearch tests are API-contract tests against a compatible server: `noida-db` (from
PyPI, a dev dependency) speaks the Elasticsearch 8 REST API and is started here on a free
127.0.0.1 port for the session. `pytest --real-elasticsearch` runs the same tests against the
cluster at ELASTICSEARCH_URL instead."""

import os
import shutil
import signal
import socket
import subprocess
import time
import uuid

import pytest
import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from search.backends import get_backend, reset_backends

INDEXED_ENGINES = ["embedded", "elasticsearch"]
ENGINES = [*INDEXED_ENGINES, "database"]  # the database search answers the same suite


def pytest_addoption(parser):
    parser.addoption(
        "--real-elasticsearch",
        action="store_true",
        help="Run the Elasticsearch tests against the cluster at $ELASTICSEARCH_URL, not noida-db.",
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_healthy(process: subprocess.Popen, url: str, log_path, seconds: float = 60) -> None:
    """Polls the cluster health until it answers, or fails with the server's own output.

    Polling rather than reading a "ready" line: the server's stdout is block-buffered on a pipe,
    and a binary that cannot run on this machine must fail the session loudly, not hang it."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if requests.get(f"{url}/_cluster/health", timeout=2).ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    output = log_path.read_text(errors="replace") if log_path.exists() else ""
    raise RuntimeError(f"noida-db did not start (exit {process.poll()}): {output}")


def _check_health(url: str) -> None:
    # A listening server can still be opening its store: let urllib3 retry refused connects.
    session = requests.Session()
    session.mount("http://", HTTPAdapter(max_retries=Retry(total=20, connect=20, backoff_factor=0.05)))
    session.get(f"{url}/_cluster/health", timeout=5).raise_for_status()


@pytest.fixture(scope="session")
def elasticsearch_url(request, tmp_path_factory):
    if request.config.getoption("--real-elasticsearch"):
        url = os.environ["ELASTICSEARCH_URL"].rstrip("/")
        _check_health(url)
        yield url
        return
    binary = shutil.which("noida-db") or os.path.join(os.path.dirname(os.sys.executable), "noida-db")
    port = _free_port()
    data = tmp_path_factory.mktemp("noida")
    log_path = data / "server.log"
    log = log_path.open("w")
    process = subprocess.Popen(
        [
            binary,
            "start",
            "--data-dir",
            str(data),
            "--only",
            "elasticsearch",
            "--elasticsearch-port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        # The `noida-db` script starts the server binary as a child: stopping only the script
        # left the server running after pytest. A group of its own lets us stop both.
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(process, url, log_path)
        yield url
    finally:
        stop_process_group(process)
        log.close()


def stop_process_group(process: subprocess.Popen, timeout: float = 10) -> None:
    """Terminate `process` and everything it started, and wait until they are gone."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    deadline = time.monotonic() + timeout
    while _group_alive(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if _group_alive(process.pid):
        os.killpg(process.pid, signal.SIGKILL)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def configure_engine(settings, name: str, *, url: str = "", directory: str = "") -> None:
    settings.SEARCH_BACKEND = name
    settings.SEARCH_INDEX_DIR = directory
    settings.ELASTICSEARCH_URL = url
    settings.ELASTICSEARCH_INDEX = f"test-products-{uuid.uuid4().hex[:12]}"
    # A loaded CI machine can be slow; only the tests of a dead server want a fast failure,
    # and a refused connection is immediate.
    settings.ELASTICSEARCH_TIMEOUT_SECONDS = 30
    reset_backends()


def drop_elasticsearch_index(backend) -> None:
    client = backend.client
    for name in list(client.options(ignore_status=404).indices.get_alias(name=backend.alias) or {}):
        client.options(ignore_status=404).indices.delete(index=name)


@pytest.fixture(params=ENGINES)
def engine(request, settings, tmp_path):
    """The configured search backend, empty, for each engine in turn (the database search too)."""
    yield from _configured(request, settings, tmp_path)


@pytest.fixture(params=INDEXED_ENGINES)
def indexed_engine(request, settings, tmp_path):
    """Each engine that keeps an index of its own (outbox, reindex and worker tests)."""
    yield from _configured(request, settings, tmp_path)


def _configured(request, settings, tmp_path):
    url = request.getfixturevalue("elasticsearch_url") if request.param == "elasticsearch" else ""
    configure_engine(settings, request.param, url=url, directory=str(tmp_path / "search"))
    backend = get_backend()
    yield backend
    if request.param == "elasticsearch":
        drop_elasticsearch_index(backend)
    reset_backends()
