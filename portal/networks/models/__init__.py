"""Networks and their members, events, follows and personal tokens (DESIGN.md §9, network portal)."""
from .events import Event, Registration
from .follows import Follow, PersonalToken
from .networks import Network, NetworkEstablishment, NetworkFiche, NetworkPerson

__all__ = [
    "Event",
    "Follow",
    "Network",
    "NetworkEstablishment",
    "NetworkFiche",
    "NetworkPerson",
    "PersonalToken",
    "Registration",
]
