"""Benchmark of the public contribution pages (/ideas/) on PostgreSQL, gunicorn and wrk.

    .venv/bin/python bench/contributions.py [--sizes 10000 100000] [--duration 15] [--connections 10]

DATABASE_URL (PostgreSQL; default postgres://postgres@127.0.0.1:5432/ogp_bench_ideas) names a
database of its own: it is created if missing and migrated (manage.py migrate, production
settings). The script seeds published contributions of one benchmark plan, with themes and
supports, by COPY; it grows the data set from the first size to the next in the same database
(and starts again from empty when it holds more than the first size asks for).

For each size it starts gunicorn (bench.settings_bench: the production settings plus a bare view;
--workers sync workers, 4 as in production) on a free port of 127.0.0.1 and drives each page with wrk (-t2 -c10, --latency, a
Lua script that prints the 50th and 95th percentile), measuring the CPU time of wrk and of the
gunicorn workers, so one can see whether the server or the load generator is the bottleneck.
It prints a table per size and checks the targets at the largest size (PASS/FAIL lines); it
exits 0 whatever the outcome, unless the benchmark itself cannot run.

Each size is driven in three modes (--modes): "on", anonymous visitors as in production, who get
whole pages from the page cache (core/pagecache.py, Redis in database 12 or BENCH_REDIS_URL,
emptied before every run, so every run starts cold); "signed-in", wrk sends a logged-in
participant's session cookie, so every page is rendered for them and only its shared fragments
come from the cache; "off", PAGE_CACHE_SECONDS=0, every page rendered in full; "busy", a busy day
over the whole run: 90% anonymous page views across the list, its filters, searches and 2,000
different contributions, 9% page views by 300 different signed-in people, 1% supports by them
(real POSTs with their session and CSRF token), all at once from the same wrk, and on its own the
list page of one signed-in person. The targets are checked for each mode.
"""

import argparse
import contextlib
import datetime
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH_DIR = Path(__file__).resolve().parent
BASE_DIR = BENCH_DIR.parent
# Run as a script, this file's folder comes first on sys.path, and holds notifications.py, which
# is also the name of a Django app: put the project first instead.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH_DIR]
sys.path.insert(0, str(BASE_DIR))

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/ogp_bench_ideas"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/12"
EXTRA_ROW = "detail (2,000 random)"
MODES = {
    "on": "anonymous visitors, page cache on (production)",
    "signed-in": "a logged-in participant (own page; shared parts cached)",
    "off": "page cache off (every page rendered in full)",
    "busy": "a busy day: anonymous and signed-in visitors and supports at once (page cache on)",
}
BUSY_ROW = "busy day (mix)"
BUSY_COLD_ROW = "busy day (cold)"
BUSY_SIGNED_IN_ROW = "signed-in list"
BUSY_PEOPLE = 300  # different signed-in people in the busy-day mix, each with a session of their own
# The busy-day mix: shares of all requests (the rest are anonymous page views).
BUSY_SIGNED_IN = 0.09
BUSY_SUPPORTS = 0.01
PLAN_SLUG = "bench-contributions"
USERS = 3000
SEED = 20261128
# A word in about 1% of the texts, and nowhere in the common vocabulary: the search term.
RARE_WORD = "klokkenluiders"
RARE_SHARE = 0.01
BUSY_SEARCH_WORDS = [RARE_WORD, "lobby", "algoritmes", "archief", "woo", "klimaat", "ombudsman", "subsidies"]

# Per mode: (throughput × baseline's, p95 ms, which rows): with the page cache off, the list pages.
MODE_TARGETS = {"on": (0.3, 250, None), "signed-in": (0.25, 250, None), "off": (0.06, 150, "list")}
BUSY_TARGET_RATIO = 0.25
BUSY_TARGET_P95_MS = 150
TARGET_GROWTH = 1.5  # the list at the largest size at most this much slower than at the smallest

THEMES = [
    ("open-data", "Open data", "Open data"),
    ("transparantie", "Transparantie", "Transparency"),
    ("participatie", "Participatie", "Participation"),
    ("integriteit", "Integriteit", "Integrity"),
    ("digitale-overheid", "Digitale overheid", "Digital government"),
    ("toegankelijkheid", "Toegankelijkheid", "Accessibility"),
    ("archieven", "Archieven", "Archives"),
    ("lobby", "Lobbytransparantie", "Lobbying transparency"),
]
# Themes are not equally popular: the first ones are chosen more often.
THEME_WEIGHTS = [30, 22, 15, 10, 8, 7, 5, 3]

WORD_TEXT = (
    "de het een en van in op voor met aan door over bij naar uit als om dat die dit niet ook meer "
    "overheid gemeente provincie ministerie burger burgers inwoners ambtenaren organisaties informatie "
    "gegevens documenten besluiten openbaar openbaarheid inzage toegang vindbaar begrijpelijk duidelijk "
    "transparant transparantie verantwoording participatie meedoen meepraten samenwerking vertrouwen "
    "digitaal online website register archief archieven publiceren publicatie actief verzoek verzoeken "
    "woo wet termijn termijnen sneller beter eenvoudiger taal jargon uitleg voorbeeld voorbeelden "
    "onderzoek journalisten wetenschap data dataset datasets formaat standaard standaarden kwaliteit "
    "lobby agenda agenda's afspraken gesprekken belangen integriteit toezicht klachten ombudsman "
    "raad raadsleden vergadering vergaderingen notulen stukken beleid plannen uitvoering resultaten "
    "monitoring evaluatie rapport rapporten begroting uitgaven subsidies contracten aanbestedingen "
    "algoritmes algoritme register keuzes mensen rechten privacy bescherming veiligheid zorg onderwijs "
    "wonen klimaat energie mobiliteit regio lokaal landelijk europees samen nieuwe goede belangrijk "
    "graag voorstel idee suggestie kritiek zorgen probleem oplossing kansen ervaring praktijk tijd"
)
WORDS = WORD_TEXT.split()
TITLE_WORDS = WORDS[24:]


STARTED = time.monotonic()


def log(text: str) -> None:
    print(f"[{time.monotonic() - STARTED:6.1f} s] {text}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- The database ------------------------------------------------------------------------------------


def ensure_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"[A-Za-z0-9_]+", name):
        raise SystemExit(f"Unusual database name {name!r}; use letters, digits and underscores.")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            log(f"created database {name}")


def run_django(env: dict, *args: str, settings: str = "config.settings.production") -> None:
    subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), *args],
        cwd=BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": settings},
        check=True,
    )


def setup_django(env: dict) -> None:
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings_bench"
    import django

    django.setup()


def bench_plan():
    from plans.models import ActionPlan, Theme

    today = datetime.date.today()
    plan, _ = ActionPlan.objects.get_or_create(
        slug=PLAN_SLUG,
        defaults={
            "number": 900,
            "title_nl": "Benchmark Actieplan Open Overheid",
            "title_en": "Benchmark Open Government Action Plan",
            "term_start": today,
            "term_end": today + datetime.timedelta(days=4 * 365),
            "status": ActionPlan.Status.PUBLIC,
        },
    )
    themes = []
    for slug, name_nl, name_en in THEMES:
        theme, _ = Theme.objects.get_or_create(slug=slug, defaults={"name_nl": name_nl, "name_en": name_en})
        themes.append(theme)
    return plan, themes


def bench_users() -> list[int]:
    from accounts.models import User

    emails = [f"bench-{n}@example.org" for n in range(USERS)]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    User.objects.bulk_create(
        [User(email=e, name=f"Deelnemer {e[6:-12]}", password="!") for e in emails if e not in existing],
        batch_size=1000,
    )
    return list(User.objects.filter(email__in=emails).order_by("pk").values_list("pk", flat=True))


def support_count(rng: random.Random) -> int:
    """Skewed: most contributions have a few supports, some have hundreds."""
    return min(USERS, int(rng.paretovariate(1.3)) - 1 + (rng.random() < 0.3))


def text_for(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(30, 150))
    if rng.random() < RARE_SHARE:
        words.insert(rng.randrange(len(words)), RARE_WORD)
    sentences, start = [], 0
    while start < len(words):
        end = start + rng.randint(8, 18)
        sentence = " ".join(words[start:end])
        sentences.append(sentence[0].upper() + sentence[1:] + ".")
        start = end
    return " ".join(sentences)


def truncate_ideas(cursor) -> None:
    cursor.execute(
        "TRUNCATE ideas_support, ideas_idea_themes, ideas_report, ideas_moderationlog, ideas_idea RESTART IDENTITY CASCADE"
    )


def seed(size: int) -> None:
    """Grow the benchmark plan's published contributions to `size`, with themes and supports."""
    from django.db import connection, transaction
    from django.utils import timezone

    from ideas.models import Idea

    plan, themes = bench_plan()
    users = bench_users()
    current = Idea.objects.filter(plan=plan).count()
    with connection.cursor() as cursor:
        if current > size:
            log(f"the database holds {current} contributions, more than {size}: starting again from empty")
            truncate_ideas(cursor)
            current = 0
    if current == size:
        log(f"{size} contributions already seeded")
        return
    todo = size - current
    log(f"seeding {todo} contributions ({current} → {size}) …")
    rng = random.Random(SEED + current)
    now = timezone.now()
    outcomes = [value for value, _ in Idea.Outcome.choices]
    channels = [value for value, _ in Idea.Channel.choices]
    kinds = [value for value, _ in Idea.Kind.choices]
    n_themes = n_supports = 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence('ideas_idea', 'id')) FROM generate_series(1, %s)", [todo])
        ids = [row[0] for row in cursor.fetchall()]
        raw = cursor.connection  # psycopg 3
        with raw.cursor() as pg:
            columns = (
                "id, plan_id, kind, title, text, original_text, author_id, show_name, submitter_name, "
                "submitter_email, channel, status, needs_review, rejection_reason, rejection_text, outcome, "
                "response, responded_at, support_count, created_at, updated_at, published_at, moderated_at, in_refresh"
            )
            counts = {}
            with pg.copy(f"COPY ideas_idea ({columns}) FROM STDIN") as copy:
                for n, pk in enumerate(ids):
                    # Spread over the last year; later ids tend to be newer, as in real life.
                    age = datetime.timedelta(minutes=rng.randint(0, 60 * 24 * 365) * (1 - (current + n) / (size * 1.2)))
                    published = now - age
                    created = published - datetime.timedelta(hours=rng.randint(1, 72))
                    answered = rng.random() < 0.35
                    counts[pk] = support_count(rng)
                    copy.write_row(
                        (
                            pk, plan.pk, rng.choice(kinds),
                            " ".join(rng.choices(TITLE_WORDS, k=rng.randint(3, 9))).capitalize()[:200],
                            text_for(rng), "", rng.choice(users), rng.random() < 0.3, "", "",
                            "online" if rng.random() < 0.8 else rng.choice(channels), "published", False, "", "",
                            rng.choice(outcomes) if answered else "",
                            text_for(rng) if answered else "", published + datetime.timedelta(days=7) if answered else None,
                            counts[pk], created, published, published, published, False,
                        )
                    )  # fmt: skip
            with pg.copy("COPY ideas_idea_themes (idea_id, theme_id) FROM STDIN") as copy:
                for pk in ids:
                    for theme in set(rng.choices(themes, weights=THEME_WEIGHTS, k=rng.randint(1, 3))):
                        copy.write_row((pk, theme.pk))
                        n_themes += 1
            with pg.copy("COPY ideas_support (idea_id, user_id, created_at) FROM STDIN") as copy:
                for pk in ids:
                    for user in rng.sample(users, counts[pk]):
                        copy.write_row((pk, user, now))
                        n_supports += 1
    log(f"seeded {todo} contributions, {n_themes} theme links, {n_supports} supports; VACUUM ANALYZE …")
    with connection.cursor() as cursor:
        for table in ("ideas_idea", "ideas_idea_themes", "ideas_support", "accounts_user"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    connection.close()


def bench_targets() -> dict:
    """The URLs to drive, and the facts the report needs about the data."""
    from django.db import connection

    from ideas.models import Idea
    from plans.models import Theme

    ideas = Idea.objects.filter(plan__slug=PLAN_SLUG, status="published")
    total = ideas.count()
    theme = Theme.objects.get(slug=THEMES[1][0])  # the second most popular theme
    with_theme = ideas.filter(themes=theme).count()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM ideas_idea WHERE to_tsvector('dutch'::regconfig, coalesce(title, '') || ' ' || "
            "coalesce(text, '')) @@ websearch_to_tsquery('dutch'::regconfig, %s)",
            [RARE_WORD],
        )
        with_word = cursor.fetchone()[0]
    rng = random.Random(SEED)
    all_ids = list(ideas.values_list("pk", flat=True))
    detail_ids = rng.sample(all_ids, min(2000, len(all_ids)))
    connection.close()
    return {
        "total": total,
        "theme": theme.slug,
        "with_theme": with_theme,
        "with_word": with_word,
        "detail_ids": detail_ids,
    }


# --- Serving and driving -----------------------------------------------------------------------------


def collect_static(env: dict) -> None:
    log(f"collectstatic into {env['BENCH_STATIC_ROOT']} …")
    subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), "collectstatic", "--noinput", "-v0"],
        cwd=BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "bench.settings_bench"},
        check=True,
    )


class Gunicorn:
    def __init__(self, env: dict, port: int, workers: int, logfile: Path):
        self.port = port
        self.log = open(logfile, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--worker-class",
                "sync",
                "--backlog",
                "2048",
                "--log-level",
                "warning",
            ],  # fmt: skip
            cwd=BASE_DIR,
            env={**env, "DJANGO_SETTINGS_MODULE": "bench.settings_bench"},
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/bare/", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"gunicorn did not start; see {logfile}")
            time.sleep(0.2)

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(p) for p in children.read_text().split()]

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.log.close()


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process, from /proc/<pid>/stat."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def machine_busy() -> tuple[float, float]:
    """(busy, total) jiffies of all CPUs, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


LUA_DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH requests=%d duration_us=%d p50_us=%d p95_us=%d p99_us=%d errors=%d non2xx=%d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""

LUA_RANDOM_DETAIL = """
local ids = {%s}
init = function(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end
request = function()
  return wrk.format("GET", "/ideas/" .. ids[math.random(#ids)] .. "/")
end
"""


LUA_BUSY = """
local ids = {%(ids)s}
local lists = {%(lists)s}
local searches = {%(searches)s}
local cookies = {%(cookies)s}
local tokens = {%(tokens)s}
init = function(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000) + tonumber(tostring({}):sub(8), 16) %% 100000)
end
local function page()
  local r = math.random()
  if r < 0.5 then return "/ideas/" .. ids[math.random(#ids)] .. "/" end
  if r < 0.85 then return lists[math.random(#lists)] end
  return searches[math.random(#searches)]
end
request = function()
  local r = math.random()
  if r < %(supports)s then
    local n = math.random(#cookies)
    return wrk.format("POST", "/ideas/" .. ids[math.random(#ids)] .. "/support/",
      {["Cookie"] = cookies[n], ["X-CSRFToken"] = tokens[n], ["Content-Type"] = "application/x-www-form-urlencoded"}, "")
  end
  if r < %(signed_in)s then
    return wrk.format("GET", page(), {["Cookie"] = cookies[math.random(#cookies)]})
  end
  return wrk.format("GET", page(), {})
end
"""


def _lua_strings(values) -> str:
    values = list(values)
    if any('"' in v or "\\" in v for v in values):
        raise ValueError("a Lua string with a quote or backslash")
    return ", ".join(f'"{v}"' for v in values)


def write_busy_lua(folder: Path, facts: dict, people: list[tuple[str, str]]) -> Path:
    """The busy-day mix: each request drawn at random (supports, signed-in and anonymous views)."""
    path = folder / "busy_day.lua"
    body = LUA_BUSY % {
        "ids": ", ".join(str(i) for i in facts["detail_ids"]),
        "lists": _lua_strings(facts["busy_lists"]),
        "searches": _lua_strings(f"/ideas/?q={word}" for word in BUSY_SEARCH_WORDS),
        "cookies": _lua_strings(cookie for cookie, _ in people),
        "tokens": _lua_strings(token for _, token in people),
        "supports": BUSY_SUPPORTS,
        "signed_in": BUSY_SUPPORTS + BUSY_SIGNED_IN,
    }
    path.write_text(body + LUA_DONE)
    return path


def write_lua(folder: Path, name: str, detail_ids: list[int] | None = None, cookie: str = "") -> Path:
    path = folder / f"{name}.lua"
    body = LUA_DONE
    if detail_ids:
        body = LUA_RANDOM_DETAIL % ", ".join(str(i) for i in detail_ids) + body
    if cookie:
        body = f'wrk.headers["Cookie"] = "{cookie}"\n' + body
    path.write_text(body)
    return path


def ensure_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk:
        return wrk
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("wrk is missing: apt-get install -y wrk")
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=False)
        wrk = shutil.which("wrk")
    if not wrk:
        raise SystemExit("This benchmark needs wrk: sudo apt-get install wrk")
    return wrk


def run_wrk(wrk: str, url: str, lua: Path, args, gunicorn: Gunicorn, duration: int | None = None) -> dict:
    workers = gunicorn.workers()
    before = {pid: cpu_seconds(pid) for pid in workers}
    busy0, total0 = machine_busy()
    started = time.monotonic()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(
            [
                wrk,
                f"-t{args.threads}",
                f"-c{args.connections}",
                f"-d{duration or args.duration}s",
                "--latency",
                "-s",
                str(lua),
                url,
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.monotonic() - started
        busy1, total1 = machine_busy()
        out.seek(0)
        text = out.read().decode(errors="replace")
    found = re.search(r"^BENCH (.*)$", text, re.MULTILINE)
    if process.returncode or not found:
        raise SystemExit(f"wrk failed on {url}:\n{text}")
    values = {k: int(v) for k, v in (item.split("=") for item in found.group(1).split())}
    worker_seconds = [cpu_seconds(pid) - before[pid] for pid in workers]
    worker_cpu = [seconds / elapsed for seconds in worker_seconds]
    return {
        "rps": values["requests"] / (values["duration_us"] / 1e6),
        "p50": values["p50_us"] / 1000,
        "p95": values["p95_us"] / 1000,
        "p99": values["p99_us"] / 1000,
        "requests": values["requests"],
        "errors": values["errors"],
        "non2xx": values["non2xx"],
        "wrk_cpu": (usage.ru_utime + usage.ru_stime) / elapsed,
        "worker_cpu": worker_cpu,
        # CPU time of the gunicorn workers per request: unlike req/s, hardly affected by other load.
        "cpu_ms": 1000 * sum(worker_seconds) / max(1, values["requests"]),
        "machine": (busy1 - busy0) / max(1, total1 - total0),
    }


def check_page(url: str, cookie: str = "") -> None:
    headers = {"Cookie": cookie} if cookie else {}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as response:
        body = response.read()
        if response.status != 200:
            raise SystemExit(f"{url} answered {response.status}")
    for _ in range(20):  # warm up: templates, connections, query plans
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as response:
            response.read()
    if b"<html" not in body and body != b"ok":
        raise SystemExit(f"{url} did not return a page")
    if cookie and body != b"ok" and b"/accounts/logout/" not in body:
        raise SystemExit(f"{url} did not see the participant logged in")


def flush_redis(url: str) -> None:
    """Start every run with an empty cache (the benchmark's own Redis database)."""
    import redis

    redis.Redis.from_url(url).flushdb()


def signed_in_cookie() -> str:
    """A session of a participant who is logged in (supports nothing): the cookie wrk sends, with
    a CSRF cookie as a browser sends it back after its first page (without one, every response
    would make a new CSRF secret and set the cookie again)."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.utils.crypto import get_random_string

    from accounts.models import User

    # A name of their own: the page cache does not keep a page that holds the person's name, and the
    # authors of the seeded contributions are all called "Deelnemer <n>".
    user, _ = User.objects.update_or_create(email="deelnemer@bench.example", defaults={"name": "Sanne Visser"})
    client = Client()
    client.force_login(user)
    connection.close()
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={get_random_string(32)}"


def busy_people() -> list[tuple[str, str]]:
    """BUSY_PEOPLE signed-in people who wrote nothing (so each may support any contribution), each
    with a session of their own and a CSRF secret: (the Cookie header, the X-CSRFToken header)."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.utils.crypto import get_random_string

    from accounts.models import User

    emails = [f"busy-{n}@bench.example" for n in range(BUSY_PEOPLE)]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    User.objects.bulk_create(
        [User(email=e, name=f"Bezoeker {e[5:-14]}", password="!") for e in emails if e not in existing]
    )
    found = []
    for user in User.objects.filter(email__in=emails).order_by("pk"):
        client = Client()
        client.force_login(user)
        secret = get_random_string(32)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        found.append((f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={secret}", secret))
    connection.close()
    return found


def busy_supports() -> int:
    """The supports the busy-day people have given (each run starts from none)."""
    from django.db import connection

    from ideas.models import Support

    count = Support.objects.filter(user__email__startswith="busy-", user__email__endswith="@bench.example").count()
    connection.close()
    return count


def busy_reset() -> None:
    """Take back the supports of an earlier busy-day run, with their counts."""
    from django.db import connection, transaction
    from django.db.models import F

    from ideas.models import Idea, Support

    with transaction.atomic():
        given = Support.objects.filter(user__email__startswith="busy-", user__email__endswith="@bench.example")
        for idea_id in list(given.values_list("idea_id", flat=True)):
            Idea.objects.filter(pk=idea_id).update(support_count=F("support_count") - 1)
        given.delete()
    connection.close()


def bench_busy(size: int, env: dict, args, wrk: str, folder: Path) -> tuple[dict, dict]:
    busy_reset()
    people = busy_people()
    one_person = signed_in_cookie()
    flush_redis(env["REDIS_URL"])
    facts = bench_targets()
    facts["busy_lists"] = [
        "/ideas/", "/ideas/?sort=supported", "/ideas/?kind=idea", "/ideas/?outcome=open",
        "/ideas/?sort=supported&theme=transparantie", *(f"/ideas/?theme={slug}" for slug, _, _ in THEMES),
        *(f"/ideas/?page={n}" for n in range(2, 7)),
    ]  # fmt: skip
    gunicorn = Gunicorn(env, args.port, args.workers, folder / "gunicorn.log")
    results = {}
    base_url = f"http://127.0.0.1:{args.port}"
    try:
        check_page(f"{base_url}/bench/bare/")
        log("wrk baseline: /bench/bare/")
        results["baseline"] = run_wrk(
            wrk, f"{base_url}/bench/bare/", write_lua(folder, "busy_baseline"), args, gunicorn
        )
        check_page(f"{base_url}/ideas/", people[0][0])
        flush_redis(env["REDIS_URL"])  # the day starts from an empty cache
        mix = write_busy_lua(folder, facts, people)
        what = f"{len(people)} people, {len(facts['detail_ids'])} contributions, {len(facts['busy_lists'])} lists"
        if args.busy_warmup:
            # The first minutes of the day: every page is seen for the first time. Reported, not
            # judged: a busy day is hours long, and what it needs is the hit rate once the pages
            # are kept (while supports keep changing them), which the measured run after it shows.
            log(f"wrk {BUSY_COLD_ROW}: {what}, {args.busy_warmup} s from an empty cache")
            results[BUSY_COLD_ROW] = run_wrk(wrk, f"{base_url}/ideas/", mix, args, gunicorn, args.busy_warmup)
        log(f"wrk {BUSY_ROW}: {what}")
        before = busy_supports()
        results[BUSY_ROW] = run_wrk(wrk, f"{base_url}/ideas/", mix, args, gunicorn)
        results[BUSY_ROW]["supports"] = busy_supports() - before
        check_page(f"{base_url}/ideas/", one_person)
        log(f"wrk {BUSY_SIGNED_IN_ROW}: /ideas/ (one signed-in person)")
        lua = write_lua(folder, "busy_signed_in_list", cookie=one_person)
        results[BUSY_SIGNED_IN_ROW] = run_wrk(wrk, f"{base_url}/ideas/", lua, args, gunicorn)
    finally:
        gunicorn.stop()
    for name, path in (
        (BUSY_COLD_ROW, "mix"),
        (BUSY_ROW, "mix"),
        (BUSY_SIGNED_IN_ROW, "/ideas/"),
        ("baseline", "/bench/bare/"),
    ):
        if name in results:
            results[name]["path"] = path
    return results, facts


def check_busy(all_results: dict) -> None:
    largest = max(all_results)
    results = all_results[largest]
    base = results["baseline"]["rps"]
    mix, alone = results[BUSY_ROW], results[BUSY_SIGNED_IN_ROW]
    print(f"== targets at {largest:,} contributions, {ARGS.connections} concurrent clients, {MODES['busy']}")
    print(
        f"INFO  busy day: {mix['requests']} requests, {mix['supports']} supports recorded "
        f"(~{BUSY_SUPPORTS:.0%} of the requests were support POSTs; a repeated person and contribution counts once)"
    )
    if BUSY_COLD_ROW in results:
        cold = results[BUSY_COLD_ROW]
        print(
            f"INFO  busy day: the first {ARGS.busy_warmup} s from an empty cache (not judged): "
            f"{cold['rps'] / base:.2f} × baseline, p95 {cold['p95']:.1f} ms; the measured run follows them"
        )
    ratio = mix["rps"] / base
    verdict = "PASS" if ratio >= BUSY_TARGET_RATIO else "FAIL"
    print(f"{verdict}  busy day: aggregate throughput {ratio:.2f} × baseline (target ≥ {BUSY_TARGET_RATIO})")
    verdict = "PASS" if mix["p95"] < BUSY_TARGET_P95_MS else "FAIL"
    print(f"{verdict}  busy day: aggregate p95 {mix['p95']:.1f} ms (target < {BUSY_TARGET_P95_MS} ms)")
    ratio = alone["rps"] / base
    verdict = "PASS" if ratio >= BUSY_TARGET_RATIO else "FAIL"
    print(f"{verdict}  busy day: signed-in list page on its own {ratio:.2f} × baseline (target ≥ {BUSY_TARGET_RATIO})")
    for name, r in ((BUSY_ROW, mix), (BUSY_SIGNED_IN_ROW, alone)):
        if r["errors"] or r["non2xx"]:
            print(f"FAIL  busy day: {name}: {r['errors']} socket errors, {r['non2xx']} responses of 4xx/5xx")


def bench_size(size: int, env: dict, args, wrk: str, folder: Path, *, mode: str) -> tuple[dict, dict]:
    env = {**env, "PAGE_CACHE_SECONDS": "0" if mode == "off" else env["PAGE_CACHE_SECONDS"]}
    cookie = signed_in_cookie() if mode == "signed-in" else ""
    flush_redis(env["REDIS_URL"])
    facts = bench_targets()
    log(
        f"{facts['total']} published contributions; theme {facts['theme']!r} on {facts['with_theme']}, "
        f"{RARE_WORD!r} in {facts['with_word']} ({facts['with_word'] / max(1, facts['total']):.1%})"
    )
    mid = facts["detail_ids"][len(facts["detail_ids"]) // 2]
    pages = [
        ("baseline", "/bench/bare/", None),
        ("list", "/ideas/", None),
        ("list by theme", f"/ideas/?theme={facts['theme']}", None),
        ("search", f"/ideas/?q={RARE_WORD}", None),
        ("sorted by supports", "/ideas/?sort=supported", None),
        ("detail", f"/ideas/{mid}/", None),
        # Beyond the list: 2,000 different pages in random order, starting from an empty
        # cache, so that most requests render their page. Reported, not held to the targets.
        (EXTRA_ROW, f"/ideas/{mid}/", facts["detail_ids"]),
    ]
    port = args.port
    gunicorn = Gunicorn(env, port, args.workers, folder / "gunicorn.log")
    results = {}
    try:
        for name, path, ids in pages:
            url = f"http://127.0.0.1:{port}{path}"
            check_page(url, cookie)
            lua = write_lua(folder, re.sub(r"\W+", "_", f"{mode} {name}"), ids, cookie)
            log(f"wrk {name}: {path}{' (random ids)' if ids else ''}")
            results[name] = run_wrk(wrk, url, lua, args, gunicorn)
            results[name]["path"] = path
    finally:
        gunicorn.stop()
    return results, facts


def print_table(size: int, mode: str, results: dict) -> None:
    base = results["baseline"]["rps"]
    print()
    print(
        f"== {size:,} published contributions · {MODES[mode]} · gunicorn {ARGS.workers} sync workers · "
        f"wrk -t2 -c{ARGS.connections} -d{ARGS.duration}s"
    )
    header = (
        f"{'page':<20} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'× base':>7} {'errors':>6}  "
        f"{'wrk CPU':>7}  {'workers CPU':>12}  {'machine':>7}  {'CPU ms/req':>10} {'× base CPU':>10}"
    )
    print(header)
    print("-" * len(header))
    for name, r in results.items():
        workers = "+".join(f"{c:.0%}" for c in r["worker_cpu"])
        print(
            f"{name:<20} {r['rps']:>8.0f} {r['p50']:>8.1f} {r['p95']:>8.1f} {r['p99']:>8.1f} "
            f"{r['rps'] / base:>7.2f} {r['errors'] + r['non2xx']:>6}  {r['wrk_cpu']:>7.0%}  {workers:>12}  {r['machine']:>7.0%}"
            f"  {r['cpu_ms']:>10.2f} {results['baseline']['cpu_ms'] / r['cpu_ms']:>10.2f}"
        )
    b = results["baseline"]
    busiest = max(b["worker_cpu"])
    mean_worker = sum(b["worker_cpu"]) / len(b["worker_cpu"])
    bound = "SERVER-BOUND" if mean_worker >= 0.8 and b["wrk_cpu"] < mean_worker else "NOT CLEARLY SERVER-BOUND"
    print(
        f"baseline: gunicorn workers at {mean_worker:.0%} of a CPU each on average (busiest {busiest:.0%}), "
        f"wrk at {b['wrk_cpu']:.0%} of a CPU, machine {b['machine']:.0%} busy ({os.cpu_count()} CPUs) → {bound}"
    )
    print()


def check_targets(all_results: dict, mode: str) -> None:
    sizes = sorted(all_results)
    largest, smallest = sizes[-1], sizes[0]
    results = all_results[largest]
    base = results["baseline"]["rps"]
    target_ratio, target_p95, rows = MODE_TARGETS[mode]
    print(f"== targets at {largest:,} contributions, {ARGS.connections} concurrent clients, {MODES[mode]}")
    for name, r in results.items():
        if name == "baseline":
            continue
        ratio = r["rps"] / base
        # Not one of the pages, or not one the mode's target is about (off: the lists).
        held = name != EXTRA_ROW and (rows is None or not name.startswith("detail"))
        failed = "FAIL" if held else "INFO"
        verdict = "PASS" if ratio >= target_ratio else failed
        print(f"{verdict}  {name}: throughput {ratio:.2f} × baseline (target ≥ {target_ratio})")
        verdict = "PASS" if r["p95"] < target_p95 else failed
        print(f"{verdict}  {name}: p95 {r['p95']:.1f} ms (target < {target_p95} ms)")
        if r["errors"] or r["non2xx"]:
            print(f"FAIL  {name}: {r['errors']} socket errors, {r['non2xx']} non-2xx responses")
    if largest != smallest:
        small, large = all_results[smallest]["list"], results["list"]
        slower_p50 = large["p50"] / small["p50"]
        slower_rps = small["rps"] / large["rps"]
        worst = max(slower_p50, slower_rps)
        verdict = "PASS" if worst <= TARGET_GROWTH else "FAIL"
        print(
            f"{verdict}  list at {largest:,} vs {smallest:,}: p50 {slower_p50:.2f}×, throughput {slower_rps:.2f}× "
            f"slower (target ≤ {TARGET_GROWTH}×)"
        )
    else:
        print("SKIP  list growth: give two sizes (e.g. --sizes 10000 100000)")


def main() -> None:
    global ARGS
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--duration", type=int, default=15, help="seconds per page")
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--workers", type=int, default=4, help="gunicorn sync workers (4: production's default, gunicorn.conf.py)"
    )
    parser.add_argument("--timeout", type=int, default=10, help="wrk's socket timeout in seconds")
    parser.add_argument("--reset", action="store_true", help="remove the seeded contributions first")
    parser.add_argument(
        "--busy-warmup", type=int, default=60,
        help="busy mode: seconds of the mix from an empty cache before the measured run (reported as "
        "'busy day (cold)', not judged); 0: measure from an empty cache",
    )  # fmt: skip
    parser.add_argument(
        "--modes", nargs="+", choices=list(MODES), default=list(MODES),
        help="on: anonymous visitors, as in production; signed-in: wrk sends a logged-in "
        "participant's session cookie; off: PAGE_CACHE_SECONDS=0, every page rendered in full; busy: the "
        "busy-day mix of anonymous and signed-in views and supports, and one signed-in person's list",
    )  # fmt: skip
    ARGS = args = parser.parse_args()
    sizes = sorted(set(args.sizes))
    args.port = free_port()

    wrk = ensure_wrk()
    database_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    if not database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("DATABASE_URL must name a PostgreSQL database")
    folder = Path(tempfile.mkdtemp(prefix="ogp-bench-ideas-"))
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench-" + "x" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{args.port}",
        "SECURE_SSL_REDIRECT": "false",
        "BENCH_STATIC_ROOT": str(folder / "static"),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(BASE_DIR),
    }
    # Redis as in production: the cache of rate limits and pages (core/pagecache.py) that all
    # gunicorn workers share. A database of its own, emptied before every run.
    env["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL)
    env["PAGE_CACHE_SECONDS"] = os.environ.get("PAGE_CACHE_SECONDS", "300")  # production's default
    env.pop("DJANGO_SETTINGS_MODULE", None)

    ensure_database(database_url)
    log("manage.py migrate (production settings) …")
    run_django(env, "migrate", "--noinput", "-v0")
    collect_static(env)
    setup_django(env)
    if args.reset:
        from django.db import connection

        with connection.cursor() as cursor:
            truncate_ideas(cursor)
        connection.close()

    modes = [mode for mode in MODES if mode in args.modes]
    all_results = {mode: {} for mode in modes}
    for size in sizes:
        seed(size)
        for mode in modes:
            if mode == "busy":
                results, facts = bench_busy(size, env, args, wrk, folder)
            else:
                results, facts = bench_size(size, env, args, wrk, folder, mode=mode)
            all_results[mode][size] = results
            print_table(size, mode, results)
    for mode in modes:
        for size in sizes:
            print_table(size, mode, all_results[mode][size])
    for mode in modes:
        if mode == "busy":
            check_busy(all_results[mode])
        else:
            check_targets(all_results[mode], mode)
    shutil.rmtree(folder / "static", ignore_errors=True)
    log(f"done; gunicorn's log and the Lua scripts are in {folder}")


ARGS = None

if __name__ == "__main__":
    main()
