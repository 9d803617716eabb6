"""Who runs a management command that reads or changes pupils' records (``sas_backup``, ``sas_export_student``,
``sas_import``, ``sas_purge``), as the audit log names them: a command has no portal account."""
import argparse
import dataclasses
import os
import pwd

from django.utils.translation import gettext as _

MAX_NAME = 100


@dataclasses.dataclass(frozen=True)
class CommandActor:
    """The server's account that ran the command and, when given with ``--by``, the person who did."""

    account: str
    name: str = ""

    def __str__(self):
        account = _("compte serveur %(account)s") % {"account": self.account}
        return f"{self.name} — {account}" if self.name else account


def server_account() -> str:
    """The effective account of this process (not the environment's USER, which anyone sets), and the one that called
    sudo, if any."""
    try:
        account = pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:  # a container's uid without an entry in /etc/passwd
        account = f"uid {os.geteuid()}"
    caller = os.environ.get("SUDO_USER", "")
    if caller and caller != account:
        return _("%(account)s (sudo par %(caller)s)") % {"account": account, "caller": caller}
    return account


def add_by_argument(parser) -> None:
    parser.add_argument("--by", default="", type=_person, metavar=_("NOM"),
                        help=_("Personne qui lance la commande, écrite au journal des accès avec le compte du serveur."))


def _person(value: str) -> str:
    """The name given with ``--by``, its spaces collapsed; refused when too long or holding control characters."""
    name = " ".join(value.split())
    if len(name) > MAX_NAME or not name.isprintable():
        raise argparse.ArgumentTypeError(_("nom de %(n)d caractères au plus, sans caractère de contrôle") % {"n": MAX_NAME})
    return name


def command_actor(by: str = "") -> CommandActor:
    return CommandActor(server_account(), by)
