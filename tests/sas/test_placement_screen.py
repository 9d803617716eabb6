"""Planification in both modes on the screen: « affecter » leaves a workshop without sessions unplaced; « placer »
declares a facilitator's slots and a room (bad input refused, nothing lost), places a group at a free slot the
space can hold, pins it, applies it (weekly sessions in the room) and then says what changed since."""
import datetime as dt

from django.urls import reverse

from plugins.builtin.sas.models import AppliedPlan, FacilitatorSlot, Parcours, PlanningRoom, SlotPin, Workshop
from plugins.builtin.sas.states import State

from .conftest import PARIS, login
from .test_planning_screen import interviewed, proposal_token, ready, timetables, workshops  # noqa: F401 (fixtures)


def planning(client, campaign, **params):
    return client.get(reverse("sas:planning", args=[campaign.pk]), params)


def test_both_modes_on_the_planification_screen(client, campaign, team, workshops, ready):  # noqa: F811
    teacher = team["workshop_teacher"]
    fle = Workshop.objects.create(campaign=campaign, name="FLE", group_size_min=1, group_size_max=4)
    fle.facilitators.add(teacher)
    newcomer = interviewed(campaign, team, "600005", "2 MRC", [fle, workshops["cps"]])
    client = login(client, team["coordination"])

    assign = planning(client, campaign, calculer="1", mode="affecter")
    assert "L&#x27;atelier « FLE » n&#x27;a aucune séance." in assign.content.decode()
    assert 'id="declarations"' not in assign.content.decode()

    # Placement mode: the declarations, refused with their reason and kept as typed when wrong.
    url = reverse("sas:placement_slot", args=[campaign.pk])
    bad = client.post(url, {"slot-facilitator": teacher.pk, "slot-weekday": 3, "slot-starts": "12:00", "slot-ends": "10:00"})
    assert bad.status_code == 200 and "Le créneau finit avant de commencer." in bad.content.decode()
    assert 'value="12:00"' in bad.content.decode() and not FacilitatorSlot.objects.exists()
    for weekday, starts, ends in ((4, "14:00", "16:00"), (3, "10:00", "12:00")):
        client.post(url, {"slot-facilitator": teacher.pk, "slot-weekday": weekday, "slot-starts": starts, "slot-ends": ends})
    assert FacilitatorSlot.objects.count() == 2
    room_url = reverse("sas:placement_room", args=[campaign.pk])
    refused = client.post(room_url, {"room-name": "", "room-concurrent_workshops": 0})
    assert set(refused.context["room_form"].errors) == {"name", "concurrent_workshops"} and not PlanningRoom.objects.exists()
    client.post(room_url, {"room-name": "Micro-lycée", "room-concurrent_workshops": 1})

    placed = planning(client, campaign, calculer="1", mode="placer")
    proposal = placed.context["proposal"]
    assert proposal.unplaced == [] and len(proposal.students) == 5
    # Thursday 14-16 is taken by the CPS group in the room the space holds once, and the student needs CPS then.
    opened = [g.info for g in proposal.groups if g.info.group.optional]
    assert [(info.workshop.name, info.label) for info in opened] == [("FLE", "mercredi 10:00-12:00, Micro-lycée")]
    html = placed.content.decode()
    assert "nouveau groupe placé" in html and "Épingler le créneau" in html

    wednesday = FacilitatorSlot.objects.get(weekday=3)
    client.post(reverse("sas:placement_pin", args=[campaign.pk]), {"workshop": fle.pk, "slot": wednesday.pk})
    assert SlotPin.objects.filter(workshop=fle, slot=wednesday).exists()
    again = planning(client, campaign, calculer="1", mode="placer")
    response = client.post(reverse("sas:planning_apply", args=[campaign.pk]), {"proposal": proposal_token(again)})
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.state == State.PARCOURS_PLANNED
    sessions = Parcours.objects.get(case=newcomer).sessions.filter(workshop=fle).order_by("starts_at")
    assert [(s.starts_at.astimezone(PARIS).date(), s.room) for s in sessions] == [
        (dt.date(2023, 11, 29), "Micro-lycée"), (dt.date(2023, 12, 6), "Micro-lycée"),
        (dt.date(2023, 12, 13), "Micro-lycée"), (dt.date(2023, 12, 20), "Micro-lycée")]
    assert AppliedPlan.objects.get().groups[next(iter(again.context["proposal"].solution.opened))] == \
        "FLE, mercredi 10:00-12:00, Micro-lycée"

    # A new student after the plan was applied: the proposal compares with it.
    interviewed(campaign, team, "600006", "1 AGORA", [fle], level="1pro")
    after = planning(client, campaign, calculer="1", mode="placer")
    assert after.context["proposal"].since_applied.closed == [] and 'id="since-applied"' in after.content.decode()


def test_an_unknown_mode_is_said_and_assigns(client, campaign, team, workshops, ready):  # noqa: F811
    client = login(client, team["coordination"])
    response = planning(client, campaign, mode="<b>plaCER</b>")
    html = response.content.decode()
    assert response.status_code == 200 and response.context["mode"] == "affecter"
    assert "Mode de planification inconnu : « &lt;b&gt;plaCER&lt;/b&gt; »" in html and "<b>plaCER" not in html
    assert "Mode de planification inconnu" not in planning(client, campaign, mode="placer").content.decode()
    assert "Mode de planification inconnu" not in planning(client, campaign).content.decode()


def test_a_pin_naming_its_group_or_slot_in_other_digits_is_refused_in_french(client, campaign, team):
    """``str.isdigit()`` is true for « ² », which ``int()`` refuses: « Épingler le créneau » answered 500."""
    client = login(client, team["coordination"])
    url = reverse("sas:placement_pin", args=[campaign.pk])
    for data in ({"workshop": "²", "slot": "1"}, {"workshop": "1", "slot": "³"}):
        response = client.post(url, data, follow=True)
        assert response.status_code == 200
        assert "Épinglage impossible" in response.content.decode()
    assert not SlotPin.objects.exists()
