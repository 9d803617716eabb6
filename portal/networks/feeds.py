"""Atom feeds (RFC 4287) of new fiches and events, through Django's syndication framework.

Fiches: all, per académie, per network, per search (any search page's query string).
Events: public ones, per network, and a private feed per person (the address holds a
revocable token, as Mobilizon does) that adds the members-only events of their networks.
"""
from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from fiches.control_characters import without_control_characters_in
from fiches.listing import published_fiches
from fiches.models import AcademiePage

from .listing import latest_fiches, network_fiches
from .models import Event, Network
from .searches import describe, latest_fiche_ids
from .tokens import user_for_token

FEED_SIZE = 50
#: The texts of a feed or an entry that may hold several lines; the others (titles, names, categories) are one line.
MULTI_LINE_TEXTS = {"description", "subtitle", "content"}


def _xml_arguments(kwargs):
    """The feed's or entry's arguments without the characters XML 1.0 refuses, by the project's rule (strings, and
    the strings of a list such as categories); on one line, a line break becomes a space."""
    return {name: without_control_characters_in(value, single_line=name not in MULTI_LINE_TEXTS)
            for name, value in kwargs.items()}


class XmlSafeAtom1Feed(Atom1Feed):
    """Atom whose texts lose the control characters a title or a description may hold (Word's line break
    « \\x0b » pasted in an event's title, a fiche's summary, a network's name): Django refuses them when it writes
    the XML, and one such event or fiche made every feed listing it answer 500. In a title, Word's line break
    becomes a space (« Réunion d'échange »); in a description, a line break. Django's syndication views name
    every argument, so the texts are known by their names."""

    def __init__(self, **kwargs):
        super().__init__(**_xml_arguments(kwargs))

    def add_item(self, **kwargs):
        super().add_item(**_xml_arguments(kwargs))


class FicheFeed(Feed):
    feed_type = XmlSafeAtom1Feed

    def item_title(self, fiche):
        return fiche.title

    def item_description(self, fiche):
        return fiche.summary

    def item_link(self, fiche):
        return fiche.url

    def item_guid(self, fiche):
        return f"accroche:fiche:{fiche.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, fiche):
        return fiche.first_published_at

    def item_updateddate(self, fiche):
        return fiche.last_published_at or fiche.first_published_at

    def item_author_name(self, fiche):
        return fiche.lead_structure.name


class AllFichesFeed(FicheFeed):
    def title(self):
        return _("Accroche — nouvelles fiches")

    def link(self):
        return reverse("search")

    def items(self):
        return latest_fiches(published_fiches(), FEED_SIZE)


class AcademieFichesFeed(FicheFeed):
    def get_object(self, request, code):
        return get_object_or_404(AcademiePage.objects.select_related("academie"), academie__code=code)

    def title(self, section):
        return _("Accroche — nouvelles fiches, %(academie)s") % {"academie": section.academie.title}

    def link(self, section):
        return section.url

    def items(self, section):
        return latest_fiches(published_fiches().descendant_of(section), FEED_SIZE)


class NetworkFichesFeed(FicheFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Network, slug=slug)

    def title(self, network):
        return _("Accroche — nouvelles fiches du réseau %(name)s") % {"name": network.name}

    def link(self, network):
        return network.get_absolute_url()

    def items(self, network):
        return latest_fiches(network_fiches(network), FEED_SIZE)


class SearchFichesFeed(FicheFeed):
    """The fiches of a search, newest first; the query string is the search page's."""

    def get_object(self, request):
        return request.GET.urlencode()

    def title(self, query_string):
        # The query is the visitor's: XML 1.0 cannot carry its control characters (« \x00 »).
        search = "".join(char for char in describe(query_string) if char.isprintable())
        return _("Accroche — recherche : %(search)s") % {"search": search}

    def link(self, query_string):
        return reverse("search") + (f"?{query_string}" if query_string else "")

    def items(self, query_string):
        ids = latest_fiche_ids(query_string)
        return latest_fiches(published_fiches().filter(pk__in=ids), FEED_SIZE)


class EventFeed(Feed):
    feed_type = XmlSafeAtom1Feed

    def item_title(self, event):
        local = event.local_start
        title = _("%(title)s — %(date)s") % {"title": event.title, "date": local.strftime("%d/%m/%Y %H:%M")}
        return _("Annulé : %(title)s") % {"title": title} if event.is_cancelled else title

    def item_description(self, event):
        place = ", ".join(part for part in (event.place_name, event.commune) if part)
        cancelled = event.is_cancelled and " ".join(
            part for part in (_("Événement annulé."), event.cancellation_message) if part)
        return " — ".join(part for part in (cancelled, event.get_kind_display(), place, event.description) if part)

    def item_link(self, event):
        return event.get_absolute_url()

    def item_guid(self, event):
        return f"urn:uuid:{event.uid}"

    item_guid_is_permalink = False

    def item_pubdate(self, event):
        return event.created_at

    def item_updateddate(self, event):
        return event.updated_at

    def item_categories(self, event):
        return [event.get_kind_display()]

    def newest(self, queryset):
        return queryset.select_related("network").order_by("-created_at")[:FEED_SIZE]


class PublicEventsFeed(EventFeed):
    def title(self):
        return _("Accroche — nouveaux événements des réseaux")

    def link(self):
        return reverse("networks:events")

    def items(self):
        return self.newest(Event.objects.public())


class NetworkEventsFeed(EventFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Network, slug=slug)

    def title(self, network):
        return _("Accroche — événements du réseau %(name)s") % {"name": network.name}

    def link(self, network):
        return network.get_absolute_url()

    def items(self, network):
        return self.newest(network.events.public())


class PrivateEventsFeed(EventFeed):
    """Public events and the members-only events of the token holder's networks."""

    def get_object(self, request, key):
        user = user_for_token(key)
        if user is None:
            raise Http404(_("Cette adresse de flux n'est plus valable."))
        return user

    def title(self, user):
        return _("Accroche — mes événements")

    def link(self, user):
        return reverse("networks:events")

    def items(self, user):
        return self.newest(Event.objects.visible_to(user))
