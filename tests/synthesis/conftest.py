import pytest
from fiches.demo import DemoLoader
from django.db import transaction


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    """The demo data (seed 003 transcribed), loaded once for the package, rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        DemoLoader(say=lambda *args: None).run()  # the records, without the published version
        yield
        transaction.set_rollback(True)
