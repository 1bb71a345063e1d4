"""Fixtures for the integration tests: a real SMTP server (aiosmtpd), a real Celery worker in a
subprocess (production settings, PostgreSQL test database, Redis broker), and the test process
publishing its tasks to the same Redis.

The tests are marked ``postgres`` and ``redis``: without DATABASE_URL/REDIS_URL they are skipped,
with REQUIRE_SERVICES=1 they fail (tests/conftest.py). Every fixture that touches a service is
function-scoped, so that the skip comes first.
"""

import asyncio
import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from email.parser import BytesHeaderParser
from email.policy import default as default_policy
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
# A Redis database used by these tests only; it is flushed at the start of every test.
REDIS_DB = os.environ.get("INTEGRATION_REDIS_DB", "14")
SWEEP_GRACE_SECONDS = 1
VISIBILITY_TIMEOUT = 5
WORKER_READY_TIMEOUT = 30


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, *, timeout: float, interval: float = 0.05, message: str = "condition"):
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out after {timeout}s waiting for {message}")
        time.sleep(interval)


# --- SMTP server ---------------------------------------------------------------------------------


@dataclass
class Received:
    message_id: str
    to: tuple[str, ...]


@dataclass
class Recorder:
    """aiosmtpd handler: records every accepted message; can refuse addresses with 550 at RCPT,
    slow every DATA down, and "freeze": from the K-th RCPT on, every RCPT stalls (before the
    message is accepted) until the client goes away or ``thaw()`` is called."""

    refuse: set[str] = field(default_factory=set)
    data_delay: float = 0.0
    freeze_at_rcpt: int | None = None  # the 1-based number of the first RCPT that stalls
    received: list[Received] = field(default_factory=list)
    rcpt_count: int = 0
    stalled: int = 0  # sessions stalled right now
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _thawed: threading.Event = field(default_factory=threading.Event)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 Mailbox does not exist"
        with self._lock:
            self.rcpt_count += 1
            freeze = self.freeze_at_rcpt is not None and self.rcpt_count >= self.freeze_at_rcpt
            freeze = freeze and not self._thawed.is_set()
            self.stalled += freeze
        if freeze:
            try:
                # Cancelled by aiosmtpd when the client's connection is lost (the worker was killed).
                while not self._thawed.is_set():
                    await asyncio.sleep(0.05)
            finally:
                with self._lock:
                    self.stalled -= 1
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.data_delay:
            await asyncio.sleep(self.data_delay)
        if server.transport is None or server.transport.is_closing():
            return "421 4.4.2 Client went away"  # not accepted, so not recorded
        headers = BytesHeaderParser(policy=default_policy).parsebytes(envelope.content)
        with self._lock:
            self.received.append(Received(str(headers["Message-ID"]).strip(), tuple(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"

    def thaw(self):
        self._thawed.set()

    def message_ids(self) -> list[str]:
        with self._lock:
            return [r.message_id for r in self.received]

    def count(self) -> int:
        with self._lock:
            return len(self.received)


@dataclass
class SmtpServer:
    host: str
    port: int
    recorder: Recorder

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller

    recorder = Recorder()
    port = free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port, ready_timeout=10)
    controller.start()
    try:
        yield SmtpServer("127.0.0.1", port, recorder)
    finally:
        recorder.thaw()
        controller.stop()


# --- Redis and the test process as publisher -----------------------------------------------------


@pytest.fixture
def broker_url():
    """A Redis database reserved for these tests (same server as REDIS_URL), flushed first."""
    import redis

    parts = urlsplit(os.environ["REDIS_URL"])
    url = urlunsplit((parts.scheme, parts.netloc, f"/{REDIS_DB}", "", ""))
    client = redis.Redis.from_url(url)
    client.flushdb()
    client.close()
    return url


class Publisher:
    """The test process's Celery app, publishing to a real broker instead of running eagerly."""

    def __init__(self, app):
        self.app = app
        self._saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url", "broker_write_url")}

    def point_at(self, url: str) -> None:
        self.app.conf.task_always_eager = False
        self.app.conf.broker_url = url
        self.app.conf.broker_write_url = url
        self._reset_pools()

    def restore(self) -> None:
        for key, value in self._saved.items():
            self.app.conf[key] = value
        self._reset_pools()

    def _reset_pools(self) -> None:
        # The connection and producer pools are cached (by kombu, per broker URL, and by the app);
        # close and forget them so that the next publish connects to the broker just configured.
        from kombu import pools

        pools.reset()
        self.app._pool = None
        self.app.amqp._producer_pool = None


class Broker:
    """A look into the broker's Redis database, to wait until the workers have nothing left to do.

    It reads what kombu's Redis transport keeps there: the queue lists (one per priority step), and
    ``unacked_index``, where a message stays from the moment a worker takes it until it is acked.
    Every task of ours acks late, so a message leaves ``unacked_index`` only when its task has
    finished (or was retried, which queues a new message first).
    """

    QUEUE = "celery"

    def __init__(self, url: str):
        import redis
        from kombu.transport.redis import Channel

        self.client = redis.Redis.from_url(url)
        self.db = urlsplit(url).path.lstrip("/") or "0"
        steps = [step for step in Channel.priority_steps if step]
        self.queues = [self.QUEUE, *(f"{self.QUEUE}{Channel.sep}{step}" for step in steps)]

    def unacked(self) -> dict[bytes, float]:
        """Delivery tag -> the time a worker took the message."""
        return {tag: float(score) for tag, score in self.client.zrange("unacked_index", 0, -1, withscores=True)}

    def idle(self, *, lost: dict[bytes, float] | None = None) -> bool:
        """True when, at one moment, no task is queued, none is taken and unfinished (apart from
        ``lost``: those a killed worker took, as ``unacked()`` returned them), and a worker is
        blocked in BRPOP waiting for work. The last part closes the gap between a worker popping a
        message off the queue and recording it as unacked: a worker that waits for work again has
        recorded everything it popped. One MULTI makes the three reads a single moment."""
        with self.client.pipeline(transaction=True) as pipe:
            pipe.client_list()
            for queue in self.queues:
                pipe.llen(queue)
            pipe.zrange("unacked_index", 0, -1, withscores=True)
            clients, *lengths, unacked = pipe.execute()
        waiting = any(c["db"] == self.db and c["cmd"] == "brpop" and "b" in c["flags"] for c in clients)
        taken = {(tag, float(score)) for tag, score in unacked} - set((lost or {}).items())
        return waiting and not any(lengths) and not taken

    def wait_idle(self, *, timeout: float, lost: dict[bytes, float] | None = None) -> None:
        wait_until(lambda: self.idle(lost=lost), timeout=timeout, message="the workers to finish every task")

    def close(self) -> None:
        self.client.close()


@pytest.fixture
def broker(broker_url):
    broker = Broker(broker_url)
    try:
        yield broker
    finally:
        broker.close()


@pytest.fixture
def publisher(broker_url):
    from config.celery_app import app

    publisher = Publisher(app)
    publisher.point_at(broker_url)
    try:
        yield publisher
    finally:
        publisher.restore()


# --- A Redis server of the test's own, to stop mid-test ------------------------------------------


class RedisServer:
    """``redis-server`` on a free port, without persistence, in its own process group."""

    def __init__(self, log_path: Path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}"
        self._log = open(log_path, "ab")  # noqa: SIM115 - closed in stop()
        args = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(args, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True)
        wait_until(self._answers, timeout=10, message="redis-server to answer")

    def _answers(self) -> bool:
        import redis

        if self.process.poll() is not None:
            raise AssertionError(f"redis-server exited with {self.process.returncode}")
        try:
            return redis.Redis.from_url(self.url, socket_connect_timeout=0.2).ping()
        except redis.exceptions.ConnectionError:
            return False

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._log.close()


@pytest.fixture
def redis_server(tmp_path):
    """A Redis that a test can stop (``stop()``); stopped at teardown in any case."""
    if not shutil.which("redis-server"):
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail("REQUIRE_SERVICES=1 but redis-server is not installed")
        pytest.skip("needs redis-server (apt-get install redis-server)")
    server = RedisServer(tmp_path / "redis.log")
    try:
        yield server
    finally:
        server.stop()


# --- Celery worker -------------------------------------------------------------------------------


def database_url(settings_dict: dict) -> str:
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{settings_dict['NAME']}"


class Worker:
    def __init__(self, env: dict, log_path: Path, *, pool: str, concurrency: int):
        self.log_path = log_path
        self.name = f"itest-{os.getpid()}-{time.monotonic_ns()}@%h"
        args = [sys.executable, "-m", "celery", "-A", "config", "worker", f"--pool={pool}", "-l", "info"]
        args += ["-n", self.name, "--without-gossip", "--without-mingle", "--without-heartbeat"]
        if pool != "solo":
            args.append(f"--concurrency={concurrency}")
        self._log = open(log_path, "ab")  # noqa: SIM115 - closed in stop()
        # Its own session (process group), so that SIGKILL reaches the pool's children too.
        self.process = subprocess.Popen(
            args, cwd=BASE_DIR, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_ready(self, timeout: float = WORKER_READY_TIMEOUT) -> None:
        def ready():
            if self.process.poll() is not None:
                raise AssertionError(f"The Celery worker exited with {self.process.returncode}:\n{self.log()}")
            return re.search(r"@\S+ ready\.", self.log())

        try:
            wait_until(ready, timeout=timeout, interval=0.1, message="the Celery worker to be ready")
        except AssertionError as error:
            raise AssertionError(f"{error}\n{self.log()[-5000:]}") from None

    def kill(self) -> None:
        """SIGKILL to the worker's whole process group: main process and pool children at once."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=10)
        # Whatever is left of the group (a child that outlived its parent) goes too.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)
        self._log.close()

    def task_results(self, task: str = "notifications.tasks.deliver") -> list[str]:
        return re.findall(rf"Task {re.escape(task)}\[[0-9a-f-]+\] succeeded in [0-9.]+s: (.*)", self.log())


@pytest.fixture
def celery_worker(transactional_db, smtp_server, publisher, broker_url, tmp_path):
    """Start real Celery workers on the test database; ``start()`` waits until one is ready.
    All of them are stopped at teardown, before transactional_db empties the tables."""
    from django.db import connection

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "integration-tests-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "http://127.0.0.1:8000",
        "DATABASE_URL": database_url(connection.settings_dict),
        "REDIS_URL": broker_url,
        "CELERY_BROKER_URL": broker_url,
        "EMAIL_URL": smtp_server.url,
        "NOTIFICATIONS_SWEEP_GRACE_SECONDS": str(SWEEP_GRACE_SECONDS),
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "INFO",
        "PYTHONUNBUFFERED": "1",
    }
    workers: list[Worker] = []

    def start(*, pool: str = "prefork", concurrency: int = 2) -> Worker:
        worker = Worker(env, tmp_path / f"worker-{len(workers)}.log", pool=pool, concurrency=concurrency)
        workers.append(worker)
        worker.wait_ready()
        return worker

    try:
        yield start
    finally:
        for worker in workers:
            worker.stop()
