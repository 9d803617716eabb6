"""Structural accessibility checks of rendered pages (RGAA basics that markup alone decides)."""
from html.parser import HTMLParser


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.headings: list[int] = []
        self.tags: list[tuple[str, dict]] = []
        self.label_for: set[str] = set()
        self.lang = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "html":
            self.lang = attrs.get("lang")
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self.headings.append(int(tag[1]))
        if tag == "label" and attrs.get("for"):
            self.label_for.add(attrs["for"])


def problems(html: str) -> list[str]:
    """Return what breaks the basics: language, landmarks, skip links, headings, labels, images."""
    page = _Collector()
    page.feed(html)
    found = []
    if page.lang != "fr":
        found.append(f"langue de la page : {page.lang!r}")
    roles = {attrs.get("role") for _tag, attrs in page.tags}
    tags = {tag for tag, _attrs in page.tags}
    for role in ("banner", "main", "contentinfo", "navigation"):
        if role not in roles:
            found.append(f"repère ARIA absent : {role}")
    if "main" not in tags:
        found.append("élément <main> absent")
    if not any(tag == "a" and attrs.get("href") == "#content" for tag, attrs in page.tags):
        found.append("lien d'évitement vers #content absent")
    if not any(attrs.get("id") == "content" for _tag, attrs in page.tags):
        found.append("cible #content absente")
    if page.headings.count(1) != 1:
        found.append(f"{page.headings.count(1)} titres h1 au lieu d'un")
    for previous, current in zip(page.headings, page.headings[1:]):
        if current > previous + 1:
            found.append(f"saut de niveau de titre h{previous} → h{current}")
    for tag, attrs in page.tags:
        if tag == "img" and "alt" not in attrs:
            found.append(f"image sans alternative : {attrs.get('src')}")
        if tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden", "submit", "button"):
            if attrs.get("id") not in page.label_for and not attrs.get("aria-label") and not attrs.get("title"):
                found.append(f"champ sans étiquette : {attrs.get('name') or attrs.get('id')}")
    return found
