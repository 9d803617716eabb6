"""The coordination imports the school software's CSV exports: upload, preview of counts and errors, confirm."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from ..import_forms import BoundedUploadHandler, ImportConfirmForm, ImportUploadForm
from ..imports.runner import run
from ..models import AbsenceRecord, Student
from ..permissions import IMPORT
from .access import campaign_access


@csrf_exempt
def imports(request, campaign_id):
    """The upload handlers must be set before anything reads the body, the CSRF check included (Django's
    « modifying upload handlers on the fly »): the check runs next, in ``_imports``."""
    request.upload_handlers.insert(0, BoundedUploadHandler(request))
    return _imports(request, campaign_id)


@login_required
@csrf_protect
def _imports(request, campaign_id):
    campaign, access = campaign_access(request, campaign_id, IMPORT)
    upload, confirm, report = ImportUploadForm(), None, None
    if request.method == "POST" and "content" in request.POST:
        form = ImportConfirmForm(request.POST)
        if form.is_valid():
            report = run(form.cleaned_data["kind"], form.cleaned_data["content"], campaign=campaign, user=request.user)
            if report.written:
                messages.success(request, _("Import enregistré."))
        else:
            messages.error(request, " ".join(str(error) for error in form.errors.get("content", [])))
    elif request.method == "POST":
        upload = ImportUploadForm(request.POST, request.FILES, too_large=getattr(request, "sas_upload_too_large", False))
        if upload.is_valid():
            data = upload.content()
            report = run(upload.cleaned_data["kind"], data, campaign=campaign, user=request.user, commit=False)
            if report.ok:
                confirm = ImportConfirmForm.carrying(upload.cleaned_data["kind"], data)
    return render(request, "sas/imports.html", {
        "title": _("Imports du logiciel de scolarité"), "campaign": campaign, "access": access,
        "upload": upload, "confirm": confirm, "report": report, **_stored(campaign),
    })


def _stored(campaign) -> dict:
    """What is already imported: counts only, no student named."""
    establishment = campaign.establishment
    return {
        "student_count": Student.objects.filter(establishment=establishment).count(),
        "class_slots": campaign.class_slots.values("division").annotate(n=Count("pk")).order_by("division"),
        "absence_count": AbsenceRecord.objects.filter(student__establishment=establishment).count(),
    }
