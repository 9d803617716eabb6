"""Widget responses are the same for every visitor: they neither store nor vary on a cookie.

Middlewares above the view read ``request.user`` (so the session) for every request; nothing of it
reaches a widget. The decorator tells SessionMiddleware so: no ``Vary: Cookie`` (caches may share the
response) and no session written back (no ``Set-Cookie`` for a visitor who is also logged in).
"""
from functools import wraps


def cookieless(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        session = getattr(request, "session", None)
        if session is not None:
            session.accessed = False
            session.modified = False
        return response

    return wrapper
