"""No English label from the project's own code reaches a French user (issue 12, point 3).

A label Django makes up is English: a model field without ``verbose_name`` is labelled from its name
(« school year »), a form field without ``label`` too (« Password »). Every field of the project's models
and forms must therefore name itself, through gettext.
"""
import importlib
import re
from pathlib import Path

from django import forms
from django.utils.functional import Promise

ROOT = Path(__file__).resolve().parents[2]
PROJECT = ("fiches", "portal", "search", "geo", "plugins")
#: A form class, its mixins first (« class EventForm(ControlCharactersGuard, CreateOnceForm, … »).
FORM_CLASS_RE = re.compile(r"^class \w+\((?:\w+, )*(?:[\w.]*Form|[\w.]*ModelForm|DsfrBaseForm)\b", re.M)


def _edited_models():
    """The project's models that the admin shows as forms: pages, snippets, and the inlines of both."""
    from modelcluster.models import get_all_child_relations
    from wagtail.models import get_page_models
    from wagtail.snippets.models import get_snippet_models

    edited = set(get_page_models()) | set(get_snippet_models())
    edited |= {relation.related_model for model in list(edited) for relation in get_all_child_relations(model)}
    return [model for model in edited if model.__module__.split(".")[0] in PROJECT]


def _named(label) -> bool:
    return isinstance(label, Promise)


def test_every_field_of_the_edited_models_has_a_translated_name():
    unnamed = []
    for model in _edited_models():
        for field in model._meta.get_fields():
            if not field.concrete or field.auto_created or not field.editable:
                continue
            if field.model.__module__.split(".")[0] not in PROJECT or type(field).__name__ == "ParentalKey":
                continue  # Wagtail's own fields; the link of an inline to its page is never shown
            if not _named(field.verbose_name):
                unnamed.append(f"{model._meta.label}.{field.name} ({field.verbose_name!r})")
    assert not unnamed, "champs sans nom traduit : " + ", ".join(unnamed)


def project_form_classes():
    """Every form class of the project (its modules that define one are imported first)."""
    for path in ROOT.glob("**/*.py"):
        relative = path.relative_to(ROOT)
        if relative.parts[0] not in PROJECT or "migrations" in relative.parts or "tests" in relative.parts:
            continue
        if FORM_CLASS_RE.search(path.read_text(encoding="utf-8")):
            importlib.import_module(".".join(relative.with_suffix("").parts))
    seen, pending = set(), [forms.BaseForm]
    while pending:
        for subclass in pending.pop().__subclasses__():
            if subclass not in seen:
                seen.add(subclass)
                pending.append(subclass)
    return [cls for cls in seen if cls.__module__.split(".")[0] in PROJECT]


def test_every_field_declared_by_the_project_forms_has_a_label():
    unlabelled = [
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in project_form_classes()
        for name, field in getattr(cls, "declared_fields", {}).items()
        if not any(field is getattr(base, "declared_fields", {}).get(name) for base in cls.__mro__[1:])  # its own
        and field.label is None and not isinstance(field.widget, forms.HiddenInput)
    ]
    assert not unlabelled, "champs de formulaire sans étiquette : " + ", ".join(sorted(unlabelled))


def test_the_login_form_names_its_fields_in_french():
    from django.conf import settings
    from django.utils.module_loading import import_string
    from django.utils.translation import override

    form = import_string(settings.WAGTAILADMIN_USER_LOGIN_FORM)()
    with override("fr"):
        labels = [str(form[name].label) for name in ("username", "password")]
    assert labels == ["Nom d’utilisateur", "Mot de passe"]


def test_the_admins_workflow_status_says_when_in_french():
    """The moderation status of a page in the editor (« Modifications demandées il y a 41 secondes ») dates itself
    with django.contrib.humanize's naturaltime, whose French comes with that app only when it is installed:
    the editor read « Modifications demandées 41 seconds ago »."""
    import datetime as dt
    from types import SimpleNamespace

    from django.utils import timezone
    from django.utils.translation import override
    from wagtail.admin.templatetags.wagtailadmin_tags import workflow_status_with_date

    finished = timezone.now() - dt.timedelta(seconds=41)
    state = SimpleNamespace(status="needs_changes", get_status_display="", current_task_state=SimpleNamespace(
        finished_at=finished, started_at=finished - dt.timedelta(hours=2), task=SimpleNamespace(name="Validation")))
    with override("fr"):
        status = workflow_status_with_date(state)
    assert status == "Modifications demandées il y a 41\xa0secondes"
