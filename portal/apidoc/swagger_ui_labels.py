"""The French of the /api/ page's Swagger UI (static/apidoc/api-page.js): the headings and messages of our
layout and, under ``strings``, Swagger UI's own fixed English strings with their French. Swagger UI has no
translations: static/apidoc/swagger-ui-dom.js puts these in place of the English as it renders."""
from django.utils.translation import gettext as _


def _swagger_strings() -> dict[str, str]:
    """Swagger UI 5's English (exactly as it writes it, the key) and its French. Those left out stay in English:
    the words of OpenAPI and JSON Schema (query, path, header, string, object…) and the constraints it composes
    with numbers (« ≤ 255 characters », « [1, 255] characters », « ≤ 10 items », « matches … »)."""
    return {
        "Parameters": _("Paramètres"),
        "No parameters": _("Aucun paramètre"),
        "Name": _("Nom"),
        "Default value": _("Valeur par défaut"),
        "Available values": _("Valeurs possibles"),
        "Example": _("Exemple"),
        "Request body": _("Corps de la requête"),
        "Responses": _("Réponses"),
        "Headers:": _("En-têtes :"),
        "Links": _("Liens"),
        "No links": _("Aucun lien"),
        "Media type": _("Type de média"),
        "Media Type": _("Type de média"),
        "Request content type": _("Type de contenu de la requête"),
        "Example Value": _("Exemple"),
        "Example Description": _("Description de l'exemple"),
        "Examples": _("Exemples"),
        "Schema": _("Schéma"),
        "Expand all": _("Tout déplier"),
        "Collapse all": _("Tout replier"),
        "Additional properties": _("Propriétés supplémentaires"),
        "Expand operation": _("Déplier le thème"),
        "Collapse operation": _("Replier le thème"),
        "Copy path to clipboard": _("Copier l'adresse"),
        "Deprecated": _("Obsolète"),
    }


def swagger_ui_labels() -> dict:
    return {
        "rules": _("Règles de la version %(version)s"),
        "operations": _("Adresses, par thème"),
        "loading": _("Chargement de la description de l'API…"),
        "failed": _("La description de l'API n'a pas pu être chargée ; elle se lit aussi en JSON (lien ci-dessus)."),
        "required": _("obligatoire"),
        "schemaButton": _("Déplier ou replier le schéma"),
        "strings": _swagger_strings(),
    }
