"""Background task of the synthesis (django-tasks): a published version's exports, written once."""
from django_tasks import task

from .exporting.stored import store_version
from .models import SynthesisVersion


@task()
def store_version_exports(version_id: int) -> list[str]:
    """Generate and store the PDF, DOCX, CSV and XLSX of a version; returns their storage names."""
    return store_version(SynthesisVersion.objects.select_related("synthesis__school_year").get(pk=version_id))
