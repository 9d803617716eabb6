"""Django's ``makemessages``, without msgmerge's fuzzy matching (docs/architecture.md, « Translations »).

The msgids are French, so a guess taken from a similar string is wrong (« Personnes inscrites » was
given « %(n)s personne inscrite »), and a new counted string is better left empty, for its two forms
to be written in.
"""
from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
