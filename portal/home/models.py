from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from fiches.admin_titles import LiveTitleForOthers
from fiches.page_copy import BoundedCopyForm


class HomePage(LiveTitleForOthers, Page):
    """The portal's home: what Accroche is, latest fiches, key figures, entry to search and map."""

    intro = RichTextField(_("présentation"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    copy_form_class = BoundedCopyForm
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["fiches.AcademiePage", "home.ContentPage"]
    max_count = 1

    class Meta:
        verbose_name = _("page d'accueil")

    def get_context(self, request, *args, **kwargs):
        from .figures import key_figures, latest_fiches

        context = super().get_context(request, *args, **kwargs)
        context["latest_fiches"] = latest_fiches()
        context["key_figures"] = key_figures()
        return context


class ContentPage(LiveTitleForOthers, Page):
    """A plain page: accessibility statement, legal notice."""

    body = RichTextField(_("contenu"), features=["h2", "h3", "bold", "italic", "link", "ol", "ul"])
    updated_on = models.DateField(_("mise à jour le"), null=True, blank=True)

    content_panels = Page.content_panels + [FieldPanel("body"), FieldPanel("updated_on")]
    copy_form_class = BoundedCopyForm
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("page de contenu")
