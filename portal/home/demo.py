"""The whole demo, in order: the portal's page tree, fiches' demo content (:class:`fiches.demo.DemoLoader`),
then the demo accounts and their memberships. Loading twice changes nothing."""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils.translation import gettext as _

from fiches.demo import DemoLoader
from fiches.models import Academie, Establishment
from portal.accounts.models import Membership
from portal.bulk_indexing import indexing_deferred
from portal.home.bootstrap import ensure_portal

# Fictitious people; the passwords are printed by load_demo and are for the demo only.
DEMO_ACCOUNTS = [
    # username, first name, last name, password, role, scope
    ("admin", "Claude", "Démo", "Accroche-admin-2024", "superuser", None),
    ("admin.bordeaux", "Camille", "Aubrac", "Academie-Bordeaux-2024", "academie_admin", "bordeaux"),
    ("moderation.bordeaux", "Dominique", "Sarlat", "Moderation-Gironde-2024", "moderator", "bordeaux"),
    ("redaction.lomet", "Alix", "Garonne", "Redaction-Agen-2024", "editor", "LP Antoine Lomet"),
]


def load_demo(say=print) -> tuple[DemoLoader, dict]:
    """Load everything; return the fiches' loader (its counts and geocoder) and
    ``{"created": counts, "accounts": [(username, password, role label, created), ...]}``.
    What is loaded is indexed once at the end (:mod:`portal.bulk_indexing`), not at each save."""
    with indexing_deferred():
        ensure_portal()
        loader = DemoLoader(say)
        created = loader.run()
        accounts = load_accounts()
    created["accounts"] = sum(was_created for *_account, was_created in accounts)
    if not any(created.values()):
        say(_("Rien à faire : les données de démonstration sont déjà chargées."))
    return loader, {"created": created, "accounts": accounts}


@transaction.atomic
def load_accounts() -> list[tuple[str, str, str, bool]]:
    """Create the demo accounts; return (username, password, role label, created) for each."""
    User = get_user_model()
    accounts = []
    for username, first, last, password, role, scope in DEMO_ACCOUNTS:
        user = User.objects.filter(username=username).first()
        created = user is None
        if created:
            user = User(username=username, first_name=first, last_name=last, email=f"{username}@demo.invalid")
            validate_password(password, user)
            user.set_password(password)
            user.is_staff = user.is_superuser = role == "superuser"
            user.save()
        if role == "superuser":
            label = _("super-utilisateur")
        else:
            membership = {"user": user, "role": role}
            if role == Membership.Role.EDITOR:
                membership["establishment"] = Establishment.objects.get(name=scope, academie__code="bordeaux")
            else:
                membership["academie"] = Academie.objects.get(code=scope)
            Membership.objects.get_or_create(**membership)
            label = f"{Membership.Role(role).label} — {membership.get('establishment') or membership.get('academie')}"
        accounts.append((username, password, label, created))
    return accounts
