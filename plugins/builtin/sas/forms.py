"""The SAS screens' forms, rendered with the DSFR (django-dsfr's field templates)."""
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from fiches.control_characters import ControlCharactersGuard
from portal.create_once import CreationTokenField
from portal.date_fields import FrenchDateField

from .models import Attendance, AuditLog, Evaluation, Referral, Student, Workshop, WorkshopSession
from .models.questionnaires import Audience
from .questionnaires import QUESTIONS
from .scheduling.problem import classes_under, excused_text


# django-dsfr's own checkbox and radio templates need django-widget-tweaks in INSTALLED_APPS;
# these two render the same DSFR markup without it.
CHECKBOX = "sas/fields/checkbox.html"
CHOICES = "sas/fields/choices.html"


class CampaignStepForm(ControlCharactersGuard, DsfrBaseForm):
    """A form of one campaign's step; its date field ``date_field``, if any, proposes a day of that
    ``step``'s dates (:meth:`Campaign.proposed_day`), never today in a past campaign."""

    date_field = ""
    step = ""

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        if self.date_field:
            self.fields[self.date_field].initial = campaign.proposed_day(self.step)


class ReferralSignalsForm(CampaignStepForm):
    """Step 1, the fiche repérage: when, who refers and on which signals (the student is chosen by the subclasses)."""

    date_field, step = "referred_on", "referral"
    referred_on = FrenchDateField(label=_("Date du repérage"))
    origin = forms.ChoiceField(label=_("Repéré par"), choices=Referral.Origin.choices)
    absences = forms.BooleanField(label=_("Absences"), required=False, template_name=CHECKBOX)
    results = forms.BooleanField(label=_("Résultats scolaires"), required=False, template_name=CHECKBOX)
    behaviour = forms.BooleanField(label=_("Comportement"), required=False, template_name=CHECKBOX)
    peripheral_barriers = forms.BooleanField(label=_("Freins périphériques"), required=False, template_name=CHECKBOX)
    comment = forms.CharField(label=_("Observations"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    REFERRAL_FIELDS = ("referred_on", "origin", *Referral.SIGNALS, "comment")

    def clean(self):
        data = super().clean()
        signals = any(data.get(name) for name in Referral.SIGNALS)
        if data.get("origin") != Referral.Origin.SPONTANEOUS and not signals:
            raise forms.ValidationError(_("Cochez au moins un signal, ou choisissez « candidature spontanée »."))
        return data

    def referral(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.REFERRAL_FIELDS}


class ReferralForm(ReferralSignalsForm):
    """For roles reaching the whole establishment: the student by their ELEVE_ID, created when it is new."""

    local_id = forms.CharField(label=_("Identifiant local (ELEVE_ID)"), max_length=40,
                               help_text=_("Celui du logiciel de scolarité ; jamais l'INE."))
    last_name = forms.CharField(label=_("Nom"), max_length=100)
    first_name = forms.CharField(label=_("Prénom"), max_length=100)
    division = forms.CharField(label=_("Classe"), max_length=50)
    level = forms.ChoiceField(label=_("Niveau"), choices=Student.Level.choices)
    sex = forms.ChoiceField(label=_("Sexe"), choices=Student.Sex.choices)

    STUDENT_FIELDS = ("first_name", "last_name", "division", "level", "sex")
    field_order = ["local_id", *STUDENT_FIELDS, "referred_on"]

    def chosen_student(self, establishment) -> Student:
        """The student with this ELEVE_ID in ``establishment`` (as stored), or a new one."""
        data = self.cleaned_data
        student, _created = Student.objects.get_or_create(
            establishment=establishment, local_id=data["local_id"],
            defaults={name: data[name] for name in self.STUDENT_FIELDS},
        )
        return student


class ClassReferralForm(ReferralSignalsForm):
    """For a PP: a student of their class(es) not yet followed in the campaign, chosen from the imported roster.

    Nothing is typed, so nothing can be tried: any other student, followed or not, existing or not,
    gets the same answer as a value that was never in the list.
    """

    student = forms.ModelChoiceField(
        label=_("Élève"), queryset=None, empty_label=_("Choisir un élève"),
        error_messages={"invalid_choice": _("Choisissez un élève de la liste de votre classe.")},
        help_text=_("Les élèves de votre classe sans dossier dans cette campagne (liste importée du logiciel de "
                    "scolarité). Un élève absent de la liste est repéré par la coordination ou le CPE."),
    )

    field_order = ["student", "referred_on"]

    def __init__(self, *args, students, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"].queryset = students

    @property
    def has_no_student(self) -> bool:
        """Whether the list is empty (every pupil of the class followed, or no roster imported): the board then
        says so instead of a form with nothing to choose."""
        return not self.fields["student"].queryset.exists()

    def chosen_student(self, establishment) -> Student:
        return self.cleaned_data["student"]


class NeedsAnalysisForm(ControlCharactersGuard, DsfrBaseForm):
    summary = forms.CharField(label=_("Exposé et analyse de la situation"), widget=forms.Textarea(attrs={"rows": 4}))


class WorkshopsNeededForm(CampaignStepForm):
    """The workshops proposed to the student; the interview records them, and they can be corrected until planning."""

    workshops_needed = forms.ModelMultipleChoiceField(
        label=_("Ateliers proposés"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        template_name=CHOICES, help_text=_("La planification place l'élève dans un groupe de chacun."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshops_needed"].queryset = Workshop.objects.filter(campaign=self.campaign)


class InterviewForm(WorkshopsNeededForm):
    date_field, step = "held_on", "interview"
    held_on = FrenchDateField(label=_("Date de l'entretien"))
    profile = forms.CharField(label=_("Profil"), widget=forms.Textarea(attrs={"rows": 3}))
    needs = forms.CharField(label=_("Besoins"), widget=forms.Textarea(attrs={"rows": 3}))
    objectives = forms.CharField(label=_("Objectifs"), widget=forms.Textarea(attrs={"rows": 3}))

    field_order = ["held_on", "profile", "needs", "objectives", "workshops_needed"]


class ParentsInformedForm(CampaignStepForm):
    date_field, step = "informed_on", "parents"
    informed_on = FrenchDateField(label=_("Parents informés le"))


class ParcoursForm(ControlCharactersGuard, DsfrBaseForm):
    sessions = forms.ModelMultipleChoiceField(label=_("Séances d'ateliers"), queryset=None,
                                              widget=forms.CheckboxSelectMultiple, template_name=CHOICES)
    excused_classes = forms.CharField(label=_("Cours dont l'élève est dispensé"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, campaign, division, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign, self.division = campaign, division
        self.fields["sessions"].queryset = WorkshopSession.objects.filter(workshop__campaign=campaign).select_related(
            "workshop__campaign"
        )
        self.fields["excused_classes"].help_text = _(
            "Laissé vide, il est rempli avec les cours de la classe que les séances recouvrent (emploi du temps importé)."
        )

    def clean(self):
        """Refuse a protected class under a chosen session, as the computed planning does; list the excused ones."""
        data = super().clean()
        if not data.get("sessions"):
            return data
        under = classes_under(self.campaign, self.division, data["sessions"])
        protected = [slot for slot in under if slot.protected]
        if protected:
            raise forms.ValidationError(
                _("Ces séances tombent sur un cours protégé de la classe %(division)s : %(classes)s.")
                % {"division": self.division, "classes": excused_text(protected)}
            )
        if not data.get("excused_classes"):
            data["excused_classes"] = excused_text(under)
        return data


class EvaluationForm(CampaignStepForm):
    date_field, step = "held_on", "evaluation"
    held_on = FrenchDateField(label=_("Date de l'entretien bilan"))
    summary = forms.CharField(label=_("Bilan"), widget=forms.Textarea(attrs={"rows": 4}))
    outcome = forms.ChoiceField(label=_("Issue"), choices=Evaluation.Outcome.choices)


class WithdrawForm(ControlCharactersGuard, DsfrBaseForm):
    reason = forms.CharField(label=_("Motif de sortie"), max_length=255)


class EmptyForm(ControlCharactersGuard, DsfrBaseForm):
    """A confirmation: the step needs no more information."""


class MessageForm(ControlCharactersGuard, DsfrBaseForm):
    """A message of the thread; its token makes a double click post it once (portal/create_once.py)."""

    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}))
    creation_token = CreationTokenField()


class AttendanceForm(ControlCharactersGuard, DsfrBaseForm):
    """One radio group per student of the session."""

    def __init__(self, *args, cases, marks, **kwargs):
        super().__init__(*args, **kwargs)
        self.cases = {f"case_{case.pk}": case for case in cases}
        for name, case in self.cases.items():
            self.fields[name] = forms.ChoiceField(
                label=str(case.student), choices=Attendance.Status.choices, widget=forms.RadioSelect, template_name=CHOICES,
                initial=marks.get(case.pk, Attendance.Status.PRESENT),
            )

    def marks(self):
        return {case: self.cleaned_data[name] for name, case in self.cases.items()}


class QuestionnaireLinksForm(ControlCharactersGuard, DsfrBaseForm):
    """How many one-time questionnaire links to create, for which audience; its token makes a double click
    create them once (portal/create_once.py)."""

    audience = forms.ChoiceField(label=_("Public"), choices=Audience.choices)
    count = forms.IntegerField(label=_("Nombre de liens"), min_value=1, max_value=200, initial=10)
    creation_token = CreationTokenField()


class QuestionnaireForm(ControlCharactersGuard, DsfrBaseForm):
    """The satisfaction questionnaire of one audience; adults may sign, students never."""

    def __init__(self, *args, audience, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in QUESTIONS[audience]:
            self.fields[code] = forms.TypedChoiceField(
                label=label, coerce=int, widget=forms.RadioSelect, template_name=CHOICES,
                choices=[(1, _("pas du tout")), (2, _("plutôt non")), (3, _("plutôt oui")), (4, _("tout à fait"))],
            )
        self.fields["suggestion"] = forms.CharField(label=_("Une suggestion ?"), required=False,
                                                    widget=forms.Textarea(attrs={"rows": 3}))
        if audience != Audience.STUDENTS:
            self.fields["signed_as"] = forms.CharField(
                label=_("Signer ma réponse (facultatif)"), required=False, max_length=150,
                help_text=_("Laissez vide pour répondre anonymement."),
            )


class AuditFilterForm(ControlCharactersGuard, DsfrBaseForm):
    """Filters of the audit log page (GET): a student, a person, an action; all optional."""

    student = forms.CharField(label=_("Élève (nom, prénom ou identifiant)"), required=False, max_length=100)
    person = forms.CharField(label=_("Personne (identifiant de connexion)"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("Toutes"))] + AuditLog.Action.choices)

    def filter(self, entries):
        """``entries`` narrowed to the valid filters (an invalid form filters nothing)."""
        if not self.is_valid():
            return entries
        data = self.cleaned_data
        if data["student"]:
            words = data["student"].split()
            for word in words:
                entries = entries.filter(
                    Q(student_ref__iexact=word) | Q(student__last_name__icontains=word) | Q(student__first_name__icontains=word)
                )
        if data["person"]:
            entries = entries.filter(actor__icontains=data["person"])
        if data["action"]:
            entries = entries.filter(action=data["action"])
        return entries
