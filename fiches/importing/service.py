"""Import a fiche document into a draft: pick an importer among the plugins, parse, apply."""
from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from plugins.manager import gather_lists

from ..models import Establishment, FichePage
from ..models.pages import SUMMARY_MAX_LENGTH
from ..serialization import FicheDataError, apply_fiche_data
from . import limits
from .base import FicheImportError, Importer, ImportResult
from .structures import designate, match_structure


def importers() -> list[Importer]:
    """One instance of every importer the enabled plugins register, in plugin order."""
    return [importer_class() for importer_class in gather_lists("register_importers")]


def parse_document(filename: str, content: bytes) -> ImportResult:
    """Parse with the first importer that accepts the file; raise FicheImportError if none
    does or if the result is not a fiche (no usual heading, no title, no lead structure), or if the
    file crosses a bound of :mod:`.limits` (size, counts, time)."""
    limits.check_upload_size(filename, len(content))
    if not content.strip():
        raise FicheImportError([_("Le fichier « %(name)s » est vide.") % {"name": filename}])
    available = importers()
    importer = next((candidate for candidate in available if candidate.accepts(filename, content)), None)
    if importer is None:
        formats = ", ".join(str(candidate.label) for candidate in available)
        raise FicheImportError([
            _("Le fichier « %(name)s » n'est dans aucun des formats importables (%(formats)s).")
            % {"name": filename, "formats": formats or _("aucun importeur n'est activé")}
        ])
    with limits.time_budget():
        result = importer.parse(filename, content)
    _check_is_fiche(filename, result)
    return result


def _check_is_fiche(filename: str, result: ImportResult) -> None:
    data = result.data
    if set(data) <= {"schema"}:
        raise FicheImportError(
            [_("« %(name)s » ne ressemble pas à une fiche action : aucune des rubriques habituelles "
               "(« Intitulé de l'action », « Lieu », « Public concerné », « Descriptif »…) n'a été trouvée.")
             % {"name": filename}],
            result.not_understood,
        )
    problems = []
    if not data.get("title"):
        problems.append(_("La rubrique « Intitulé de l'action » manque ou est vide : la fiche n'a pas de titre."))
    if not data.get("lead_structure", {}).get("name"):
        problems.append(
            _("La rubrique « Lieu » ne nomme pas la structure porteuse (ligne « Etablissement : … » attendue).")
        )
    summary = data.get("summary") or ""
    if len(summary) > SUMMARY_MAX_LENGTH:
        problems.append(
            _("La rubrique « Résumé » compte %(length)s caractères ; un résumé dit l'essentiel en %(max)s caractères "
              "au plus. Raccourcissez-la dans le document.")
            % {"length": limits.grouped(len(summary)), "max": limits.grouped(SUMMARY_MAX_LENGTH)}
        )
    if problems:
        raise FicheImportError(problems, result.not_understood)


def import_document(
    filename: str, content: bytes, *, user=None, academie: str | None = None, structure=None
) -> FichePage:
    """Create a draft fiche from a document; nothing is written when anything goes wrong.

    ``academie`` (a code) files the fiche and its new lead structure under that académie;
    it is required when the document's place does not tell it. ``user`` owns the draft and must
    be able to edit it (a moderator, or a member of its lead structure). Lines that could not be placed
    are kept on the returned page as ``import_not_understood`` so callers can show them.
    The lead structure is recognised among the structures ``user`` may file fiches for
    (``structures.match_structure``); ``structure``, one of them chosen by the user, replaces it.
    """
    result = parse_document(filename, content)
    data = result.data
    if academie:
        data["academie"] = academie
        data["lead_structure"]["academie"] = academie
    _recognise_lead_structure(data, user, structure, result.not_understood)
    if not data.get("academie"):
        raise FicheImportError(
            [_("Impossible de déterminer l'académie de la structure porteuse à partir du lieu « %(place)s » : "
               "précisez l'académie (option --academie CODE, ou le champ « Académie » du formulaire).")
             % {"place": data.get("location_text") or "—"}],
            result.not_understood,
        )
    try:
        with transaction.atomic():
            page = apply_fiche_data(data, user=user, publish=False)
            _check_can_edit(user, page)
    except FicheDataError as error:
        raise FicheImportError(error.errors, result.not_understood) from error
    page.import_not_understood = result.not_understood
    return page


def filing_structures(user):
    """The structures ``user`` may file a fiche for, and whether a structure unknown so far may be created."""
    from fiches.roles import establishment_ids, moderated_academie_ids

    if user is None or user.is_superuser:
        return Establishment.objects.all(), True
    moderated = moderated_academie_ids(user)
    own = Establishment.objects.filter(pk__in=establishment_ids(user))
    return (own | Establishment.objects.filter(academie_id__in=moderated)).distinct(), bool(moderated)


def _recognise_lead_structure(data: dict, user, chosen, not_understood) -> None:
    """Point the document's lead structure at an existing one: the one chosen, else the one it names;
    an editor whose structures it does not name is told what was read and which structures are theirs."""
    candidates, may_create = filing_structures(user)
    lead = data["lead_structure"]
    found = chosen if chosen is not None and candidates.filter(pk=chosen.pk).exists() else None
    found = found or match_structure(lead, candidates)
    if found is not None:
        data["lead_structure"] = {**lead, **designate(found)}
        data["academie"] = found.academie.code
        return
    if may_create:
        return
    read = lead["name"] + (f" (UAI {lead['uai']})" if lead.get("uai") else "")
    mine = ", ".join(str(s) for s in candidates) or _("aucune")
    raise FicheImportError([
        _("Le document nomme la structure porteuse « %(read)s », qui n'est aucune de vos structures "
          "(%(mine)s). Choisissez la vôtre dans le champ « Structure porteuse », ou corrigez la ligne "
          "« Etablissement : … » du document.") % {"read": read, "mine": mine}
    ], not_understood)


def _check_can_edit(user, page: FichePage) -> None:
    """The importing user must be able to edit the draft (moderator, or member of its lead structure);
    raising inside the transaction undoes the import."""
    if user is not None and not page.permissions_for_user(user).can_edit():
        raise FicheImportError([
            _("Vous ne pouvez pas créer de fiche pour « %(structure)s » dans la section « %(section)s » : "
              "la structure porteuse doit être la vôtre.")
            % {"structure": page.lead_structure.name, "section": page.get_parent().title}
        ])
