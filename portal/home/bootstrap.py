"""Make a fresh database a working portal: home page as site root, académie sections with
their moderation, vocabularies, legal pages. Run after every ``migrate``; idempotent."""
import urllib.parse

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page, Site

from .legal_pages import LEGAL_PAGES


def _ensure_tree_root() -> Page:
    """Wagtail's root node and default locale, which a database flush (tests) removes."""
    from django.conf import settings

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", live=True))
    return root


def _public_address() -> tuple[str, int]:
    """Host and port of the portal's public address (ACCROCHE_BASE_URL): the default site's, so that the
    addresses Wagtail writes in full (moderation e-mails, fiche exports) lead to the portal."""
    from django.conf import settings

    address = urllib.parse.urlsplit(settings.WAGTAILADMIN_BASE_URL)
    return address.hostname or "localhost", address.port or (443 if address.scheme == "https" else 80)


def _follow_public_address(site: Site) -> None:
    hostname, port = _public_address()
    taken = Site.objects.exclude(pk=site.pk).filter(hostname=hostname, port=port).exists()
    if (site.hostname, site.port) != (hostname, port) and not taken:
        site.hostname, site.port = hostname, port
        site.save(update_fields=["hostname", "port"])


def ensure_home() -> Page:
    from .models import HomePage

    home = HomePage.objects.first()
    if home is None:
        root = _ensure_tree_root()
        home = HomePage(
            title=_("Accueil"),
            slug="accueil",
            intro=_(
                "<p>Accroche recense les pratiques qui aident les élèves à rester à l'école : SAS, "
                "micro-lycées, tutorat, ateliers, actions de la Semaine de la persévérance scolaire. "
                "Chaque fiche est écrite par l'équipe qui l'a menée et validée par son académie.</p>"
            ),
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        hostname, port = _public_address()
        Site.objects.create(hostname=hostname, port=port, root_page=home, is_default_site=True, site_name="Accroche")
        return home
    _follow_public_address(site)
    if site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = "Accroche"
        site.save()
        if old_root.depth == 2 and old_root.specific_class is Page and not old_root.get_children().exists():
            old_root.delete()  # Wagtail's "Welcome" placeholder
    return home


def ensure_legal_pages(home) -> None:
    from .models import ContentPage

    for slug, title, body in LEGAL_PAGES:
        if not ContentPage.objects.filter(slug=slug).exists():
            page = ContentPage(title=str(title), slug=slug, body=str(body))
            home.add_child(instance=page)
            page.save_revision().publish()


def ensure_dsfr_config() -> None:
    from dsfr.models import DsfrConfig

    DsfrConfig.objects.get_or_create(
        language="fr",
        defaults={
            "site_title": "Accroche",
            "site_tagline": _("Pratiques de persévérance scolaire, partagées entre académies"),
            "accessibility_status": "PART",
        },
    )


@transaction.atomic
def ensure_portal() -> None:
    from fiches.academies_sync import sync_academies
    from fiches.models import Academie
    from fiches.moderation import academie_admins_group, editors_group, ensure_academie_section
    from fiches.taxonomy_defaults import ensure_taxonomies

    home = ensure_home()
    ensure_legal_pages(home)
    ensure_dsfr_config()
    ensure_taxonomies()
    sync_academies()
    editors_group()
    academie_admins_group()
    for academie in Academie.objects.order_by("valid_to", "name"):
        ensure_academie_section(academie, home)
