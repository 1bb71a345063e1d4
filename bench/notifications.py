"""Benchmark of the notification outbox, end to end, on real services.

    .venv/bin/python bench/notifications.py [--messages 10000] [--concurrency 2]

DATABASE_URL (PostgreSQL; default postgres://postgres@127.0.0.1:5432/ogp_bench) names a database
of its own: it is created if missing, migrated, and EMPTIED (manage.py flush) on every run, so its
name must contain "bench". REDIS_URL (default redis://127.0.0.1:6379/13) must name a Redis
database that nothing else uses: the Celery queue in it is emptied first.

What it does: start an SMTP server (aiosmtpd, in a process of its own) that records every
accepted Message-ID; start a real Celery worker (prefork) with the production settings; create N
people who follow a plan; open a phase of that plan and run the timeline job that announces it
(notifications.timeline.announce_opened_phases → messages_enqueue) as Celery runs it, outside a
transaction, so that it commits chunks of 1,000 and their deliveries start while the rest is
written (--one-transaction: all in one transaction, the deliveries after it); then wait until the
SMTP server has accepted all N messages. It prints the fan-out (write) time, the rates, the CPU
per message of each process, the worker's peak memory, and the duplicates and lost messages; it
exits 1 if either is not 0.
"""

import argparse
import collections
import contextlib
import datetime
import multiprocessing
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH_DIR = Path(__file__).resolve().parent
BASE_DIR = BENCH_DIR.parent
# Run as a script, this file's folder comes first on sys.path, and this file is called
# "notifications" like the Django app: put the project first instead.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH_DIR]
sys.path.insert(0, str(BASE_DIR))

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/ogp_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/13"
TARGET_RATE = 300  # messages per second end to end, on a 2-core machine (500 with the hand-built MIME of before)
MESSAGE_ID = re.compile(rb"^Message-ID:[ \t]*(<[^>\r\n]+>)", re.IGNORECASE | re.MULTILINE)


STARTED = time.monotonic()


def log(text: str) -> None:
    print(f"[{time.monotonic() - STARTED:6.1f} s] {text}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- The SMTP server, in a process of its own ------------------------------------------------------


class SinkHandler:
    """Accepts everything; records each Message-ID with as little work as possible."""

    def __init__(self, count, first, last):
        self.ids: list[bytes] = []
        self.count, self.first, self.last = count, first, last

    async def handle_DATA(self, server, session, envelope):
        content = envelope.content
        found = MESSAGE_ID.search(content, 0, content.find(b"\r\n\r\n") + 2 or len(content))
        self.ids.append(found.group(1) if found else b"<missing>")
        now = time.monotonic()  # CLOCK_MONOTONIC: the same clock in every process on Linux
        if not self.count.value:
            self.first.value = now
        self.last.value = now
        self.count.value += 1  # only this process writes it
        return "250 Message accepted for delivery"


def smtp_sink(port: int, count, first, last, pipe) -> None:
    import logging

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)
    handler = SinkHandler(count, first, last)
    controller = Controller(handler, hostname="127.0.0.1", port=port, ready_timeout=10)
    controller.start()
    pipe.send("ready")
    while True:
        command = pipe.recv()
        if command == "ids":
            pipe.send([i.decode(errors="replace") for i in handler.ids])
        elif command == "stop":
            controller.stop()
            pipe.send("stopped")
            return


class Sink:
    def __init__(self):
        context = multiprocessing.get_context("spawn")
        self.port = free_port()
        self.count = context.Value("q", 0, lock=False)
        self.first = context.Value("d", 0.0, lock=False)
        self.last = context.Value("d", 0.0, lock=False)
        self.pipe, child = context.Pipe()
        self.process = context.Process(
            target=smtp_sink, args=(self.port, self.count, self.first, self.last, child), daemon=True
        )
        self.process.start()
        if not self.pipe.poll(20) or self.pipe.recv() != "ready":
            raise SystemExit("The SMTP server did not start.")

    def ids(self) -> list[str]:
        self.pipe.send("ids")
        return self.pipe.recv()

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self.pipe.send("stop")
            self.pipe.poll(10)
        self.process.join(10)
        if self.process.is_alive():
            self.process.kill()


# --- The Celery worker -----------------------------------------------------------------------------


class Worker:
    def __init__(self, env: dict, log_path: Path, concurrency: int):
        self.log_path = log_path
        self._log = open(log_path, "wb")  # noqa: SIM115 - closed in stop()
        args = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork"]
        args += [f"--concurrency={concurrency}", "-l", "info", "-n", f"bench-{os.getpid()}@%h"]
        args += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        self.process = subprocess.Popen(
            args, cwd=BASE_DIR, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.peak_kib: dict[int, int] = {}

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not re.search(r"@\S+ ready\.", self.log_path.read_text(errors="replace")):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"The Celery worker did not start:\n{self.log_path.read_text(errors='replace')}")
            time.sleep(0.1)

    def pids(self) -> list[int]:
        """The main process and its pool processes."""
        pids = [self.process.pid]
        for status in Path("/proc").glob("[0-9]*/status"):
            with contextlib.suppress(OSError, KeyError, ValueError):
                fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
                if int(fields["PPid"]) == self.process.pid:
                    pids.append(int(status.parent.name))
        return pids

    def sample_memory(self, pids: list[int]) -> None:
        """Remember each process's VmHWM (its peak resident memory so far)."""
        for pid in pids:
            with contextlib.suppress(OSError, StopIteration):
                text = Path(f"/proc/{pid}/status").read_text()
                hwm = next(int(line.split()[1]) for line in text.splitlines() if line.startswith("VmHWM:"))
                self.peak_kib[pid] = max(hwm, self.peak_kib.get(pid, 0))

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=15)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)
        self._log.close()


# --- Setup -----------------------------------------------------------------------------------------


def cpu_seconds(pids, *, children: bool = False) -> float:
    """User + system CPU time that these processes have used (and their ended children, if asked)."""
    total = 0.0
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            if children:
                total += (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")
    return total


def machine_cpu() -> list[int]:
    """/proc/stat's first line: user, nice, system, idle, iowait, irq, softirq, steal (ticks)."""
    return [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]


def services_cpu() -> float:
    """CPU of PostgreSQL and Redis: their live processes, plus the backends that ended meanwhile
    (the worker opens a connection per task), counted in the postmaster's children's time."""
    live = pids_named("postgres", "redis-server")
    parents = {}
    for pid in live:
        with contextlib.suppress(OSError, ValueError):
            parents[pid] = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    postmasters = [pid for pid, parent in parents.items() if parent not in parents]
    return cpu_seconds(live) + cpu_seconds(postmasters, children=True) - cpu_seconds(postmasters)


def pids_named(*names: str) -> list[int]:
    """The processes with one of these command names (PostgreSQL's backends, Redis)."""
    pids = []
    for comm in Path("/proc").glob("[0-9]*/comm"):
        with contextlib.suppress(OSError, ValueError):
            if comm.read_text().strip() in names:
                pids.append(int(comm.parent.name))
    return pids


def ensure_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(("postgresql", parts.netloc, "/postgres", "", ""))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            log(f"created database {name}")


def environment(database_url: str, redis_url: str, smtp_port: int) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "benchmark-only-secret-" + "b" * 40),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "http://127.0.0.1:8000",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }


def create_followers(n: int):
    """A public plan with a phase that opened yesterday, and n people who follow it."""
    from accounts.models import User
    from notifications.models import Preferences
    from plans.models import ActionPlan, Phase

    today = datetime.date.today()
    plan = ActionPlan.objects.create(
        number=7,
        slug="actieplan-7",
        title_nl="Actieplan Open Overheid 7",
        title_en="Open Government Action Plan 7",
        term_start=datetime.date(today.year + 1, 1, 1),
        term_end=datetime.date(today.year + 4, 12, 31),
        status=ActionPlan.Status.PUBLIC,
    )
    Phase.objects.create(
        plan=plan,
        kind=Phase.Kind.CALL_FOR_INPUT,
        starts_on=today - datetime.timedelta(days=1),
        ends_on=today + datetime.timedelta(days=30),
    )
    users = User.objects.bulk_create(
        [
            User(email=f"deelnemer{i}@example.org", name=f"Deelnemer {i}", language="en" if i % 4 == 0 else "nl")
            for i in range(n)
        ],
        batch_size=2000,
    )
    prefs = Preferences.objects.bulk_create([Preferences(user=u) for u in users], batch_size=2000)
    Preferences.plans.through.objects.bulk_create(
        [Preferences.plans.through(preferences_id=p.pk, actionplan_id=plan.pk) for p in prefs], batch_size=2000
    )
    return plan


# --- The run ---------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=10000, help="people, and so messages (default 10000)")
    parser.add_argument("--concurrency", type=int, default=2, help="worker pool processes (default 2)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds to wait for delivery")
    parser.add_argument(
        "--one-transaction",
        action="store_true",
        help="run the timeline job inside one transaction: nothing is sent before all is written "
        "(the 'delivery only' figure is then the delivery on its own)",
    )
    args = parser.parse_args()
    n = args.messages

    database_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    redis_url = os.environ.get("REDIS_URL", DEFAULT_REDIS_URL)
    if not database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("DATABASE_URL must point at PostgreSQL")
    if "bench" not in urlsplit(database_url).path:
        raise SystemExit("The benchmark empties its database: DATABASE_URL must name one with 'bench' in its name")
    log(f"database {urlsplit(database_url).path.lstrip('/')}, redis {redis_url}, {n} messages, {os.cpu_count()} CPUs")

    ensure_database(database_url)
    import redis

    redis.Redis.from_url(redis_url).delete("celery", "unacked", "unacked_index")  # tasks left by an earlier run

    sink = Sink()
    env = environment(database_url, redis_url, sink.port)
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from notifications.models import Message
    from notifications.timeline import CHUNK, announce_opened_phases

    started = time.monotonic()
    call_command("migrate", "--no-input", verbosity=0)
    call_command("flush", "--no-input", verbosity=0)
    log(f"migrated and emptied the database in {time.monotonic() - started:.1f} s")

    workdir = Path(tempfile.mkdtemp(prefix="ogp-bench-"))
    worker = Worker(env, workdir / "worker.log", args.concurrency)
    try:
        started = time.monotonic()
        create_followers(n)
        log(f"created {n} people who follow the plan in {time.monotonic() - started:.1f} s")
        worker.wait_ready()
        worker_pids = worker.pids()
        worker.sample_memory(worker_pids)
        cpu_before = {
            "worker": cpu_seconds(worker_pids),
            "smtp": cpu_seconds([sink.process.pid]),
            "fan-out": cpu_seconds([os.getpid()]),
            "services": services_cpu(),
        }
        log(f"worker ready (log: {worker.log_path}); fanning out")

        marks = {}
        machine_before = machine_cpu()
        t_start = time.monotonic()
        if args.one_transaction:
            with transaction.atomic():
                # Runs first among the commit callbacks, before any deliver task is queued.
                transaction.on_commit(lambda: marks.update(commit=time.monotonic(), accepted=sink.count.value))
                created = announce_opened_phases(today=datetime.date.today())
        else:
            # As Celery runs the job: no transaction around it, so each chunk of followers commits
            # on its own and its deliver tasks are queued at that commit.
            created = announce_opened_phases(today=datetime.date.today())
            marks.update(commit=time.monotonic(), accepted=sink.count.value)  # the last chunk committed
        t_dispatched = time.monotonic()
        t_commit = marks["commit"]
        accepted_at_commit = marks["accepted"]
        log(
            f"fan-out: {created} messages written in {t_commit - t_start:.2f} s "
            f"({accepted_at_commit} accepted by then); waiting for delivery"
        )
        if created != n:
            log(f"WARNING: expected {n} messages, the job wrote {created}")

        deadline = time.monotonic() + args.timeout
        last_report = last_sample = time.monotonic()
        settled_at = None  # when no row was pending any more (failed ones never arrive)
        while sink.count.value < created and time.monotonic() < deadline:
            time.sleep(0.02)
            if time.monotonic() - last_sample > 1:
                worker.sample_memory(worker_pids)
                last_sample = time.monotonic()
                if not Message.objects.filter(status=Message.Status.PENDING).exists():
                    settled_at = settled_at or time.monotonic()
                    if time.monotonic() - settled_at > 3:
                        log("no message is pending any more, yet not all arrived")
                        break
            if time.monotonic() - last_report > 5:
                log(f"... {sink.count.value} of {created} accepted")
                last_report = time.monotonic()
        first, last = sink.first.value, sink.last.value
        worker.sample_memory(worker_pids)
        cpu = {
            "worker": cpu_seconds(worker_pids) - cpu_before["worker"],
            "SMTP server": cpu_seconds([sink.process.pid]) - cpu_before["smtp"],
            "fan-out (this process)": cpu_seconds([os.getpid()]) - cpu_before["fan-out"],
            "PostgreSQL + Redis": services_cpu() - cpu_before["services"],
        }
        load = os.getloadavg()
        machine = [after - before for after, before in zip(machine_cpu(), machine_before, strict=True)]
        time.sleep(1)  # anything sent twice arrives now

        received = collections.Counter(sink.ids())
        expected = set(Message.objects.filter(kind="phase-opened").values_list("headers__Message-ID", flat=True))
        statuses = collections.Counter(Message.objects.values_list("status", flat=True))
        connection.close()
    finally:
        worker.stop()
        sink.stop()

    duplicates = sum(c - 1 for c in received.values() if c > 1)
    lost = len(expected - set(received))
    unexpected = len(set(received) - expected)
    end_to_end = created / (last - t_start) if last > t_start else 0.0
    left = created - accepted_at_commit  # with chunks, what was still to be sent when writing ended
    delivery_only = left / (last - t_commit) if last > t_commit else 0.0
    smtp_side = created / (last - first) if last > first else 0.0
    peak_mib = sum(worker.peak_kib.values()) / 1024
    per_message = ", ".join(f"{name} {seconds / max(created, 1) * 1000:.2f}" for name, seconds in cpu.items())

    print()
    print(f"messages                         {created} (CPUs: {os.cpu_count()}, worker concurrency {args.concurrency})")
    mode = "in one transaction" if args.one_transaction else f"in chunks of {CHUNK}, each committed on its own"
    print(f"fan-out, written {mode}: {t_commit - t_start:6.2f} s  ({created / (t_commit - t_start):.0f} msg/s)")
    print(f"  accepted by the SMTP server while writing  {accepted_at_commit}")
    print(f"  tasks queued after the (last) commit   {t_dispatched - t_commit:6.2f} s")
    print(f"end to end (first enqueue -> last accepted)   {last - t_start:6.2f} s = {end_to_end:5.0f} msg/s")
    print(
        f"delivery only ((last) commit -> last accepted) {last - t_commit:6.2f} s = {delivery_only:5.0f} msg/s"
        + ("" if args.one_transaction else f"  ({created - accepted_at_commit} messages left at that commit)")
    )
    print(f"  first -> last accepted by the SMTP server   {last - first:6.2f} s = {smtp_side:5.0f} msg/s")
    print(f"CPU per message (ms): {per_message}")
    busy = sum(machine) - machine[3] - machine[4]
    print(
        f"machine CPU over the run: {busy / max(sum(machine), 1):.0%} busy of {os.cpu_count()} cores "
        f"(softirq {machine[6] / max(sum(machine), 1):.0%}, steal {machine[7] / max(sum(machine), 1):.0%}, "
        f"iowait {machine[4] / max(sum(machine), 1):.0%})"
    )
    print(f"load average at the end (1, 5, 15 min): {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    print(f"worker peak memory (sum of VmHWM, {len(worker.peak_kib)} processes): {peak_mib:.0f} MiB")
    print(f"received {sum(received.values())}; duplicates {duplicates}; lost {lost}; unexpected {unexpected}")
    print(f"rows by status: {dict(statuses)}")
    for label, rate in (("end to end", end_to_end), ("delivery only", delivery_only)):
        print(f"target {TARGET_RATE} msg/s {label}: {'met' if rate >= TARGET_RATE else 'NOT met'} ({rate:.0f} msg/s)")
    ok = duplicates == 0 and lost == 0 and unexpected == 0
    print("exactly once: " + ("yes" if ok else "NO"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
