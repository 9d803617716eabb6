import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.create_once import creation_token_field

from ..states import State, check
from .campaigns import Campaign, Workshop, WorkshopSession


class Student(models.Model):
    """A pupil, keyed by the school software's local identifier (SIECLE ELEVE_ID), never by the INE."""

    class Sex(models.TextChoices):
        GIRL = "F", _("fille")
        BOY = "M", _("garçon")

    class Level(models.TextChoices):
        CAP1 = "cap1", _("1re année de CAP")
        CAP2 = "cap2", _("2e année de CAP")
        SECONDE_PRO = "2pro", _("Seconde professionnelle")
        PREMIERE_PRO = "1pro", _("Première professionnelle")
        TERMINALE_PRO = "tpro", _("Terminale professionnelle")
        OTHER = "other", _("Autre niveau")

    establishment = models.ForeignKey("fiches.Establishment", on_delete=models.CASCADE, related_name="sas_students")
    local_id = models.CharField(
        _("identifiant local (ELEVE_ID)"), max_length=40,
        help_text=_("Identifiant du logiciel de scolarité de l'établissement ; jamais l'INE."),
    )
    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    division = models.CharField(_("classe"), max_length=50)
    level = models.CharField(_("niveau"), max_length=10, choices=Level.choices)
    sex = models.CharField(_("sexe"), max_length=1, choices=Sex.choices)
    listed_on = models.DateField(
        _("dernier import ou repérage"), default=timezone.localdate,
        help_text=_("Un élève sans dossier n'est gardé que pour la campagne de cette année scolaire (sas_purge)."),
    )

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("élève")
        verbose_name_plural = _("élèves")
        constraints = [models.UniqueConstraint(fields=["establishment", "local_id"], name="unique_sas_student_local_id")]

    def __str__(self):
        return f"{self.last_name.upper()} {self.first_name} ({self.division})"


class StudentCase(models.Model):
    """A student's path through one campaign; its ``state`` moves only through :meth:`transition`."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("campagne"), on_delete=models.CASCADE, related_name="cases")
    student = models.ForeignKey(Student, verbose_name=_("élève"), on_delete=models.CASCADE, related_name="cases")
    state = models.CharField(_("étape"), max_length=20, choices=State.choices, default=State.IDENTIFIED, editable=False)
    # The case's address in URLs: random, so a case cannot be found by counting ids.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    withdrawal_reason = models.CharField(_("motif de sortie"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["student__last_name", "student__first_name"]
        verbose_name = _("dossier SAS")
        verbose_name_plural = _("dossiers SAS")
        constraints = [models.UniqueConstraint(fields=["campaign", "student"], name="unique_sas_case")]

    def __str__(self):
        return f"{self.student} — {self.get_state_display()}"

    def transition(self, action: str) -> None:
        """Move to the state ``action`` leads to, or raise ``TransitionRefused`` with the French reason.

        The case's row is locked and its state read again first: of two identical requests at once,
        the second waits for the first and is refused, instead of writing the step twice.
        """
        self.state = StudentCase.objects.select_for_update().values_list("state", flat=True).get(pk=self.pk)
        self.state = check(self.state, action)
        self.save(update_fields=["state", "updated_at"])


class Referral(models.Model):
    """Step 1, the « fiche repérage », or a student's spontaneous application."""

    class Origin(models.TextChoices):
        GPDS = "gpds", _("GPDS")
        PP = "pp", _("professeur principal")
        CPE = "cpe", _("CPE")
        RDS = "rds", _("référent décrochage scolaire")
        SPONTANEOUS = "spontaneous", _("candidature spontanée")

    case = models.OneToOneField(StudentCase, on_delete=models.CASCADE, related_name="referral")
    origin = models.CharField(_("repéré par"), max_length=20, choices=Origin.choices)
    referred_on = models.DateField(_("date du repérage"))
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("saisi par"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    absences = models.BooleanField(_("absences"), default=False)
    results = models.BooleanField(_("résultats scolaires"), default=False)
    behaviour = models.BooleanField(_("comportement"), default=False)
    peripheral_barriers = models.BooleanField(_("freins périphériques"), default=False)
    comment = models.TextField(_("observations"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    SIGNALS = ("absences", "results", "behaviour", "peripheral_barriers")


class NeedsAnalysis(models.Model):
    """Step 2, exposé et analyse de la situation (coordination, PP, CPE)."""

    case = models.OneToOneField(StudentCase, on_delete=models.CASCADE, related_name="needs_analysis")
    summary = models.TextField(_("analyse de la situation"))
    analysed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)


class Interview(models.Model):
    """Step 3, entretien élève; the direction informs the parents."""

    case = models.OneToOneField(StudentCase, on_delete=models.CASCADE, related_name="interview")
    held_on = models.DateField(_("date de l'entretien"))
    profile = models.TextField(_("profil"))
    needs = models.TextField(_("besoins"))
    objectives = models.TextField(_("objectifs"))
    interviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    parents_informed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("parents informés par"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    parents_informed_on = models.DateField(_("parents informés le"), null=True, blank=True)
    workshops_needed = models.ManyToManyField(
        Workshop, verbose_name=_("ateliers proposés"), blank=True, related_name="needed_by",
        help_text=_("Les ateliers dont l'élève a besoin ; la planification les place dans son emploi du temps."),
    )


class Parcours(models.Model):
    """Step 4, parcours aménagé: the workshop sessions of the individual timetable, the classes excused."""

    case = models.OneToOneField(StudentCase, on_delete=models.CASCADE, related_name="parcours")
    sessions = models.ManyToManyField(WorkshopSession, verbose_name=_("séances"), related_name="parcours")
    excused_classes = models.TextField(_("cours dont l'élève est dispensé"), blank=True)
    planned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    def workshops(self):
        return Workshop.objects.filter(sessions__parcours=self).distinct()


class Attendance(models.Model):
    """Step 6, mise en œuvre: one mark per session and student."""

    class Status(models.TextChoices):
        PRESENT = "present", _("présent")
        ABSENT = "absent", _("absent")
        EXCUSED = "excused", _("excusé")

    session = models.ForeignKey(WorkshopSession, on_delete=models.CASCADE, related_name="attendances")
    case = models.ForeignKey(StudentCase, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(_("présence"), max_length=10, choices=Status.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "case"], name="unique_sas_attendance")]


class ThreadMessage(models.Model):
    """Step 7, suivi régulier: the discussion about one student."""

    case = models.ForeignKey(StudentCase, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(auto_now_add=True)
    creation_token = creation_token_field()

    class Meta:
        ordering = ["created_at"]


class Evaluation(models.Model):
    """Step 8, entretien bilan and outcome."""

    class Outcome(models.TextChoices):
        BACK_TO_CLASS = "back_to_class", _("retour en classe")
        PAFI = "pafi", _("PAFI")
        REORIENTATION = "reorientation", _("changement d'orientation")
        RUPTURE = "rupture", _("rupture scolaire")
        OTHER = "other", _("autre")

    case = models.OneToOneField(StudentCase, on_delete=models.CASCADE, related_name="evaluation")
    held_on = models.DateField(_("date du bilan"))
    summary = models.TextField(_("bilan"))
    outcome = models.CharField(_("issue"), max_length=20, choices=Outcome.choices)
    evaluated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
