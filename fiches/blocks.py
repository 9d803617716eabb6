"""StreamField blocks of the action fiche: each structured part of a fiche has its own block."""
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

from .admin_dates import TypedDateBlock


class WorkshopBlock(blocks.StructBlock):
    """A workshop of the programme (seed 000: "Soutien math", "CPS"… with group sizes)."""

    name = blocks.CharBlock(label=_("Intitulé de l'atelier"))
    discipline = blocks.CharBlock(label=_("Discipline ou domaine"), required=False)
    group_size_min = blocks.IntegerBlock(label=_("Taille de groupe minimale"), required=False, min_value=1)
    group_size_max = blocks.IntegerBlock(label=_("Taille de groupe maximale"), required=False, min_value=1)
    facilitators = blocks.ListBlock(blocks.CharBlock(label=_("Animateur")), label=_("Animateurs"), required=False)
    description = blocks.TextBlock(label=_("Description"), required=False)

    class Meta:
        icon = "group"
        label = _("Atelier")
        template = "fiches/blocks/workshop.html"


class TimelineStepBlock(blocks.StructBlock):
    """A step of the action's workflow: what happens, who acts, when, with which tools."""

    name = blocks.CharBlock(label=_("Étape"))
    description = blocks.TextBlock(label=_("Ce qui est fait"), required=False)
    actors = blocks.ListBlock(blocks.CharBlock(label=_("Acteur")), label=_("Acteurs"), required=False)
    dates_text = blocks.CharBlock(
        label=_("Dates (telles qu'écrites)"), required=False, help_text=_("Ex. « jusqu'au 10 novembre »")
    )
    start_date = TypedDateBlock(label=_("Début"), required=False)
    end_date = TypedDateBlock(label=_("Fin"), required=False)
    tools = blocks.ListBlock(blocks.CharBlock(label=_("Outil")), label=_("Outils et supports"), required=False)
    notes = blocks.TextBlock(label=_("Remarques"), required=False)

    class Meta:
        icon = "date"
        label = _("Étape du calendrier")
        template = "fiches/blocks/timeline_step.html"


class MeansBlock(blocks.StructBlock):
    """A support or means: a space, a tool, dedicated hours (HSE), funding."""

    kind = blocks.ChoiceBlock(
        label=_("Nature"),
        choices=[
            ("space", _("Espace")),
            ("tool", _("Outil")),
            ("hours", _("Heures dédiées")),
            ("funding", _("Financement")),
            ("other", _("Autre")),
        ],
        default="other",
    )
    text = blocks.CharBlock(label=_("Description"))

    class Meta:
        icon = "cog"
        label = _("Support ou moyen")


class EffectBlock(blocks.StructBlock):
    """An observed effect of the action, expected or not, possibly grouped under a source."""

    kind = blocks.ChoiceBlock(
        label=_("Nature"),
        choices=[("observed", _("Effet observé")), ("expected", _("Effet attendu")), ("unexpected", _("Effet inattendu"))],
        default="observed",
    )
    source = blocks.CharBlock(label=_("Source"), required=False, help_text=_("Ex. « Questionnaire de satisfaction élèves »"))
    text = blocks.TextBlock(label=_("Effet"))

    class Meta:
        icon = "pick"
        label = _("Effet observé")


class IndicatorBlock(blocks.StructBlock):
    """A success indicator; it may carry a measured value."""

    category = blocks.CharBlock(label=_("Catégorie"), required=False, help_text=_("Ex. « Scolarité »"))
    label = blocks.CharBlock(label=_("Indicateur"))
    value = blocks.CharBlock(label=_("Valeur mesurée"), required=False)

    class Meta:
        icon = "success"
        label = _("Indicateur de réussite")


class LinkBlock(blocks.StructBlock):
    url = blocks.URLBlock(label=_("Adresse"))
    label = blocks.CharBlock(label=_("Libellé"), required=False)
    kind = blocks.ChoiceBlock(
        label=_("Type"),
        choices=[("link", _("Lien")), ("video", _("Vidéo")), ("article", _("Article")), ("document", _("Document"))],
        default="link",
    )

    class Meta:
        icon = "link"
        label = _("Lien")


class ItemBlock(blocks.StructBlock):
    """A sub-action listed under a parent fiche (e.g. a CIO and a collège in one action)."""

    title = blocks.CharBlock(label=_("Intitulé"))
    structure = blocks.CharBlock(label=_("Structure"), required=False)
    commune = blocks.CharBlock(label=_("Commune"), required=False)
    description = blocks.TextBlock(label=_("Description"), required=False)

    class Meta:
        icon = "list-ul"
        label = _("Sous-action")


class LabelledCharBlock(blocks.CharBlock):
    """A one-line text directly in a StreamField: Wagtail shows its label in the block's header only,
    so the input itself is named (aria-label) for assistive technologies."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.field.widget.attrs["aria-label"] = self.label


OBJECTIVE_BLOCKS = [("objective", LabelledCharBlock(label=_("Objectif"), icon="tick"))]
PROGRAMME_BLOCKS = [
    ("paragraph", blocks.RichTextBlock(label=_("Paragraphe"), features=["bold", "italic", "ol", "ul", "link"])),
    ("item", ItemBlock()),
]
WORKSHOP_BLOCKS = [("workshop", WorkshopBlock())]
STEP_BLOCKS = [("step", TimelineStepBlock())]
MEANS_BLOCKS = [("means", MeansBlock())]
EFFECT_BLOCKS = [("effect", EffectBlock())]
INDICATOR_BLOCKS = [("indicator", IndicatorBlock())]
ROLE_BLOCKS = [("role", LabelledCharBlock(label=_("Personne ou rôle"), icon="user"))]
LINK_BLOCKS = [("link", LinkBlock()), ("document", DocumentChooserBlock(label=_("Document")))]
