"""The production static files storage: WhiteNoise's hashed and compressed files, brotli optional."""
from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class CompressedManifestStorage(CompressedManifestStaticFilesStorage):
    """Hashed names (a manifest) and gzip copies always; brotli copies when ACCROCHE_STATIC_BROTLI is on."""

    def create_compressor(self, **kwargs):
        return super().create_compressor(use_brotli=settings.ACCROCHE_STATIC_BROTLI, **kwargs)
