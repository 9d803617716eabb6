"""manage.py import_fiche FILE [--academie CODE] [--user USERNAME]: a fiche document becomes a draft."""
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from fiches.importing import limits
from fiches.importing.base import FicheImportError
from fiches.importing.service import import_document


class Command(BaseCommand):
    help = _("Importe un document de fiche (texte, Markdown ou DOCX) en brouillon.")

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("chemin du document"))
        parser.add_argument("--academie", help=_("code de l'académie (ex. bordeaux), si le lieu ne la donne pas"))
        parser.add_argument("--user", help=_("identifiant de l'utilisateur propriétaire du brouillon"))

    def handle(self, *args, file, academie=None, user=None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("Fichier introuvable : %(path)s") % {"path": path})
        owner = None
        if user:
            owner = get_user_model().objects.filter(username=user).first()
            if owner is None:
                raise CommandError(_("Utilisateur inconnu : %(user)s") % {"user": user})
        try:
            limits.check_upload_size(path.name, path.stat().st_size)
            page = import_document(path.name, path.read_bytes(), user=owner, academie=academie)
        except FicheImportError as error:
            lines = [_("Import impossible, rien n'a été créé :"), *(f"- {m}" for m in error.messages)]
            if error.not_understood:
                lines += [_("Non compris :"), *(f"  {line}" for line in error.not_understood)]
            raise CommandError("\n".join(lines)) from error
        for line in page.import_not_understood:
            self.stderr.write(_("Non repris : %(line)s") % {"line": line})
        self.stdout.write(self.style.SUCCESS(
            _("Brouillon créé : « %(title)s » (id %(id)s), à compléter dans l'administration.")
            % {"title": page.title, "id": page.pk}
        ))
