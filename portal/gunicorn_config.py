"""gunicorn's configuration for the web service (docker/entrypoint.sh: ``--config python:portal.gunicorn_config``).

gunicorn answers by itself the requests it cannot read, before Django sees them (a malformed request line or
header: 400; a request line too long: 414; headers too large: 431), with an English page. Its workers write that
page through ``gunicorn.util.write_error`` (``Worker.handle_error``); the hook below, run once in the master before
it starts its workers, has them write the French page of the same status instead. The status line keeps HTTP's
reason phrase; gunicorn's own detail (the bytes it could not read) is not echoed.

Django is not loaded when gunicorn answers these, so the texts are written here in French rather than through
the translation catalogue.
"""
from __future__ import annotations

from gunicorn import util

PAGES = {
    400: ("Requête incorrecte", "Le serveur n'a pas pu lire cette requête : sa première ligne ou l'un de ses "
                                "en-têtes est mal formé."),
    403: ("Accès refusé", "Cette requête n'est pas acceptée par le serveur."),
    414: ("Adresse trop longue", "L'adresse demandée dépasse la longueur que le serveur accepte."),
    417: ("Requête refusée", "Le serveur ne prend pas en charge l'attente demandée par l'en-tête Expect."),
    431: ("En-têtes trop volumineux", "Les en-têtes de la requête dépassent la taille que le serveur accepte, "
                                      "souvent à cause de cookies accumulés : effacez les cookies de ce site, puis "
                                      "réessayez."),
    500: ("Erreur inattendue", "Le serveur a rencontré une erreur en traitant cette requête."),
    501: ("Requête non prise en charge", "Le serveur ne prend pas en charge le codage de transfert de cette requête."),
}
FALLBACK = ("Requête refusée", "Le serveur n'a pas pu traiter cette requête.")
PAGE = """<!DOCTYPE html>
<html lang="fr">
<head><meta charset="utf-8"><title>{title} — Accroche</title></head>
<body>
<main>
<p>Erreur {status}</p>
<h1>{title}</h1>
<p>{explanation} Rien n'a été modifié.</p>
<p><a href="/">Page d'accueil</a></p>
</main>
</body>
</html>
"""


def french_error_response(status: int, reason: str) -> bytes:
    """The whole HTTP answer (status line, headers, page) gunicorn sends for a request it could not serve."""
    title, explanation = PAGES.get(status, FALLBACK)
    page = PAGE.format(status=status, title=title, explanation=explanation).encode()
    head = (f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\nContent-Type: text/html; charset=utf-8\r\n"
            f"Content-Length: {len(page)}\r\n\r\n")
    return head.encode("latin-1") + page


def write_french_error(sock, status_int: int, reason: str, mesg: str) -> None:
    """``gunicorn.util.write_error``'s signature; ``mesg``, gunicorn's English detail, stays in its log."""
    util.write_nonblock(sock, french_error_response(status_int, reason))


def on_starting(server) -> None:
    """gunicorn's hook: French pages for the errors its workers answer themselves."""
    util.write_error = write_french_error
