"""The French of the /api/ page's Swagger UI (static/apidoc/api-page.js): the headings and messages of our
layout and, under ``strings``, Swagger UI's own fixed English strings with their French. Swagger UI has no
translations: static/apidoc/swagger-ui-dom.js puts these in place of the English as it renders. The words it
composes (a schema's type, where a parameter goes, a constraint) are under ``types``, ``locations``, ``formats``
and ``constraints``: api-page.js gives them to Swagger UI's own functions and components."""
from django.utils.translation import gettext as _


def _swagger_strings() -> dict[str, str]:
    """Swagger UI 5's English (exactly as it writes it, the key) and its French."""
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
        "Items": _("Éléments"),
        "Property names": _("Noms des propriétés"),
        "All of": _("Tous ces schémas"),
        "Any of": _("L'un ou plusieurs de ces schémas"),
        "One of": _("Un seul de ces schémas"),
        "Not": _("Sauf"),
        "If": _("Si"),
        "Then": _("Alors"),
        "Else": _("Sinon"),
        "Const": _("Valeur fixe"),
        "Enum": _("Valeurs possibles"),
        "forbidden": _("interdites"),
    }


def _type_words() -> dict[str, str]:
    """The JSON Schema types, as Swagger UI names a schema (« array<string> », « integer | null »)."""
    return {
        "string": _("chaîne"),
        "integer": _("entier"),
        "number": _("nombre"),
        "boolean": _("booléen"),
        "object": _("objet"),
        "array": _("tableau"),
        "any": _("quelconque"),
        "never": _("aucune valeur"),
    }


def _locations() -> dict[str, str]:
    """Where a parameter goes (OpenAPI's ``in``), shown in brackets under its name."""
    return {"query": _("requête"), "path": _("chemin"), "header": _("en-tête"), "cookie": _("cookie")}


def _formats() -> dict[str, str]:
    """The JSON Schema formats the API uses, as a reader would say them; another format keeps its name."""
    return {"date-time": _("date et heure"), "date": _("date"), "binary": _("binaire"), "uuid": _("UUID"),
            "uri": _("URI"), "email": _("adresse électronique")}


def _constraints() -> dict:
    """Swagger UI's constraints (« ≤ 255 characters », « [1, 10] items », « matches ^[a-z]+$ »): the unit of a
    count, singular and plural, and the sentences around a value (``%(value)s``)."""
    return {
        "units": {
            "characters": [_("caractère"), _("caractères")],
            "items": [_("élément"), _("éléments")],
            "unique items": [_("élément unique"), _("éléments uniques")],
            "contained items": [_("élément contenu"), _("éléments contenus")],
            "properties": [_("propriété"), _("propriétés")],
        },
        "matches": _("de la forme %(value)s"),
        "multipleOf": _("multiple de %(value)s"),
        "mediaType": _("type de média : %(value)s"),
        "encoding": _("encodage : %(value)s"),
        "unique": _("éléments uniques"),
    }


def _samples() -> dict[str, str]:
    """The placeholders of the examples Swagger UI makes up from a schema: any text (« "string" ») and the keys of
    an object whose keys are free (« "additionalProp1" »)."""
    return {"string": _("texte"), "additionalProp": _("propriété")}


def swagger_ui_labels() -> dict:
    return {
        "rules": _("Règles de la version %(version)s"),
        "operations": _("Adresses, par thème"),
        "loading": _("Chargement de la description de l'API…"),
        "failed": _("La description de l'API n'a pas pu être chargée ; elle se lit aussi en JSON (lien ci-dessus)."),
        "required": _("obligatoire"),
        "schemaButton": _("Déplier ou replier le schéma"),
        "circular": _("[circulaire]"),
        "operationLink": _("Lien direct"),
        "operationLinkName": _("Lien direct vers %(operation)s"),
        "strings": _swagger_strings(),
        "types": _type_words(),
        "locations": _locations(),
        "formats": _formats(),
        "constraints": _constraints(),
        "samples": _samples(),
    }
