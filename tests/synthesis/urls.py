"""The portal's URLs with the synthesis mounted, as ``portal.urls`` will mount it."""
from django.urls import include, path

from portal.urls import urlpatterns as portal_urlpatterns

urlpatterns = [path("synthese/", include("portal.synthesis.urls")), *portal_urlpatterns]
