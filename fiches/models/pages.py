"""The page tree of the registry: home → académie → fiche (see docs/architecture.md)."""
from django import forms
from django.conf import settings
from django.db import models
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, TabbedInterface, ObjectList
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .. import blocks
from ..admin_titles import LiveTitleForOthers
from ..admin_inlines import TolerantInlinePanel
from ..forms import FichePageForm
from ..page_copy import BoundedCopyForm
from ..permissions import AcademiePermissionTester, FichePermissionTester
from ..visibility import Visibility, audience_of, can_see, visible_q

LICENCES = [
    ("etalab-2.0", _("Licence Ouverte / Open Licence 2.0 (Etalab)")),
    ("cc-by-4.0", _("Creative Commons Attribution 4.0")),
    ("cc-by-sa-4.0", _("Creative Commons Attribution – Partage dans les mêmes conditions 4.0")),
]
LICENCE_URLS = {
    "etalab-2.0": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    "cc-by-4.0": "https://creativecommons.org/licenses/by/4.0/deed.fr",
    "cc-by-sa-4.0": "https://creativecommons.org/licenses/by-sa/4.0/deed.fr",
}


def default_licence():
    return getattr(settings, "ACCROCHE_DEFAULT_LICENCE", "etalab-2.0")


class AcademiePage(LiveTitleForOthers, Page):
    """The section of one académie: its fiches are its children, its moderators its publishers.

    Historical académies (Caen, Rouen) keep their page so that past fiches and
    syntheses keep their URLs; their moderation passes to the successor académie.
    """

    copy_form_class = BoundedCopyForm

    academie = models.OneToOneField(
        "fiches.Academie", verbose_name=_("académie"), on_delete=models.PROTECT, related_name="page"
    )
    intro = RichTextField(_("présentation"), blank=True, features=["bold", "italic", "link", "ul"])

    content_panels = Page.content_panels + [FieldPanel("academie"), FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["fiches.FichePage"]
    max_count_per_parent = None

    class Meta:
        verbose_name = _("page d'académie")
        verbose_name_plural = _("pages d'académie")

    @classmethod
    def can_create_at(cls, parent):
        # Académie pages are created by code (fiches.moderation.ensure_academie_section).
        return False

    def permissions_for_user(self, user):
        return AcademiePermissionTester(user, self)

    def get_context(self, request, *args, **kwargs):
        from ..listing import published_fiches_for_academie

        context = super().get_context(request, *args, **kwargs)
        context["fiches"] = published_fiches_for_academie(self, audience_of(request))
        return context


class FichePageSchoolYear(Orderable):
    """The school years a fiche covers, ordered (a renewed fiche gets a new year)."""

    page = ParentalKey("fiches.FichePage", related_name="school_year_links", on_delete=models.CASCADE)
    school_year = models.ForeignKey(
        "fiches.SchoolYear", verbose_name=_("année scolaire"), on_delete=models.PROTECT, related_name="+"
    )

    panels = [FieldPanel("school_year", widget=forms.Select)]

    class Meta(Orderable.Meta):
        unique_together = [("page", "school_year")]


#: A fiche's summary is two or three sentences (the demo's longest is 264 characters; an import without
#: « Résumé » takes the programme's first 300): the bound leaves room for long ones and refuses a pasted page.
SUMMARY_MAX_LENGTH = 1000


class FichePage(LiveTitleForOthers, Page):
    """An action fiche: a practice carried by one lead structure, structured section by section."""

    summary = models.TextField(_("résumé"), blank=True, max_length=SUMMARY_MAX_LENGTH,
                               help_text=_("Deux ou trois phrases qui disent l'essentiel : 1 000 caractères au plus."))
    lead_structure = models.ForeignKey(
        "fiches.Establishment",
        verbose_name=_("structure porteuse"),
        on_delete=models.PROTECT,
        related_name="led_fiches",
    )
    partner_establishments = ParentalManyToManyField(
        "fiches.Establishment", verbose_name=_("établissements partenaires"), blank=True, related_name="partner_fiches"
    )
    location_text = models.CharField(
        _("lieu (tel qu'écrit)"), max_length=255, blank=True, help_text=_("Ex. « AGEN - Lot et Garonne »")
    )

    levels = ParentalManyToManyField("fiches.Level", verbose_name=_("niveaux"), blank=True)
    publics = ParentalManyToManyField("fiches.TargetPublic", verbose_name=_("publics cibles"), blank=True)
    public_description = models.TextField(_("public concerné"), blank=True)
    girls_boys_share = models.CharField(_("part filles / garçons"), max_length=255, blank=True)
    themes = ParentalManyToManyField("fiches.Theme", verbose_name=_("thématiques"), blank=True)
    theme_text = models.CharField(_("thématique (telle qu'écrite)"), max_length=255, blank=True)
    dispositifs = ParentalManyToManyField("fiches.Dispositif", verbose_name=_("dispositifs"), blank=True)

    objectives = StreamField(blocks.OBJECTIVE_BLOCKS, verbose_name=_("objectifs"), blank=True)
    programme = StreamField(blocks.PROGRAMME_BLOCKS, verbose_name=_("contenu et programme"), blank=True)
    workshops = StreamField(blocks.WORKSHOP_BLOCKS, verbose_name=_("ateliers"), blank=True)
    steps = StreamField(blocks.STEP_BLOCKS, verbose_name=_("étapes et calendrier"), blank=True)
    means = StreamField(blocks.MEANS_BLOCKS, verbose_name=_("supports et moyens"), blank=True)
    communication = models.TextField(_("communication"), blank=True)
    start_date = models.DateField(_("début"), null=True, blank=True)
    end_date = models.DateField(_("fin"), null=True, blank=True)
    duration_text = models.CharField(_("durée (telle qu'écrite)"), max_length=255, blank=True)

    effects = StreamField(blocks.EFFECT_BLOCKS, verbose_name=_("résultats observés"), blank=True)
    indicators = StreamField(blocks.INDICATOR_BLOCKS, verbose_name=_("indicateurs de réussite"), blank=True)

    internal_roles = StreamField(blocks.ROLE_BLOCKS, verbose_name=_("personnes associées internes"), blank=True)
    external_partners = ParentalManyToManyField(
        "fiches.Partner", verbose_name=_("partenaires externes"), blank=True, related_name="fiches"
    )
    external_partners_text = models.TextField(_("autres partenaires externes"), blank=True)
    contact_name = models.CharField(_("contact"), max_length=255, blank=True)
    contact_email = models.EmailField(_("courriel de contact"), blank=True)

    links = StreamField(blocks.LINK_BLOCKS, verbose_name=_("liens, vidéos et documents"), blank=True)
    perseverance_week = models.ForeignKey(
        "fiches.PerseveranceWeek",
        verbose_name=_("Semaine de la persévérance"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="fiches",
    )
    licence = models.CharField(_("licence"), max_length=20, choices=LICENCES, default=default_licence)
    visibility = models.CharField(
        _("visibilité"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC, db_index=True,
        help_text=_("Qui peut lire la fiche une fois publiée : tout le monde ; les membres des réseaux de la "
                    "structure porteuse (et des réseaux qui l'ont signalée) ; ou les personnels de son académie. "
                    "Une fiche non publique n'apparaît ni dans la recherche, ni sur la carte, ni dans les flux, "
                    "les exports et les données ouvertes pour les autres visiteurs."),
    )
    renewed_from = models.ForeignKey(
        "self",
        verbose_name=_("reconduction de"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="renewals",
    )
    archived_at = models.DateTimeField(_("archivée le"), null=True, blank=True)

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("public_description"),
        index.SearchField("programme"),
        index.SearchField("objectives"),
        index.FilterField("lead_structure"),
    ]

    base_form_class = FichePageForm
    copy_form_class = BoundedCopyForm
    parent_page_types = ["fiches.AcademiePage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("lead_structure"), FieldPanel("partner_establishments"), FieldPanel("location_text")],
            heading=_("Lieu et structures"),
        ),
        TolerantInlinePanel("school_year_links", heading=_("Années scolaires"), label=_("Année scolaire"), min_num=1),
        MultiFieldPanel(
            [
                FieldPanel("levels"),
                FieldPanel("publics"),
                FieldPanel("public_description"),
                FieldPanel("girls_boys_share"),
            ],
            heading=_("Public concerné"),
        ),
        MultiFieldPanel(
            [FieldPanel("themes"), FieldPanel("theme_text"), FieldPanel("dispositifs")], heading=_("Thématique et dispositif")
        ),
        FieldPanel("objectives"),
    ]
    programme_panels = [
        FieldPanel("programme"),
        FieldPanel("workshops"),
        FieldPanel("steps"),
        FieldPanel("means"),
        FieldPanel("communication"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")], heading=_("Dates")),
        FieldPanel("duration_text"),
    ]
    results_panels = [FieldPanel("effects"), FieldPanel("indicators")]
    organisation_panels = [
        FieldPanel("internal_roles"),
        FieldPanel("external_partners"),
        FieldPanel("external_partners_text"),
        FieldRowPanel([FieldPanel("contact_name"), FieldPanel("contact_email")], heading=_("Contact")),
        FieldPanel("links"),
        FieldPanel("perseverance_week"),
        FieldPanel("visibility", widget=forms.RadioSelect),
        FieldPanel("licence"),
    ]

    class Meta:
        verbose_name = _("fiche action")
        verbose_name_plural = _("fiches action")

    @classmethod
    def get_edit_handler(cls):
        from plugins.manager import gather_lists

        tabs = [
            ObjectList(cls.content_panels, heading=_("Intitulé et public")),
            ObjectList(cls.programme_panels, heading=_("Contenu")),
            ObjectList(cls.results_panels, heading=_("Résultats")),
            ObjectList(cls.organisation_panels, heading=_("Organisation")),
        ]
        plugin_panels = gather_lists("fiche_panels")
        if plugin_panels:
            tabs.append(ObjectList(plugin_panels, heading=_("Extensions")))
        tabs.append(ObjectList(cls.promote_panels, heading=_("Référencement")))
        return TabbedInterface(tabs, base_form_class=cls.base_form_class).bind_to_model(cls)

    def permissions_for_user(self, user):
        return FichePermissionTester(user, self)

    @cached_property
    def academie(self):
        """The académie the fiche was filed under (its parent page), historical or current."""
        parent = self.get_parent()
        return parent.specific.academie if parent else None

    @property
    def school_year_codes(self) -> list[str]:
        return [link.school_year.code for link in self.school_year_links.all()]

    @property
    def status(self) -> str:
        """draft, submitted, published or archived (DESIGN.md §4)."""
        if self.archived_at:
            return "archived"
        if self.live:
            return "published"
        if self.workflow_in_progress:
            return "submitted"
        return "draft"

    @property
    def status_label(self):
        return {
            "archived": _("Archivée"),
            "published": _("Publiée"),
            "submitted": _("Soumise à la modération"),
            "draft": _("Brouillon"),
        }[self.status]

    @property
    def licence_label(self):
        return dict(LICENCES).get(self.licence, self.licence)

    @property
    def licence_url(self):
        return LICENCE_URLS.get(self.licence, "")

    def serve(self, request, *args, **kwargs):
        """The page, to those who may see the fiche (fiches.visibility); a 404 naming nothing to others."""
        if not can_see(audience_of(request), self):
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        audience = audience_of(request)
        # The fiche's other years, when the visitor may see them (a hidden one is not even named).
        context["latest_renewal"] = (self.renewals.live().filter(visible_q(audience))
                                     .order_by("-first_published_at").first())
        context["renewed_from"] = (FichePage.objects.filter(visible_q(audience)).filter(pk=self.renewed_from_id).first()
                                   if self.renewed_from_id else None)
        return context
