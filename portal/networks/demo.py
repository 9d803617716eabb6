"""Demo networks (idempotent): the RIPPS of Poitiers' académie and two FOQUALE of Créteil, their
members taken from the demo establishments, and the events of seeds 001 and 002.

Seed 001 is a study visit to Poitiers in February 2020 (rectorat, micro-lycée de Saint-Maixent,
a RIPPS meeting of practice exchange at the collège François Albert in Celles-sur-Belle, the PAPS
of La Rochelle); seed 002 is a Créteil action of the Semaine de la persévérance 2021, announced to
and reported back to the FOQUALE steering committee. Hours are not in the seeds: plausible ones.
Those events stay on their dates, in the past; each network also announces events of the weeks that follow
the day the demo is loaded (UPCOMING_EVENTS), so that a visitor sees what an upcoming event looks like.
People are fictitious; their passwords are public and only for the demo.
"""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from fiches.models import Academie, Establishment, FichePage
from geo.placement import place_establishment
from portal.accounts.models import Membership

from .demo_visibility import load_restricted_fiches
from .models import Event, Network, NetworkEstablishment, NetworkPerson
from .places import locate_event

RIPPS = {
    "slug": "ripps-poitiers", "name": "RIPPS — académie de Poitiers", "kind": Network.Kind.RIPPS,
    "academie": "poitiers", "bassin": "",
    "description": (
        "Le réseau d'innovations pédagogiques pour la persévérance scolaire réunit les établissements de "
        "l'académie qui conduisent des dispositifs de soutien aux élèves pour prévenir le décrochage (SAS, "
        "tutorat, ateliers, entretiens individuels, PAFI).\n\nConcertation sur les pratiques, partage d'idées, "
        "de moyens et des difficultés ; les actions réalisées sont partagées sous forme de fiches."),
    "establishments": [
        ("Collège François Albert", "college", "Celles-sur-Belle", "79"),
        ("Micro-lycée de Saint-Maixent-l'École", "micro_lycee", "Saint-Maixent-l'École", "79"),
        ("Pôle d'accompagnement à la persévérance scolaire (PAPS) de La Rochelle", "other", "La Rochelle", "17"),
        ("Collège Jardin des Plantes", None, "Poitiers", "86"),
        ("Collège départemental Jean Rostand", None, "Thouars", "79"),
    ],
}
FOQUALE = [
    {
        "slug": "foquale-saint-denis", "name": "FOQUALE — district de Saint-Denis", "kind": Network.Kind.FOQUALE,
        "academie": "creteil", "bassin": "Saint-Denis",
        "description": ("Réseau formation qualification emploi du district : établissements, CIO, MLDS et "
                        "partenaires trouvent ensemble une solution aux jeunes sortis sans diplôme. Son comité "
                        "de pilotage reçoit l'annonce puis le bilan des actions de la Semaine de la persévérance."),
        "establishments": [("Collège Jean Vigo", None, "Epinay-sur-Seine", "93"),
                           ("Lycée Simone Weil", None, "Pantin", "93"),
                           ("Exploradôme", None, "Vitry-sur-Seine", "94")],
    },
    {
        "slug": "foquale-villeneuve-saint-georges", "name": "FOQUALE — district de Villeneuve-Saint-Georges",
        "kind": Network.Kind.FOQUALE, "academie": "creteil", "bassin": "Villeneuve-Saint-Georges",
        "description": ("Réseau formation qualification emploi du district : prévention du décrochage, "
                        "solutions de retour en formation, actions de la Semaine de la persévérance."),
        "establishments": [("Collège Roland Garros", None, "Villeneuve Saint-Georges", "94"),
                           ("Collège Choiseul", None, "Haÿ-les-roses", "94"),
                           ("Exploradôme", None, "Vitry-sur-Seine", "94")],
    },
]
PEOPLE = [
    # username, first name, last name, password, network, role, function, establishment
    ("coordination.ripps", "Nadia", "Lusignan", "Ripps-Poitiers-2024", "ripps-poitiers",
     NetworkPerson.Role.COORDINATOR, "Coordonnatrice académique MLDS", None),
    ("membre.ripps", "Hugo", "Melle", "Membre-Celles-2024", "ripps-poitiers", NetworkPerson.Role.MEMBER,
     "CPE, référent décrochage", "Collège François Albert"),
    ("coordination.foquale93", "Inès", "Bondy", "Foquale-Seine-2024", "foquale-saint-denis",
     NetworkPerson.Role.COORDINATOR, "Responsable du réseau FOQUALE", None),
]
ANALYSTS = [("analyse.poitiers", "Léa", "Chauvigny", "Analyse-Vienne-2024", "poitiers"),
            ("analyse.bordeaux", "Marc", "Nérac", "Analyse-Gironde-2024", "bordeaux")]
PARIS = ZoneInfo("Europe/Paris")


def _at(day: str, hour: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{hour}").replace(tzinfo=PARIS)


EVENTS = [
    # network, title, kind, audience, day, start, end, place, commune, departement, host, fiche titles, description
    ("ripps-poitiers", "Visite du rectorat de l'académie de Poitiers", Event.Kind.VISIT, "public",
     "2020-02-10", "09:30", "16:30", "Rectorat de l'académie de Poitiers", "Poitiers", "86", None, [],
     "Présentation de la politique académique de lutte contre le décrochage : plateforme de suivi (PSAD), "
     "semaines d'accueil des jeunes et des familles en début d'année, classes relais."),
    ("ripps-poitiers", "Visite du micro-lycée de Saint-Maixent", Event.Kind.VISIT, "public",
     "2020-02-11", "09:00", "16:00", "Micro-lycée", "Saint-Maixent-l'École", "79",
     "Micro-lycée de Saint-Maixent-l'École", [],
     "Un lycée pour les 18-25 ans qui ont arrêté leur scolarité depuis plus de six mois : enseignement "
     "individualisé, enseignant référent, concertation hebdomadaire."),
    ("ripps-poitiers", "Réunion d'échange de pratiques des membres du RIPPS", Event.Kind.MEETING, "members",
     "2020-02-12", "09:30", "16:00", "Collège François Albert", "Celles-sur-Belle", "79",
     "Collège François Albert", ["Bien vivre sa scolarité", "Suivi des Parcours singuliers (SPS)"],
     "Concertation sur les pratiques ; nouveaux SAS dans les établissements (tutorat, ateliers de relaxation, "
     "entretiens individuels, suivis psy) ; PAFI ; partage des actions réalisées sous forme de fiches."),
    ("ripps-poitiers", "Visite du pôle d'accompagnement à la persévérance scolaire (PAPS) de La Rochelle",
     Event.Kind.VISIT, "public", "2020-02-13", "10:00", "15:00", "PAPS", "La Rochelle", "17",
     "Pôle d'accompagnement à la persévérance scolaire (PAPS) de La Rochelle", [],
     "Trente places pour des jeunes déscolarisés à partir de 15 ans, emploi du temps sur mesure, une année "
     "scolaire pour construire un projet d'orientation."),
    ("foquale-saint-denis", "Comité de pilotage FOQUALE : annonce des actions de la Semaine de la persévérance",
     Event.Kind.STEERING, "members", "2021-05-04", "14:00", "16:30", "Lycée Simone Weil", "Pantin", "93",
     "Lycée Simone Weil", [],
     "Avant la Semaine : chaque établissement annonce la date de son action au comité de pilotage, après "
     "l'avoir décrite dans le formulaire en ligne du SAIO."),
    ("foquale-saint-denis", "Semaine de la persévérance 2021 : les enseignants en immersion dans les ateliers",
     Event.Kind.SEMAINE, "public", "2021-05-18", "08:30", "16:30", "Lycée Simone Weil", "Pantin", "93",
     "Lycée Simone Weil", [],
     "« Autonomies, Mobilités et Persévérance ». Pendant une journée, les enseignants assistent aux cours "
     "professionnels dans les ateliers ; les élèves présentent leur formation et les gestes techniques."),
    ("foquale-saint-denis", "Comité de pilotage FOQUALE : bilans des actions de la Semaine", Event.Kind.STEERING,
     "members", "2021-06-15", "14:00", "16:30", "Collège Jean Vigo", "Epinay-sur-Seine", "93",
     "Collège Jean Vigo", [],
     "Après la Semaine : chaque établissement adresse le bilan de son action au comité de pilotage de son "
     "district et au SAIO."),
]


# Dated from the day the demo is loaded: (weeks after it, weekday, 0 being Monday) in place of the day.
UPCOMING_EVENTS = [
    # network, title, kind, audience, (weeks, weekday), start, end, place, commune, departement, host, fiche titles,
    # description
    ("ripps-poitiers", "Réunion d'échange de pratiques : les SAS de l'année", Event.Kind.MEETING, "public",
     (2, 1), "09:30", "16:00", "Micro-lycée", "Saint-Maixent-l'École", "79", "Micro-lycée de Saint-Maixent-l'École",
     [], "Chaque établissement présente le SAS qu'il ouvre cette année (élèves repérés, ateliers, tutorat) ; "
     "échange sur le repérage des élèves absents et sur le lien avec les familles."),
    ("foquale-saint-denis", "Comité de pilotage FOQUALE : annonce des actions de la prochaine Semaine",
     Event.Kind.STEERING, "members", (3, 1), "14:00", "16:30", "Lycée Simone Weil", "Pantin", "93",
     "Lycée Simone Weil", [],
     "Chaque établissement annonce la date et le programme de son action de la Semaine de la persévérance."),
    ("foquale-saint-denis", "Portes ouvertes des ateliers du lycée Simone Weil", Event.Kind.VISIT, "public",
     (4, 2), "09:00", "12:00", "Lycée Simone Weil", "Pantin", "93", "Lycée Simone Weil", [],
     "Les élèves de la voie professionnelle présentent leurs ateliers aux collégiens du district et à leurs "
     "familles."),
    ("foquale-villeneuve-saint-georges", "Forum des solutions de retour en formation", Event.Kind.OTHER, "public",
     (5, 3), "14:00", "17:00", "Collège Roland Garros", "Villeneuve Saint-Georges", "94", "Collège Roland Garros",
     [], "Le CIO, la MLDS, la mission locale et les établissements du district présentent aux jeunes sortis sans "
     "diplôme et à leurs familles les solutions de retour en formation."),
]


def _day_after(today: dt.date, weeks: int, weekday: int) -> str:
    """The ``weekday`` of the week that comes ``weeks`` weeks after ``today``'s, as an ISO date."""
    monday = today - dt.timedelta(days=today.weekday())
    return (monday + dt.timedelta(weeks=weeks, days=weekday)).isoformat()


class NetworkDemoLoader:
    def __init__(self, say=print, today: dt.date | None = None):
        self.say = say
        self.today = today or timezone.localdate()
        self.created = {"networks": 0, "establishments": 0, "events": 0, "accounts": 0, "reports": 0}

    @transaction.atomic
    def run(self) -> list[tuple[str, str, str, bool]]:
        for spec in [RIPPS, *FOQUALE]:
            self._network(spec)
        self.created["restricted_fiches"] = load_restricted_fiches()
        accounts = self._people()
        self.load_events()
        self._reports()
        return accounts

    def load_events(self) -> None:
        """The seeds' events on their dates, then the upcoming ones dated from ``self.today``."""
        for spec in EVENTS:
            self._event(*spec)
        for slug, title, kind, audience, (weeks, weekday), *rest in UPCOMING_EVENTS:
            self._event(slug, title, kind, audience, _day_after(self.today, weeks, weekday), *rest)

    def _establishment(self, name, kind, commune, departement, academie) -> Establishment:
        establishment = Establishment.objects.filter(name=name, academie=academie).first()
        if establishment is None:
            establishment = Establishment(name=name, kind=kind or Establishment.Kind.OTHER, commune=commune,
                                          departement=departement, academie=academie)
            place_establishment(establishment)
            establishment.save()
            self.created["establishments"] += 1
        return establishment

    def _network(self, spec) -> Network:
        academie = Academie.objects.get(code=spec["academie"])
        network, created = Network.objects.get_or_create(slug=spec["slug"], defaults={
            "name": spec["name"], "kind": spec["kind"], "academie": academie, "bassin": spec["bassin"],
            "description": spec["description"]})
        self.created["networks"] += created
        for name, kind, commune, departement in spec["establishments"]:
            establishment = self._establishment(name, kind, commune, departement, academie)
            if spec["bassin"] and not establishment.bassin and name != "Exploradôme":
                establishment.bassin = spec["bassin"]
                establishment.save(update_fields=["bassin"])
            NetworkEstablishment.objects.get_or_create(network=network, establishment=establishment)
        return network

    def _reports(self) -> None:
        """Indicator reports of the RIPPS members and of the LP Antoine Lomet (the SAS demo); the PAPS
        has not sent its reports, so that completeness shows a missing one."""
        from .dashboards.demo import load_reports

        ripps = Network.objects.get(slug=RIPPS["slug"])
        establishments = list(ripps.establishments.order_by("name"))
        establishments += list(Establishment.objects.filter(name="LP Antoine Lomet"))
        missing = [e for e in establishments if e.name.startswith("Pôle d'accompagnement")]
        self.created["reports"] = load_reports(establishments, missing)

    def _account(self, username, first, last, password):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is not None:
            return user, False
        user = User(username=username, first_name=first, last_name=last, email=f"{username}@demo.invalid")
        validate_password(password, user)
        user.set_password(password)
        user.save()
        self.created["accounts"] += 1
        return user, True

    def _people(self):
        accounts = []
        for username, first, last, password, slug, role, function, establishment_name in PEOPLE:
            user, created = self._account(username, first, last, password)
            network = Network.objects.get(slug=slug)
            establishment = (Establishment.objects.filter(name=establishment_name).first()
                             if establishment_name else None)
            NetworkPerson.objects.get_or_create(network=network, user=user, defaults={
                "role": role, "function": function, "establishment": establishment})
            accounts.append((username, password, f"{NetworkPerson.Role(role).label} — {network.name}", created))
        for username, first, last, password, code in ANALYSTS:
            user, created = self._account(username, first, last, password)
            membership, _ = Membership.objects.get_or_create(user=user, role=Membership.Role.ANALYST,
                                                             academie=Academie.objects.get(code=code))
            accounts.append((username, password, f"{membership.get_role_display()} — {membership.academie}", created))
        return accounts

    def _event(self, slug, title, kind, audience, day, start, end, place, commune, departement, host, fiches,
               description):
        network = Network.objects.get(slug=slug)
        if network.events.filter(title=title).exists():
            return
        event = Event(network=network, title=title, kind=kind, audience=audience, description=description,
                      starts_at=_at(day, start), ends_at=_at(day, end), place_name=place, commune=commune,
                      departement=departement, registration_open=False,
                      establishment=Establishment.objects.filter(name=host).first() if host else None)
        error = locate_event(event)
        if error:
            self.say(error)
        event.save()
        event.fiches.set(FichePage.objects.live().filter(title__in=fiches))
        self.created["events"] += 1
