from django.conf import settings
from django.urls import include, path, register_converter
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from fiches import site_history
from plugins.manager import gather_lists
from portal.accounts.state_login import LogoutView as StateLogoutView
from portal.accounts.workspace import admin_home

from . import views
from .converters import DatabaseId

register_converter(DatabaseId, "dbid")

urlpatterns = [
    # Before the admin's own: logging out of a State-identity login also ends the provider's session.
    path("admin/logout/", StateLogoutView.as_view(), name="state_logout"),
    # Before the admin's own: the site history shows live titles on the pages one may not edit.
    path("admin/reports/site-history/", site_history.site_history, name="accroche_site_history"),
    path("admin/reports/site-history/results/", site_history.site_history_results, name="accroche_site_history_results"),
    # Before the admin's own: Wagtail's error-reporting test view raises on purpose, a 500 for any admin user.
    path("admin/failwhale/", views.not_found, name="wagtailadmin_error_test"),
    # Before the admin's own: a signed-in user without admin access goes to their workspace, not back to the login.
    path("admin/", admin_home),
    path("admin/", include(wagtailadmin_urls)),
    path("comptes/", include("portal.accounts.urls")),
    path("documents/", include(wagtaildocs_urls)),
    path("academies/", views.academies_index, name="academies"),
    path("", include("portal.apidoc.urls")),
    path("donnees/", include("portal.opendata.urls")),
    path("fiches/", include("fiches.urls")),
    path("synthese/", include("portal.synthesis.urls")),
    path("integrer/", include("portal.embeds.urls")),
    path("", include("search.map.urls")),
    path("", include("search.urls")),
    path("", include("portal.networks.urls")),
    *gather_lists("register_urls"),
]

# The indicator ingestion API belongs to the portal; an establishment node does not serve it.
if settings.ACCROCHE_ROLE in ("portal", "embedded"):
    urlpatterns.append(path("api/v1/", include("portal.indicators.urls")))
    urlpatterns.append(path("indicateurs/", include("portal.indicators.analysis_urls")))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include(wagtail_urls)))
