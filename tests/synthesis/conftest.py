import pytest
from portal.home.demo import load_demo
from django.db import transaction


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    """The demo data (seed 003 transcribed), loaded once for the package, rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo(say=lambda *args: None)  # the records, without the published version
        yield
        transaction.set_rollback(True)
