"""A saved search's digest counts every new fiche it matches, beyond the search's first page of 100."""
import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page

from fiches.models import AcademiePage, FichePage
from portal.networks.digests import send_digests
from portal.networks.models import Follow
from search.backends import get_search_backend
from search.params import MAX_SIZE
from tests import factories

pytestmark = pytest.mark.django_db

NEW = MAX_SIZE + 5


def _live_fiches(lead, dated_titles):
    """Live fiches of ``lead``, written straight to their two tables: Wagtail's page save (cleaning, cluster,
    reference index) takes a third of a second per page under load, and this test needs over a hundred."""
    section = AcademiePage.objects.get(academie=lead.academie)
    last = section.get_last_child()
    step = FichePage._str2int(last.path[-FichePage.steplen:]) if last else 0
    content_type = ContentType.objects.get_for_model(FichePage)
    pages = []
    for offset, (title, when) in enumerate(dated_titles, start=1):
        slug = slugify(title)
        pages.append(Page(
            path=FichePage._get_path(section.path, section.depth + 1, step + offset), depth=section.depth + 1,
            locale_id=section.locale_id, title=title, draft_title=title, slug=slug, url_path=f"{section.url_path}{slug}/",
            content_type=content_type, live=True, first_published_at=when, last_published_at=when,
        ))
    Page.objects.bulk_create(pages)
    for page in pages:
        FichePage(page_ptr=page, lead_structure=lead).save_base(raw=True)
    Page.objects.filter(pk=section.pk).update(numchild=section.get_children().count())


def test_a_saved_search_digest_counts_more_than_a_page_of_new_fiches():
    lyon = factories.establishment("Lycée Lumière", "lyon")
    cursor = timezone.now() - dt.timedelta(days=8)
    _live_fiches(lyon, [(f"Ancienne fiche {n}", cursor - dt.timedelta(hours=n + 1)) for n in range(3)]
                 + [(f"Nouvelle fiche {n}", cursor + dt.timedelta(minutes=n + 1)) for n in range(NEW)])
    _live_fiches(factories.establishment("Lycée Loin", "poitiers"), [("Ailleurs", cursor + dt.timedelta(hours=1))])
    get_search_backend().rebuild()
    assert get_search_backend().count_indexed() == NEW + 4
    follow = Follow.objects.create(user=factories.user("chercheuse"), search_query="academie=lyon")
    Follow.objects.filter(pk=follow.pk).update(last_digest_at=cursor)

    assert send_digests().emails == 1
    body = mail.outbox[0].body
    shown = body.count("Nouvelle fiche ")
    assert shown == 20  # the e-mail lists the newest, then counts the rest
    assert f"… et {NEW - shown} autres fiches." in body
    assert "Ancienne fiche" not in body and "Ailleurs" not in body
