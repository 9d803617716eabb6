"""What the fuzz tests throw values at: every URL pattern of the site, the pages reached by following
links from a few entry points, and the forms those pages hold.

Patterns come from the resolver, so a new URL is fuzzed without touching the tests; the few left
out are listed in ``EXCLUDED`` with the reason. Under Wagtail's administration only the screens the
project adds there are fuzzed (fiche import and renewal, Semaine declarations, syntheses, keys,
invitations). Path values come from the links a crawl finds (real ids, slugs, steps), and generated
ones for patterns no link reaches.
"""
from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, urljoin, urlsplit

from django.urls import Resolver404, get_resolver, resolve
from django.urls.resolvers import URLPattern, URLResolver

#: Route prefixes not fuzzed here, and why (the first prefix a route starts with is its reason).
EXCLUDED = {
    "admin/logout/": "ends the session of the audience being fuzzed (tested in tests/portal/test_state_login.py)",
    "admin/": "Wagtail's own administration, but for the screens the project adds there (PROJECT_PACKAGES)",
    "documents/": "Wagtail's document serving (ids and file names only, its own tests)",
    "_util/": "Wagtail's internal password and login views for restricted pages",
    "comptes/": "the second-factor screen, tested in tests/sas/test_second_factor.py",
}
#: Packages whose views are the project's: their screens under ``admin/`` are fuzzed too.
PROJECT_PACKAGES = ("portal.", "fiches.", "plugins.", "search.", "geo.")
#: Routes fuzzed only with generated path values: a real id would render a PDF (seconds each).
SLOW_WITH_REAL_VALUES = ("fiches/<dbid:page_id>/pdf/",)
#: Query parameters tried on every URL besides the fields its forms declare.
COMMON_PARAMETERS = (
    "q", "page", "size", "sort", "academie", "niveau", "theme", "dispositif", "public", "annee", "near", "km",
    "zoom", "bbox", "count", "next", "format", "commune", "periode", "edition", "limit", "token", "id",
)


@dataclass(frozen=True)
class Route:
    """One URL pattern: its full route as written (``sas/dossiers/<uuid:case_ref>/``) and its name."""

    route: str
    name: str


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)  # name -> input type
    values: dict[str, str] = field(default_factory=dict)  # name -> value as the page filled it in
    choices: dict[str, list[str]] = field(default_factory=dict)  # name -> non-empty values of its options, boxes


def is_fuzzed(route: str, view) -> bool:
    """False for the excluded prefixes, except the project's own screens under Wagtail's ``admin/``."""
    prefix = next((prefix for prefix in EXCLUDED if route.startswith(prefix)), None)
    return prefix is None or (prefix == "admin/" and view.__module__.startswith(PROJECT_PACKAGES))


def url_patterns(patterns=None, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    """``(route, pattern)`` of every URL pattern of the site, its route with its resolvers' prefixes."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def routes() -> list[Route]:
    """Every URL pattern of the site but the excluded ones."""
    return [Route(route, pattern.name or route) for route, pattern in url_patterns()
            if is_fuzzed(route, pattern.callback)]


_CONVERTER_RE = re.compile(r"<(?:(\w+):)?(\w+)>")


def route_of(path: str) -> Route | None:
    """The route that serves ``path``, or None when none does or it is excluded."""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    if not is_fuzzed(match.route, match.func):
        return None
    return Route(match.route, match.url_name or match.route)


def generated_paths(route: Route, values: list[str]) -> list[str]:
    """``route`` with each of its path parameters given each value (hostile or random)."""
    if "^" in route.route:  # a regular expression (``synthese/^(?P<annee>…)$``): no generated value fits
        return []
    paths = []
    for value in values:
        def fill(match):
            converter = match.group(1) or "str"
            if converter == "uuid" and value == "":
                return str(uuid.uuid4())  # a well-formed id of nothing
            return quote(value, safe="")

        paths.append("/" + _CONVERTER_RE.sub(fill, route.route))
    return paths


class _PageParser(HTMLParser):
    def __init__(self, base: str):
        super().__init__(convert_charrefs=True)
        self.base = base
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None  # name of the select whose options are being read
        self._textarea: str | None = None  # name of the textarea whose text is being read

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(urljoin(self.base, attrs["href"]))
        elif tag == "form":
            self._form = Form(urljoin(self.base, attrs.get("action") or self.base), (attrs.get("method") or "get").lower())
            self.forms.append(self._form)
        elif tag in ("input", "select", "textarea") and attrs.get("name") and self._form is not None:
            kind = attrs.get("type", tag) if tag == "input" else tag
            if attrs["name"] != "csrfmiddlewaretoken" and kind not in ("submit", "button", "image"):
                self._form.fields[attrs["name"]] = kind
                self._filled(attrs["name"], kind, attrs)
        elif tag == "option" and self._select:
            if "selected" in attrs or self._select not in self._form.values:
                self._form.values[self._select] = attrs.get("value") or ""
            if attrs.get("value"):
                self._form.choices.setdefault(self._select, []).append(attrs["value"])

    def _filled(self, name: str, kind: str, attrs: dict) -> None:
        """Note the value the browser would send as the page stands (checked boxes, selected options)."""
        self._select = name if kind == "select" else None
        self._textarea = name if kind == "textarea" else None
        if kind == "textarea":
            self._form.values[name] = ""
        elif kind not in ("checkbox", "radio", "file", "select") or "checked" in attrs:
            self._form.values[name] = attrs.get("value") or ("on" if kind in ("checkbox", "radio") else "")
        if kind in ("checkbox", "radio") and attrs.get("value"):
            self._form.choices.setdefault(name, []).append(attrs["value"])

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            self._form.values[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        if tag in ("form", "select", "textarea"):
            self._select = self._textarea = None


def parse_page(url: str, html: str) -> tuple[list[str], list[Form]]:
    """Same-site links (paths, fragments dropped) and forms of a page."""
    parser = _PageParser(url)
    parser.feed(html)
    links = []
    for link in parser.links:
        parts = urlsplit(link)
        if parts.scheme in ("http", "https", "") and parts.netloc in ("", "testserver"):
            links.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    for form in parser.forms:
        parts = urlsplit(form.action)
        form.action = parts.path
    return links, parser.forms


@dataclass
class Target:
    """A URL to fuzz (a page reached, or a route filled with generated values) and its forms."""

    path: str
    route: Route | None
    forms: list[Form]


def crawl(client, start: list[str], *, per_route: int = 2, limit: int = 120,
          more: dict[str, int] | None = None) -> list[Target]:
    """Follow same-site links from ``start``, keeping at most ``per_route`` pages of each route (``more[route]``
    for the routes it names)."""
    seen_paths: set[str] = set()
    per: dict[str, int] = {}
    queue = list(start)
    targets = []
    while queue and len(targets) < limit:
        path = queue.pop(0).split("?")[0]
        if path in seen_paths:
            continue
        seen_paths.add(path)
        route = route_of(path)
        if route is None or per.get(route.route, 0) >= (more or {}).get(route.route, per_route):
            continue
        if route.route in SLOW_WITH_REAL_VALUES:
            continue
        per[route.route] = per.get(route.route, 0) + 1
        response = client.get(path)
        forms: list[Form] = []
        if response.status_code in (301, 302) and urlsplit(response["Location"]).netloc in ("", "testserver"):
            queue.append(urlsplit(response["Location"]).path)
        elif response.status_code == 200 and "html" in response.get("Content-Type", ""):
            links, forms = parse_page(path, response.content.decode(errors="replace"))
            queue.extend(link for link in links if link.split("?")[0] not in seen_paths)
        targets.append(Target(path, route, forms))
    return targets
