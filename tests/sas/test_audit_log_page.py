"""The audit log cannot be flooded (refusals are grouped and counted) and its page reaches every entry, filtered."""
import datetime as dt
import re

from django.urls import reverse
from django.utils import timezone

from plugins.builtin.sas.models import AuditLog

from .conftest import PASSWORD, login, make_student


def log_url(campaign, **params):
    query = "&".join(f"{name}={value}" for name, value in params.items())
    return reverse("sas:audit_log", args=[campaign.pk]) + (f"?{query}" if query else "")


def shown(response) -> int:
    return response.content.decode().count('class="sas-audit-entry"')


def test_an_outsider_retrying_adds_one_counted_entry_naming_no_student(client, pp_case, other_case, django_user_model):
    stranger = django_user_model.objects.create_user("curieux", password=PASSWORD)
    client = login(client, stranger)
    for case in [pp_case, other_case] * 10:
        assert client.get(reverse("sas:case", args=[case.public_id])).status_code == 404
    entry = AuditLog.objects.get(action=AuditLog.Action.DENIED)
    assert (entry.user, entry.repeats, entry.student, entry.student_ref) == (stranger, 20, None, "")
    assert entry.first_at <= entry.at


def test_a_member_retrying_is_counted_per_student(client, team, other_case, campaign):
    second = make_student(campaign.establishment, "500003", division="1 AGORA")
    from .conftest import open_case

    second_case = open_case(team["coordination"], campaign, second, "gpds")
    client = login(client, team["pp"])
    for _ in range(5):
        for case in (other_case, second_case):
            assert client.get(reverse("sas:case", args=[case.public_id])).status_code == 403
    entries = AuditLog.objects.filter(action=AuditLog.Action.DENIED, user=team["pp"]).order_by("student_ref")
    assert [(e.student, e.repeats) for e in entries] == [(other_case.student, 5), (second, 5)]


def test_refusals_older_than_a_day_start_a_new_entry(client, team, other_case):
    client = login(client, team["pp"])
    client.get(reverse("sas:case", args=[other_case.public_id]))
    AuditLog.objects.filter(action=AuditLog.Action.DENIED).update(at=timezone.now() - dt.timedelta(hours=25))
    client.get(reverse("sas:case", args=[other_case.public_id]))
    assert AuditLog.objects.filter(action=AuditLog.Action.DENIED).count() == 2


def test_the_log_page_reaches_every_entry_and_filters(client, team, campaign, pp_case, other_case):
    est = campaign.establishment
    start = timezone.now() - dt.timedelta(days=30)
    AuditLog.objects.bulk_create([
        AuditLog(establishment=est, actor="sas-cpe", action=AuditLog.Action.READ, student=pp_case.student, student_ref="500001",
                 detail=f"lecture {n}") for n in range(230)
    ])
    AuditLog.objects.filter(detail__startswith="lecture ").update(at=start)
    total = AuditLog.objects.filter(establishment=est).count()
    client = login(client, team["coordination"])
    first = client.get(log_url(campaign))
    assert shown(first) == 100 and f"{total} entrées" in first.content.decode()
    last_page = (total + 99) // 100
    last = client.get(log_url(campaign, page=last_page))
    assert shown(last) == total - 100 * (last_page - 1)
    assert shown(client.get(log_url(campaign, page="abc"))) == 100  # a bad page number shows the first page

    by_student = client.get(log_url(campaign, student="500002"))
    assert shown(by_student) == AuditLog.objects.filter(student_ref="500002").count() > 0
    by_name = client.get(log_url(campaign, student=other_case.student.last_name))
    assert shown(by_name) == shown(by_student)
    assert shown(client.get(log_url(campaign, person="sas-cpe"))) == 100
    assert "231 entrées" not in client.get(log_url(campaign, person="sas-cpe", action="create")).content.decode()
    creations = client.get(log_url(campaign, action="create"))
    assert shown(creations) == AuditLog.objects.filter(action="create").count() == 2
    assert re.search(r'<select[^>]*name="action"', creations.content.decode())
    assert client.get(log_url(campaign, action="inconnue")).status_code == 200
