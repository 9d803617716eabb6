"""Initial text of the accessibility statement and legal notice; editable afterwards in the admin."""
from django.utils.translation import gettext_lazy as _

ACCESSIBILITY = _(
    "<p>L'éditeur du portail s'engage à rendre son service accessible, conformément à l'article 47 de la "
    "loi n° 2005-102 du 11 février 2005.</p>"
    "<h2>État de conformité</h2>"
    "<p>Accroche est <strong>partiellement conforme</strong> avec le référentiel général d'amélioration de "
    "l'accessibilité (RGAA), version 4.1 : aucun audit complet n'a encore été mené. Le site utilise le "
    "Système de design de l'État (DSFR), conçu pour être accessible.</p>"
    "<h2>Contenus non accessibles</h2>"
    "<ul><li>Les documents joints aux fiches (PDF, DOCX) déposés par les établissements peuvent ne pas être "
    "accessibles ; la fiche en reprend le contenu principal sous forme de page.</li>"
    "<li>La carte des pratiques a une alternative textuelle : la liste des fiches par académie.</li></ul>"
    "<h2>Établissement de cette déclaration</h2>"
    "<p>Déclaration établie à la mise en service du portail, à partir de tests manuels et automatisés "
    "(navigation au clavier, structure des titres, étiquettes de formulaires, contrastes).</p>"
    "<h2>Retour d'information et contact</h2>"
    "<p>Si vous n'arrivez pas à accéder à un contenu ou à un service, contactez l'administrateur du portail "
    "de votre académie pour être orienté vers une alternative accessible.</p>"
    "<h2>Voies de recours</h2>"
    "<p>Si vous constatez un défaut d'accessibilité qui vous empêche d'accéder à un contenu et que vous "
    "n'avez pas obtenu de réponse satisfaisante, vous pouvez écrire au Défenseur des droits, contacter son "
    "délégué dans votre région, ou lui écrire par courrier (gratuit, sans timbre) : Défenseur des droits, "
    "Libre réponse 71120, 75342 Paris CEDEX 07.</p>"
)

LEGAL_NOTICE = _(
    "<h2>Éditeur</h2>"
    "<p>Le portail est édité par l'académie ou le réseau qui le déploie ; ses coordonnées et son directeur "
    "de la publication sont indiqués ici par l'administrateur lors de la mise en service.</p>"
    "<h2>Logiciel</h2>"
    "<p>Accroche est un logiciel libre (licence AGPL-3.0 ou ultérieure).</p>"
    "<h2>Licence des contenus</h2>"
    "<p>Sauf mention contraire, les fiches publiées sont diffusées sous la Licence Ouverte / Open Licence "
    "2.0 d'Etalab : vous pouvez les réutiliser librement en citant leur source.</p>"
    "<h2>Données personnelles</h2>"
    "<p>Le portail ne contient aucune donnée d'élève. Les comptes des personnels (nom, adresse "
    "électronique, établissement) servent uniquement à la rédaction et à la modération des fiches. Les "
    "données des élèves suivis dans un SAS restent dans l'établissement qui le conduit ; seuls des "
    "indicateurs agrégés et anonymes remontent au réseau.</p>"
    "<h2>Cartographie</h2>"
    "<p>Données géographiques : découpage administratif (Etalab, Licence Ouverte) et coordonnées des "
    "communes (voir l'attribution dans le dépôt du logiciel).</p>"
)

LEGAL_PAGES = [
    ("accessibilite", _("Déclaration d'accessibilité"), ACCESSIBILITY),
    ("mentions-legales", _("Mentions légales"), LEGAL_NOTICE),
]
