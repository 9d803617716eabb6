"""A small crawler for a served portal: pages, then every stylesheet, script, font and image they link
(with the url() of the stylesheets), each fetched once, as a browser behind the deployment's proxy
would ask for them (Host, X-Forwarded-Proto, cookies, CSRF)."""
from __future__ import annotations

import base64
import http.client
import re
import urllib.parse
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie

from .servers import Server

CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
ASSET_LINK_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload", "manifest",
                   "mask-icon"}
# Links a crawl never follows: the admin, logging out, anything that deletes.
SKIPPED = re.compile(r"^/(admin|django-admin)/|logout|deconnexion|supprimer|retirer|delete", re.I)


@dataclass
class Response:
    url: str
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "").split(";")[0].strip()

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class Client:
    """One visitor: keeps its cookies, sends the Host and the proxy's X-Forwarded-Proto."""

    def __init__(self, server: Server):
        self.server = server
        self.cookies: dict[str, str] = {}
        scheme = "https" if server.behind_https_proxy else "http"
        self.public_origin = f"{scheme}://{server.host}"

    def _headers(self, extra: dict | None = None) -> dict:
        headers = {"Host": self.server.host, "User-Agent": "accroche-deploy-crawl", "Accept-Language": "fr"}
        if self.server.behind_https_proxy:
            headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return headers | (extra or {})

    def local_path(self, url: str) -> str | None:
        """The path (and query) of a URL of this site; None for another site's."""
        parts = urllib.parse.urlsplit(urllib.parse.urljoin(self.public_origin + "/", url))
        if parts.scheme not in ("http", "https") or parts.netloc != self.server.host:
            return None
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None) -> Response:
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=120)
        try:
            conn.request(method, urllib.parse.quote(path, safe="/?&=%:+,;@!$'()*~"), body=body,
                         headers=self._headers(headers))
            raw = conn.getresponse()
            response = Response(path, raw.status, raw.headers, raw.read())
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, path: str, follow: bool = True) -> Response:
        response = self.request("GET", path)
        for _ in range(5):
            location = response.headers.get("Location")
            if not follow or response.status not in (301, 302, 303, 307, 308) or not location:
                break
            target = self.local_path(location)
            assert target, f"{path} redirige hors du site : {location}"
            response = self.request("GET", target)
        return response

    def post_form(self, page: Response, fields: dict) -> Response:
        """Submit the first form of ``page`` (its hidden inputs, CSRF token included) with ``fields``."""
        form = FormReader.first_form(page.text)
        data = form["inputs"] | fields
        action = self.local_path(urllib.parse.urljoin(self.public_origin + page.url, form["action"] or page.url))
        response = self.request("POST", action, body=urllib.parse.urlencode(data).encode(), headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": self.public_origin, "Referer": self.public_origin + page.url,
        })
        location = response.headers.get("Location")
        if response.status in (301, 302, 303) and location:
            return self.get(self.local_path(location))
        return response

    def log_in(self, username: str, password: str, next_path: str) -> Response:
        """Through the real login form; then the second-factor form when the deployment asks for one
        (enrolment shows the TOTP key: the code is computed from it, as an authenticator app would)."""
        page = self.get(f"/admin/login/?next={urllib.parse.quote(next_path)}")
        assert page.status == 200, f"formulaire de connexion : {page.status}"
        response = self.post_form(page, {"username": username, "password": password})
        if 'name="code"' in response.text:
            shown = re.search(r'id="otp-secret">([A-Z2-7=]+)<', response.text)
            if shown:
                TOTP_KEYS[username] = shown.group(1)
            assert username in TOTP_KEYS, "double authentification demandée à un compte sans clé connue de ce test"
            response = self.post_form(response, {"code": totp(TOTP_KEYS[username])})
        return response


# The TOTP keys this test run enrolled, by username (a later login is asked for the code only).
TOTP_KEYS: dict[str, str] = {}


def totp(base32_secret: str) -> str:
    from django_otp.oath import totp as oath_totp

    return f"{oath_totp(base64.b32decode(base32_secret)):06d}"


class FormReader(HTMLParser):
    """The forms of a page: action and the values of their inputs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action"), "inputs": {}})
        elif tag == "input" and self.forms and attrs.get("name") and attrs.get("type") not in ("submit", "checkbox"):
            self.forms[-1]["inputs"][attrs["name"]] = attrs.get("value") or ""

    @classmethod
    def first_form(cls, html: str) -> dict:
        reader = cls()
        reader.feed(html)
        forms = [f for f in reader.forms if "csrfmiddlewaretoken" in f["inputs"]]
        assert forms, "aucun formulaire avec jeton CSRF dans la page"
        return forms[0]


class PageReader(HTMLParser):
    """Links to follow and assets to fetch in one HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.assets: list[str] = []
        self.inline_css: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "link" and attrs.get("href"):
            rels = set((attrs.get("rel") or "").lower().split())
            if rels & ASSET_LINK_RELS:
                self.assets.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.assets.append(attrs["src"])
        elif tag in ("img", "source", "video", "audio", "input", "embed", "track"):
            for name in ("src", "poster"):
                if attrs.get(name):
                    self.assets.append(attrs[name])
            for candidate in (attrs.get("srcset") or "").split(","):
                if candidate.strip():
                    self.assets.append(candidate.split()[0])
        elif tag == "use":
            href = attrs.get("href") or attrs.get("xlink:href") or ""
            if href and not href.startswith("#"):
                self.assets.append(href.split("#")[0])
        elif tag == "style":
            self._in_style = True
        if attrs.get("style"):
            self.inline_css.append(attrs["style"])

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.inline_css.append(data)


def css_references(css: str) -> list[str]:
    refs = []
    for match in CSS_URL.finditer(css):
        ref = (match.group(2) or match.group(4) or "").strip()
        if ref and not ref.startswith(("data:", "#", "about:")):
            refs.append(ref)
    return refs


def shape(path: str, app_prefixes: frozenset[str]) -> str:
    """Pages of one kind share a shape: a segment holding a digit (an id, a year, a token) becomes 0
    (its file extension kept); a CMS page's segments become *."""
    parts = urllib.parse.urlsplit(path)
    segments = [re.sub(r"^[^.]*\d[^.]*", "0", s) for s in parts.path.strip("/").split("/") if s]
    if segments and segments[0] not in app_prefixes:
        segments = ["*"] * len(segments)
    suffix = segments[-1].rsplit(".", 1)[-1] if segments and "." in segments[-1] else ""
    keys = sorted(urllib.parse.parse_qs(parts.query))
    return "/".join(segments) + f"|{suffix}|" + ",".join(keys)


@dataclass
class CrawlReport:
    pages: dict[str, int] = field(default_factory=dict)
    assets: dict[str, int] = field(default_factory=dict)
    outside: set[str] = field(default_factory=set)
    headers: dict[str, http.client.HTTPMessage] = field(default_factory=dict)
    asset_headers: dict[str, http.client.HTTPMessage] = field(default_factory=dict)

    def failures(self) -> list[str]:
        return [f"{status} {url}" for url, status in {**self.pages, **self.assets}.items() if status != 200]


def crawl(client: Client, seeds: list[str], *, within: str = "/", app_prefixes: frozenset[str],
          per_shape: int = 2, max_pages: int = 80, max_depth: int = 2) -> CrawlReport:
    """Breadth-first from ``seeds`` (all fetched), following links under ``within``; then the assets."""
    report = CrawlReport()
    queue = deque((seed, 0) for seed in seeds)
    seen_shapes: dict[str, int] = {}
    queued = set(seeds)
    assets: set[str] = set()
    while queue and len(report.pages) < max_pages:
        path, depth = queue.popleft()
        response = client.get(path)
        report.pages[path] = response.status
        report.headers[path] = response.headers
        if response.status != 200 or response.content_type != "text/html":
            continue
        reader = PageReader()
        reader.feed(response.text)
        base = client.public_origin + path
        for ref in reader.assets + [r for css in reader.inline_css for r in css_references(css)]:
            local = client.local_path(urllib.parse.urljoin(base, ref))
            (assets.add(local) if local else report.outside.add(ref))
        if depth >= max_depth:
            continue
        for href in reader.links:
            local = client.local_path(urllib.parse.urljoin(base, href.split("#")[0])) if href.strip() else None
            if not local or local in queued or not local.startswith(within) or SKIPPED.search(local):
                continue
            key = shape(local, app_prefixes)
            if seen_shapes.get(key, 0) >= per_shape:
                continue
            seen_shapes[key] = seen_shapes.get(key, 0) + 1
            queued.add(local)
            queue.append((local, depth + 1))
    _fetch_assets(client, assets, report)
    return report


def _fetch_assets(client: Client, assets: set[str], report: CrawlReport) -> None:
    pending = set(assets)
    with ThreadPoolExecutor(max_workers=4) as pool:
        while pending:
            batch = sorted(pending - set(report.assets))
            pending = set()
            for path, response in zip(batch, pool.map(client.request, ["GET"] * len(batch), batch)):
                report.assets[path] = response.status
                report.asset_headers[path] = response.headers
                if response.status == 200 and response.content_type == "text/css":
                    for ref in css_references(response.text):
                        local = client.local_path(urllib.parse.urljoin(client.public_origin + path, ref))
                        if local and local not in report.assets:
                            pending.add(local)
                        elif not local:
                            report.outside.add(ref)
