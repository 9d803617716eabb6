"""The OpenAPI document (``/api/v1/openapi.json``) and its readable page (``/api/``, Swagger UI served locally)."""
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .document import openapi_document
from .swagger_ui_labels import swagger_ui_labels


@require_GET
def openapi_json(request):
    return JsonResponse(openapi_document(), json_dumps_params={"ensure_ascii": False})


@require_GET
def api_page(request):
    return TemplateResponse(request, "apidoc/api.html", {"title": _("API publique"), "labels": swagger_ui_labels()})
