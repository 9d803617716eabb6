"""What the keyboard journeys (test_keyboard_journeys.py) need beyond the embedded demo, added to its database by
``manage.py shell`` so that they change nothing the other browser tests read: a network of their own with an
upcoming members' event, and for each window a member of it and a fiche waiting in moderation in the académie of
Bordeaux. The members have no e-mail address: what they follow sends them no digest, so the digest rounds of
test_networks_walk.py still count the demo member's only."""
import datetime as dt

PASSWORD = "Clavier-Celles-2024"
NETWORK_SLUG = "reseau-clavier"
EVENT_TITLE = "Échange de pratiques au clavier"


def member(window: str) -> tuple[str, str]:
    return f"clavier.{window}", PASSWORD


def fiche_title(window: str) -> str:
    return f"Atelier de remobilisation au clavier ({window})"


def prepare(windows: list[str]) -> None:
    """Idempotent: the network and its event once; a member and a fiche in moderation per window."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from fiches.models import AcademiePage, Establishment, FichePage, FichePageSchoolYear, SchoolYear
    from portal.networks.models import Event, Network, NetworkPerson

    network, _ = Network.objects.get_or_create(slug=NETWORK_SLUG, defaults={
        "name": "Réseau des parcours au clavier", "kind": Network.Kind.OTHER})
    for window in windows:
        username, password = member(window)
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            user = get_user_model().objects.create_user(username, "", password,
                                                        first_name="Camille", last_name="Touche")
        NetworkPerson.objects.get_or_create(network=network, user=user, defaults={"role": NetworkPerson.Role.MEMBER})
    start = (timezone.localtime() + dt.timedelta(days=30)).replace(hour=14, minute=0, second=0, microsecond=0)
    Event.objects.get_or_create(network=network, title=EVENT_TITLE, defaults={
        "starts_at": start, "ends_at": start + dt.timedelta(hours=2), "place_name": "Collège François Albert",
        "commune": "Celles-sur-Belle", "audience": Event.Audience.MEMBERS, "capacity": 30})

    editor = get_user_model().objects.get(username="redaction.lomet")
    lomet = Establishment.objects.get(name="LP Antoine Lomet")
    parent = AcademiePage.objects.get(academie=lomet.academie)
    year, _ = SchoolYear.objects.get_or_create(code="2023-2024")
    for window in windows:
        title = fiche_title(window)
        if FichePage.objects.filter(title=title).exists():
            continue
        fiche = FichePage(title=title, lead_structure=lomet, live=False,
                          summary="Des ateliers courts pour reprendre pied, menés par la vie scolaire.")
        fiche.school_year_links.add(FichePageSchoolYear(school_year=year))
        parent.add_child(instance=fiche)
        fiche.save_revision(user=editor)
        fiche.get_workflow().start(fiche, editor)
