"""Synthesis benchmark: a national synthesis over 30 académies to HTML and PDF, with 1,000 then
100,000 fiches in the registry (the baseline and the target, in the same run).

Run: .venv/bin/python bench/synthesis.py

The scratch PostgreSQL database (default ``accroche_bench_synth``: its own, so as not to clash with
other benchmarks) is migrated, then emptied of fiches and filled in bulk: 300 located establishments per académie, fiches as page rows inserted in bulk under
each académie's section (each fiche of an académie's Semaine, half with one partner establishment),
5 highlighted examples and 10 declared actions per académie. Per size: computing the content,
rendering the HTML page, rendering the PDF; time (wall clock) and peak Python memory (tracemalloc),
plus the process's peak RSS at the end. Then, on the largest registry, the public PDF of a published
version generated per request (the former view) against stored once and served through the view
(BENCH_ONLY_STORED=1 runs only that, on 1,000 fiches; media go to a temporary folder).
"""
import os
import platform
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ.setdefault("DATABASE_URL", "postgres://accroche@127.0.0.1:54329/accroche_bench_synth")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="accroche-bench-synth-"))

import django  # noqa: E402

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.urls import include, path, set_urlconf  # noqa: E402
from wagtail.models import Locale, Page  # noqa: E402

from fiches.models import (  # noqa: E402
    AcademiePage, Establishment, FichePage, PerseveranceWeek, PerseveranceWeekExample, SchoolYear,
)
from fiches.models.semaine import PerseveranceWeekAction  # noqa: E402
from portal.synthesis.compute import compute_synthesis  # noqa: E402
from portal.synthesis.exporting.pdf import render_pdf  # noqa: E402
from portal.synthesis.presentation import document_context  # noqa: E402
from portal.urls import urlpatterns as portal_urlpatterns  # noqa: E402

# The portal's URLs with the synthesis mounted, as portal.urls mounts it.
urlpatterns = [path("synthese/", include("portal.synthesis.urls")), *portal_urlpatterns]

YEAR = "2015-2016"
ESTABLISHMENTS_PER_ACADEMIE = 300
EXAMPLES_PER_ACADEMIE = 5
DECLARED_PER_ACADEMIE = 10
SIZES = (1_000, 100_000)
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def path_segment(n: int) -> str:
    out = ""
    for _ in range(4):
        n, r = divmod(n, 36)
        out = ALPHABET[r] + out
    return out


def prepare() -> list:
    from portal.home.bootstrap import ensure_portal

    call_command("migrate", verbosity=0)
    ensure_portal()
    PerseveranceWeekAction.objects.all().delete()
    PerseveranceWeekExample.objects.all().delete()
    FichePage.objects.all().delete()
    PerseveranceWeek.objects.all().delete()
    Establishment.objects.filter(name__startswith="Bench ").delete()
    year = SchoolYear.objects.get_or_create(code=YEAR)[0]
    rng = random.Random(2016)
    sections = list(AcademiePage.objects.select_related("academie").filter(academie__valid_to__isnull=True)
                    .order_by("academie__name")[:30])
    setups = []
    for section in sections:
        academie = section.academie
        lat0, lon0 = rng.uniform(43, 50), rng.uniform(-1.5, 7)
        establishments = Establishment.objects.bulk_create([
            Establishment(name=f"Bench {academie.code} {i}", kind=rng.choice(["college", "lycee", "lycee_professionnel"]),
                          academie=academie, commune=f"Commune {i}", latitude=lat0 + rng.uniform(-0.8, 0.8),
                          longitude=lon0 + rng.uniform(-0.8, 0.8), location_precision="commune")
            for i in range(ESTABLISHMENTS_PER_ACADEMIE)
        ])
        value = rng.randint(20, 400)
        week = PerseveranceWeek.objects.create(
            academie=academie, school_year=year, period_raw="en mars 2016", edition_number=1,
            actions_declared={"raw": f"Nombre d'actions identifiées : {value}", "value": value, "unknown": False},
            establishments_declared={"raw": "Nombre d'écoles/établissements impliqué(e)s : Une trentaine",
                                     "qualifier": "une trentaine", "unknown": False},
            levels={"premier_degre": None, "college": True, "lycee": True, "lycee_professionnel": True},
            axes=["Un axe de travail"], commentary="Commentaire.\n\nDeuxième paragraphe.",
        )
        setups.append({"section": section, "week": week, "establishments": establishments, "count": 0})
    return setups


def add_fiches(setups: list, total: int) -> None:
    """Insert fiches in bulk until the registry holds ``total`` (page rows, then fiche rows)."""
    rng = random.Random(total)
    content_type = ContentType.objects.get_for_model(FichePage)
    locale = Locale.get_default()
    per_academie = total // len(setups)
    fiche_fields = [f for f in FichePage._meta.local_concrete_fields]
    partner_model = FichePage.partner_establishments.through
    for setup in setups:
        section, start = setup["section"], setup["count"]
        new = range(start, per_academie)
        with transaction.atomic():
            pages = Page.objects.bulk_create([
                Page(title=f"Action {n}", draft_title=f"Action {n}", slug=f"action-{n}", path=section.path + path_segment(n + 1),
                     depth=section.depth + 1, numchild=0, live=True, content_type=content_type, locale=locale,
                     url_path=f"{section.url_path}action-{n}/")
                for n in new
            ], batch_size=2000)
            establishments = setup["establishments"]
            fiches = [FichePage(page_ptr_id=page.pk, lead_structure=rng.choice(establishments), perseverance_week=setup["week"])
                      for page in pages]
            for i in range(0, len(fiches), 2000):
                FichePage._base_manager._insert(fiches[i:i + 2000], fields=fiche_fields, using="default")
            partner_model.objects.bulk_create([
                partner_model(fichepage_id=page.pk, establishment=rng.choice(establishments)) for page in pages[::2]
            ], batch_size=5000)
            Page.objects.filter(pk=section.pk).update(numchild=per_academie)
            if start == 0:
                PerseveranceWeekExample.objects.bulk_create([
                    PerseveranceWeekExample(week=setup["week"], fiche_id=page.pk, sort_order=i)
                    for i, page in enumerate(pages[:EXAMPLES_PER_ACADEMIE])
                ])
                PerseveranceWeekAction.objects.bulk_create([
                    PerseveranceWeekAction(week=setup["week"], establishment=rng.choice(establishments), title=f"Déclarée {i}")
                    for i in range(DECLARED_PER_ACADEMIE)
                ])
        setup["count"] = per_academie


def measure(function):
    tracemalloc.start()
    start = time.perf_counter()
    result = function()
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return result, elapsed, peak


def run_size(setups, size) -> dict:
    add_fiches(setups, size)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    fiches = FichePage.objects.live().count()
    content, t_compute, m_compute = measure(lambda: compute_synthesis(YEAR))
    request = RequestFactory().get(f"/synthese/{YEAR}/")
    html, t_html, m_html = measure(lambda: render_to_string(
        "synthesis/synthesis.html", dict(document_context(content), title=content["title"], exports={}), request=request))
    pdf, t_pdf, m_pdf = measure(lambda: render_pdf(content, site_root="https://accroche.example"))
    registry = sum(a["figures"]["actions"]["registry"] for a in content["academies"])
    return {"size": size, "fiches": fiches, "registry": registry, "compute": (t_compute, m_compute),
            "html": (t_html, m_html, len(html)), "pdf": (t_pdf, m_pdf, len(pdf))}


def stored_vs_generated(generated_runs: int = 3, stored_runs: int = 20) -> dict:
    """The public PDF of a published version: rendered per request (what the view did before) against
    read from the media storage (generated once at publication), through the view."""
    from statistics import median

    from django.test import Client

    from portal.synthesis.publishing import publish

    started = time.perf_counter()
    version = publish(YEAR)  # no surrounding transaction: its exports are generated now
    publishing = time.perf_counter() - started
    generated = []
    for _ in range(generated_runs):
        start = time.perf_counter()
        render_pdf(version.content, site_root="https://accroche.example")
        generated.append(time.perf_counter() - start)
    client, stored, size = Client(HTTP_HOST="127.0.0.1"), [], 0
    for _ in range(stored_runs):
        start = time.perf_counter()
        response = client.get(f"/synthese/{YEAR}/synthese.pdf")
        size = len(b"".join(response.streaming_content))
        stored.append(time.perf_counter() - start)
        assert response.status_code == 200
    return {"publishing": publishing, "generated": median(generated), "stored": median(stored), "size": size}


def print_stored(r: dict) -> None:
    print(f"Public PDF of a published version ({r['size'] / 1024:.0f} KiB): generated per request (former view) "
          f"{r['generated'] * 1000:.0f} ms, stored and served {r['stored'] * 1000:.1f} ms (medians), "
          f"×{r['generated'] / r['stored']:.0f} cheaper; publishing with its 4 exports {r['publishing']:.1f} s")


def main():
    import logging

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    set_urlconf(__name__)
    started = time.perf_counter()
    setups = prepare()
    if os.environ.get("BENCH_ONLY_STORED"):
        add_fiches(setups, SIZES[0])
        print_stored(stored_vs_generated())
        return
    results = [run_size(setups, size) for size in SIZES]
    mib = 1024 * 1024
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPU, database {connection.settings_dict['NAME']} "
          f"({connection.vendor}); total run {time.perf_counter() - started:.0f} s")
    print("| Fiches | Registry count (actions) | Compute content | HTML page | PDF | Compute + HTML + PDF |")
    print("| --- | --- | --- | --- | --- | --- |")
    for r in results:
        total = r["compute"][0] + r["html"][0] + r["pdf"][0]
        print(f"| {r['fiches']:,} | {r['registry']:,} | {r['compute'][0]:.2f} s, peak {r['compute'][1] / mib:.1f} MiB "
              f"| {r['html'][0]:.2f} s, peak {r['html'][1] / mib:.1f} MiB, {r['html'][2] / 1024:.0f} KiB "
              f"| {r['pdf'][0]:.2f} s, peak {r['pdf'][1] / mib:.1f} MiB, {r['pdf'][2] / 1024:.0f} KiB | {total:.2f} s |")
    base, big = results
    print(f"Ratio 100,000 / 1,000 fiches: compute ×{big['compute'][0] / base['compute'][0]:.1f}, "
          f"HTML ×{big['html'][0] / base['html'][0]:.1f}, PDF ×{big['pdf'][0] / base['pdf'][0]:.1f}; "
          f"peak RSS of the process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    print_stored(stored_vs_generated())


if __name__ == "__main__":
    main()
