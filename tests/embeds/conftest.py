import pytest

from fiches.models import Theme
from portal.embeds.models import Widget
from portal.networks.models import Network, NetworkEstablishment, NetworkPerson
from tests import factories


@pytest.fixture
def network_fiches(db):
    """A Bordeaux network with a coordinator, two fiches of a member school (one on prevention), and a
    fiche of a school outside the network."""
    network = Network.objects.create(slug="ripps-widget", name="RIPPS widget", kind=Network.Kind.RIPPS,
                                     academie=factories.academie("bordeaux"))
    member = factories.establishment("Lycée Lomet", "bordeaux", commune="Agen", latitude=44.2032,
                                     longitude=0.6155, location_precision="commune")
    outsider = factories.establishment("Lycée Voisin", "bordeaux", commune="Nérac", latitude=44.136,
                                       longitude=0.339, location_precision="commune")
    NetworkEstablishment.objects.create(network=network, establishment=member)
    coordinator = factories.user("coordination")
    NetworkPerson.objects.create(network=network, user=coordinator, role=NetworkPerson.Role.COORDINATOR)
    prevention = Theme.objects.get_or_create(slug="prevention", defaults={"label": "Prévention"})[0]
    sas = factories.fiche("SAS Mily", member)
    sas.themes.add(prevention)
    sas.save_revision().publish()
    factories.fiche("Tutorat du réseau", member)
    factories.fiche("Atelier hors réseau", outsider)
    return network, coordinator, prevention


def make_widget(network, kind=Widget.Kind.LIST, origins="https://www.ac-bordeaux.fr", **fields):
    return Widget.objects.create(title="Pratiques du RIPPS", kind=kind, network=network, allowed_origins=origins,
                                 **fields)
