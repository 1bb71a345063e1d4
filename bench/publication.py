"""Benchmark of the plan document as a PDF: a plan of 20 commitments, rendered by the Celery task.

    .venv/bin/python bench/publication.py [--commitments 20] [--language en] [--runs 2]

DATABASE_URL (PostgreSQL; default postgres://postgres@127.0.0.1:5432/ogp_bench_publication) names a
database of its own: it is created if missing, migrated, and EMPTIED (manage.py flush) on every run,
so its name must contain "bench". The production settings are used (REDIS_URL is only checked by
them, not used); the PDFs are written to a temporary MEDIA_ROOT.

What it does: create a plan (its introduction and context written) with N final commitments in OGP's template, every text filled in both
languages (a few hundred words per field group) and 4–6 milestones each, a lead and two supporting
organisations; compile the plan document's BODY in one language with
``publication.plan_document.render_plan_document`` (the real document a version freezes: the
plan's texts, the co-creation process and every commitment in OGP's template); store it as the
document of a plan version and run ``render_pdf_document`` as a worker runs it (in this process,
outside a transaction). It prints the compile time, the PDF time, size
and pages, and PASS/FAIL against the target (the PDF in under 30 s on this machine). With
``--runs 2`` (the default) it renders a second version with the same HTML and checks that both
PDFs have the same SHA-256. Exit code 1 when the target is missed or a rendering did not finish.
"""

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH_DIR = Path(__file__).resolve().parent
BASE_DIR = BENCH_DIR.parent
if __name__ == "__main__":
    # Run as a script, this file's folder comes first on sys.path, and this file is called
    # "publication" like the Django app: put the project first instead.
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH_DIR]
    sys.path.insert(0, str(BASE_DIR))

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/ogp_bench_publication"
TARGET_SECONDS = 30.0

WORDS = {
    "nl": (
        "de het een overheid burgers informatie openbaar maken gemeenten provincies ministerie "
        "transparantie participatie verantwoording open data besluiten documenten toegankelijk "
        "register algoritmes inzicht samenwerking maatschappelijke organisaties wet uitvoering "
        "jaarlijks rapporteren evaluatie kwaliteit betrouwbaar digitale voorzieningen inwoners "
        "betrokken beleid verbeteren vertrouwen onderzoek aanbevelingen standaard publiceren "
        "termijn actieplan verbintenis doel resultaat mijlpaal en van voor met op in door bij "
        "zodat waardoor omdat ook nog meer minder"
    ),
    "en": (
        "the a government citizens information public disclose municipalities provinces ministry "
        "transparency participation accountability open data decisions documents accessible "
        "register algorithms insight cooperation civil society organisations law implementation "
        "annually report evaluation quality reliable digital services residents involved policy "
        "improve trust research recommendations standard publish deadline action plan commitment "
        "goal result milestone and of for with on in by at so that because also more fewer"
    ),
}


def log(text: str) -> None:
    print(text, flush=True)


def prose(rng: random.Random, language: str, sentences: int) -> str:
    """Sentences of plausible words, in paragraphs of about four sentences."""
    words = WORDS[language].split()
    out = []
    for i in range(sentences):
        sentence = " ".join(rng.choice(words) for _ in range(rng.randint(12, 24)))
        out.append(sentence[0].upper() + sentence[1:] + ".")
        if i % 4 == 3:
            out.append("\n\n")
    return " ".join(out).replace(" \n\n ", "\n\n").strip()


def build_plan(n: int):
    """A plan with its introduction and context and n final commitments, full texts in both
    languages, 4–6 milestones each."""
    from accounts.models import Organisation
    from commitments.models import Commitment, Milestone
    from plans.models import ActionPlan
    from publication.models import PlanText

    rng = random.Random(2026)
    plan = ActionPlan.objects.create(
        number=5,
        slug="actieplan-5",
        title_nl="Actieplan Open Overheid 2023–2027",
        title_en="Open Government Action Plan 2023–2027",
        term_start=datetime.date(2023, 1, 1),
        term_end=datetime.date(2027, 12, 31),
        status=ActionPlan.Status.PUBLIC,
    )
    PlanText.objects.create(
        plan=plan,
        introduction_nl=prose(rng, "nl", 12),
        introduction_en=prose(rng, "en", 12),
        context_nl=prose(rng, "nl", 16),
        context_en=prose(rng, "en", 16),
    )
    organisations = [
        Organisation.objects.create(name=f"Ministerie van Zaken {i}", kind=Organisation.Kind.MINISTRY) for i in range(6)
    ] + [
        Organisation.objects.create(name=f"Stichting Open {i}", kind=Organisation.Kind.CIVIL_SOCIETY) for i in range(4)
    ]
    for number in range(1, n + 1):
        texts = {}
        for language in ("nl", "en"):
            for field, sentences in (
                ("problem", 10),
                ("causes", 8),
                ("done_so_far", 8),
                ("description", 14),
                ("how_it_helps", 8),
                ("transparency_why", 3),
                ("participation_why", 3),
                ("accountability_why", 3),
                ("budget", 2),
                ("other_policies", 3),
                ("sdgs", 2),
            ):
                texts[f"{field}_{language}"] = prose(rng, language, sentences)
        commitment = Commitment.objects.create(
            plan=plan,
            sequence=number,
            identifier=f"NL-5-{number:02d}",
            lead_organisation=organisations[number % 6],
            title_nl=f"Verbintenis {number}: {prose(rng, 'nl', 1)[:120].rstrip('.')}",
            title_en=f"Commitment {number}: {prose(rng, 'en', 1)[:120].rstrip('.')}",
            transparency=True,
            participation=True,
            accountability=number % 2 == 0,
            status=Commitment.Status.FINAL,
            **texts,
        )
        commitment.supporting_organisations.set([organisations[6 + number % 4], organisations[(number + 1) % 6]])
        plan.action_holders.add(commitment.lead_organisation)
        for position in range(1, rng.randint(4, 6) + 1):
            starts = datetime.date(2023, 1, 1) + datetime.timedelta(days=120 * position)
            Milestone.objects.create(
                commitment=commitment,
                position=position,
                description_nl=prose(rng, "nl", 2),
                description_en=prose(rng, "en", 2),
                expected_output_nl=prose(rng, "nl", 1),
                expected_output_en=prose(rng, "en", 1),
                starts_on=starts,
                ends_on=starts + datetime.timedelta(days=180),
                responsible_organisation=organisations[(number + position) % 10],
            )
    return plan


def plan_document_body(plan, language: str) -> str:
    """The plan document's BODY as a version stores it (``publication.plan_document``)."""
    from publication.plan_document import render_plan_document

    return render_plan_document(plan, language)


# --- The run -----------------------------------------------------------------------------------------


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--commitments", type=int, default=20)
    parser.add_argument("--language", choices=["nl", "en"], default="en")
    parser.add_argument("--runs", type=int, default=2, help="versions rendered from the same HTML (default 2)")
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    if not database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("DATABASE_URL must point at PostgreSQL")
    if "bench" not in urlsplit(database_url).path:
        raise SystemExit("The benchmark empties its database: DATABASE_URL must name one with 'bench' in its name")
    ensure_database(database_url)
    media = tempfile.mkdtemp(prefix="ogp-bench-pdf-")
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "benchmark-only-secret-" + "b" * 40),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": "http://127.0.0.1:8000",
            "DATABASE_URL": database_url,
            "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/11"),
            "MEDIA_ROOT": media,
            "LOG_LEVEL": "WARNING",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command

    from publication.models import PlanVersion, VersionDocument
    from publication.tasks import render_pdf_document

    call_command("migrate", "--no-input", verbosity=0)
    call_command("flush", "--no-input", verbosity=0)
    load_before = os.getloadavg()
    log(f"{os.cpu_count()} CPUs, load average {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}")

    started = time.monotonic()
    plan = build_plan(args.commitments)
    log(f"plan with {args.commitments} commitments made in {time.monotonic() - started:.1f} s")

    started = time.monotonic()
    body = plan_document_body(plan, args.language)
    compile_seconds = time.monotonic() - started
    log(f"plan document compiled: {len(body) / 1024:.0f} KiB of HTML in {compile_seconds:.2f} s")

    results = []
    for run in range(1, args.runs + 1):
        version = PlanVersion.objects.create(
            plan=plan,
            number=run,
            language=args.language,
            label_nl=f"Versie {run}",
            label_en=f"Version {run}",
            published_on=datetime.date(2022, 12, 30),
        )
        document = VersionDocument.objects.create(
            version=version,
            kind=VersionDocument.Kind.PLAN,
            language=args.language,
            title=plan.localized("title", args.language),
            html=body,
        )
        started, cpu_started = time.monotonic(), time.process_time()
        outcome = render_pdf_document(VersionDocument._meta.app_label, VersionDocument._meta.model_name, document.pk)
        seconds, cpu = time.monotonic() - started, time.process_time() - cpu_started
        document.refresh_from_db()
        results.append((seconds, document))
        log(
            f"run {run}: {outcome} in {seconds:.1f} s ({cpu:.1f} s of CPU) — {document.size / 1024:.0f} KiB, "
            f"{document.pages} pages, SHA-256 {document.sha256[:16]}…"
        )

    load_after = os.getloadavg()
    log(f"load average after: {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}")
    ok = all(d.pdf_status == VersionDocument.PdfStatus.DONE for _, d in results)
    worst = max(seconds for seconds, _ in results)
    verdict = "PASS" if ok and worst < TARGET_SECONDS else "FAIL"
    log(f"{verdict}: PDF of {args.commitments} commitments in {worst:.1f} s (target < {TARGET_SECONDS:.0f} s)")
    if len(results) > 1:
        same = len({d.sha256 for _, d in results}) == 1
        log(f"{'PASS' if same else 'FAIL'}: the same HTML gives the same PDF (SHA-256) in every run")
        ok = ok and same
    return 0 if ok and verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
