"""The production static files storage: WhiteNoise's hashed and compressed files, brotli optional."""
from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

# References a script reads back from a stylesheet: Leaflet finds its default marker images by taking
# the folder of this url() in leaflet.css (L.Icon.Default._detectIconPath, which expects the name
# marker-icon.png); a hashed name makes it fall back to the page's own folder (404 for every marker).
KEPT_REFERENCES = {"geo/vendor/leaflet/leaflet.css": frozenset({"images/marker-icon.png"})}


class CompressedManifestStorage(CompressedManifestStaticFilesStorage):
    """Hashed names (a manifest) and gzip copies always; brotli copies when ACCROCHE_STATIC_BROTLI is on.

    The references of :data:`KEPT_REFERENCES` are left as they are."""

    def create_compressor(self, **kwargs):
        return super().create_compressor(use_brotli=settings.ACCROCHE_STATIC_BROTLI, **kwargs)

    def url_converter(self, name, hashed_files, template=None):
        convert = super().url_converter(name, hashed_files, template)
        kept = KEPT_REFERENCES.get(name.replace("\\", "/"))
        if kept:
            return lambda match: match.group("matched") if match.group("url") in kept else convert(match)
        return convert
