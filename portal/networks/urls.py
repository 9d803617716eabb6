from django.urls import path, register_converter

from portal.converters import UrlToken

from . import feeds
from .views import cancellation, creation, dashboards, events, follows, membership, networks

app_name = "networks"
register_converter(UrlToken, "feed_key")  # a private feed's secret: « %00 » is a 404, not a 500

urlpatterns = [
    path("reseaux/", networks.network_list, name="list"),
    path("reseaux/nouveau/", creation.network_create, name="create"),
    path("reseaux/<slug:slug>/", networks.network_detail, name="detail"),
    path("reseaux/<slug:slug>/suivre/", follows.follow_network, name="follow"),
    path("reseaux/<slug:slug>/agenda.ics", events.network_ics, name="network-ics"),
    path("reseaux/<slug:slug>/gerer/", membership.manage, name="manage"),
    path("reseaux/<slug:slug>/gerer/etablissements/", membership.add_establishment, name="add-establishment"),
    path("reseaux/<slug:slug>/gerer/etablissements/<int:pk>/retirer/", membership.remove_establishment,
         name="remove-establishment"),
    path("reseaux/<slug:slug>/gerer/personnes/", membership.add_person, name="add-person"),
    path("reseaux/<slug:slug>/gerer/personnes/<int:pk>/retirer/", membership.remove_person, name="remove-person"),
    path("reseaux/<slug:slug>/gerer/fiches/", membership.tag_fiche, name="tag-fiche"),
    path("reseaux/<slug:slug>/gerer/fiches/<int:pk>/retirer/", membership.untag_fiche, name="untag-fiche"),
    path("reseaux/<slug:slug>/evenements/nouveau/", events.event_create, name="event-create"),
    path("evenements/", events.event_list, name="events"),
    path("evenements/carte.geojson", events.events_geojson, name="events-geojson"),
    path("evenements/<int:pk>/", events.event_detail, name="event"),
    path("evenements/<int:pk>/modifier/", events.event_edit, name="event-edit"),
    path("evenements/<int:pk>/annuler/", cancellation.event_cancel, name="event-cancel"),
    path("evenements/<int:pk>/retablir/", cancellation.event_restore, name="event-restore"),
    path("evenements/<int:pk>/supprimer/", cancellation.event_delete, name="event-delete"),
    path("evenements/<int:pk>/inscription/", events.register, name="event-register"),
    path("evenements/<int:pk>.ics", events.event_ics, name="event-ics"),
    path("agenda/<feed_key:key>.ics", events.private_ics, name="private-ics"),
    path("suivis/", follows.follows_page, name="follows"),
    path("suivis/<int:pk>/", follows.follow_update, name="follow-update"),
    path("suivis/academie/", follows.follow_academie, name="follow-academie"),
    path("suivis/recherche/", follows.follow_search, name="follow-search"),
    path("suivis/cle/", follows.token_update, name="token"),
    path("suivis/desabonnement/<str:token>/", follows.unsubscribe, name="unsubscribe"),
    path("tableaux-de-bord/", dashboards.dashboards_index, name="dashboards"),
    path("tableaux-de-bord/national/", dashboards.national_dashboard, name="dashboard-national"),
    path("tableaux-de-bord/academies/<slug:code>/", dashboards.academie_dashboard, name="dashboard-academie"),
    path("tableaux-de-bord/reseaux/<slug:slug>/", dashboards.network_dashboard, name="dashboard-network"),
    path("tableaux-de-bord/etablissements/<int:pk>/", dashboards.establishment_reports, name="establishment-reports"),
    path("flux/fiches.atom", feeds.AllFichesFeed(), name="feed-fiches"),
    path("flux/academies/<slug:code>.atom", feeds.AcademieFichesFeed(), name="feed-academie"),
    path("flux/recherche.atom", feeds.SearchFichesFeed(), name="feed-search"),
    path("flux/reseaux/<slug:slug>/fiches.atom", feeds.NetworkFichesFeed(), name="feed-network-fiches"),
    path("flux/reseaux/<slug:slug>/evenements.atom", feeds.NetworkEventsFeed(), name="feed-network-events"),
    path("flux/evenements.atom", feeds.PublicEventsFeed(), name="feed-events"),
    path("flux/prive/<feed_key:key>/evenements.atom", feeds.PrivateEventsFeed(), name="feed-private-events"),
]
