"""From sections (the same for every format) to fiche data, schema fiche-1.

Each usual heading has a handler that places its lines; a line no handler can
place is quoted in ``not_understood``. Headings that are not usual headings
are read as the workflow diagram of seed 000: the heading level just above the
first « ACTEURS » box is the level of steps, a shallower one names the campaign
and carries its dates, deeper ones are boxes of the current step.
"""
from __future__ import annotations

import datetime as dt
import re

from ..ordinals import clean_ordinals
from . import limits, vocabulary
from .base import ImportResult
from .dates import looks_like_date, parse_range, school_year_of
from .headings import ACTORS_HEADING, clean_item, is_actors_heading, normalize, strip_bullet
from .places import academie_code, locate
from .sections import Section

SCHEMA = "accroche.fiche/1"
LABEL_RE = re.compile(r"^([^:]{1,90}?)\s*:\s*(.*)$")
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
ACTOR_SPLIT_RE = re.compile(r"\s+[-–—/]\s+|\s*,\s*|\s+[-–—]$")
# « groupes de 4/5 élèves par atelier et 8/9 sur les ateliers de CPS »
GROUP_SIZE_RE = re.compile(
    r"(\d+)\s*(?:/|-|à|a|ou)\s*(\d+)(?:\s+élèves)?\s+(?:par atelier|(?:sur|pour|dans) les ateliers (?:de |d')?(\w+))",
    re.IGNORECASE,
)


def map_sections(sections: list[Section]) -> ImportResult:
    return _Mapper(sections).run()


def _label(line: str) -> tuple[str, str] | None:
    """« Etablissement : LP Antoine LOMET » -> (« etablissement », « LP Antoine LOMET »)."""
    match = LABEL_RE.match(strip_bullet(line))
    return (normalize(match.group(1)), match.group(2).strip()) if match else None


def _is_subheading(line: str) -> bool:
    """« Scolarité : », « Questionnaire de satisfaction élèves : »: a line that names the next ones."""
    return line.rstrip().endswith(":") and len(line) < 120


def _prune(value):
    """Drop empty values (None, "", [], {}) from dicts, recursively."""
    if isinstance(value, dict):
        pruned = {key: _prune(item) for key, item in value.items()}
        return {key: item for key, item in pruned.items() if item not in (None, "", [], {})}
    if isinstance(value, list):
        return [_prune(item) for item in value]
    return value


class _Mapper:
    def __init__(self, sections: list[Section]):
        self.sections = sections
        self.data: dict = {"schema": SCHEMA}
        self.lead: dict = {}
        self.not_understood: list[str] = []
        self.programme: list[str] = []
        self.step_level = self._step_level()
        self.step: dict | None = None
        self.campaign: list[str] = []

    def run(self) -> ImportResult:
        for section in self.sections:
            limits.check_time()
            if section.key:
                self.step = None
                getattr(self, f"_{section.key}")(section)
            else:
                self._diagram(section)
        return ImportResult(data=self._finish(), not_understood=self.not_understood)

    def _reject(self, lines) -> None:
        self.not_understood.extend(f"« {line} »" for line in lines)

    # --- usual headings ------------------------------------------------------

    def _title(self, section):
        parts = [line.strip(" –—-") for line in section.lines]
        self.data["title"] = clean_ordinals(" – ".join(part for part in parts if part))[:255]

    def _summary(self, section):
        self.data["summary"] = " ".join(strip_bullet(line) for line in section.lines)

    def _place(self, section):
        for line in section.lines:
            label = _label(line)
            key, value = label if label else ("", "")
            if key.startswith(("ville", "commune", "localite", "lieu")) and value:
                self.data["location_text"] = value
                self.lead.update(locate(value))
            elif key.startswith(("etablissement", "structure")) and value:
                self.lead["name"] = value
            elif key in ("uai", "code uai", "rne") and re.fullmatch(r"\d{7}[A-Za-z]", value):
                self.lead["uai"] = value.upper()
            elif key == "bassin" and value:
                self.lead["bassin"] = value
            elif key.startswith("academie") and academie_code(value):
                self.lead["academie"] = academie_code(value)
            else:
                self._reject([line])

    def _public(self, section):
        description = []
        for line in section.lines:
            label = _label(line)
            if label and ("fille" in label[0] or "garcon" in label[0]):
                self.data["girls_boys_share"] = label[1]
            elif label and label[0].startswith("public"):
                description.append(label[1])
            else:
                description.append(strip_bullet(line))
        self.data["public_description"] = "\n".join(description)

    def _theme(self, section):
        self.data["theme_text"] = " ".join(strip_bullet(line) for line in section.lines)

    def _objectives(self, section):
        self.data.setdefault("objectives", []).extend(clean_item(line) for line in section.lines)

    def _description(self, section):
        self._programme(section)

    def _programme(self, section):
        workshops = self.data.setdefault("workshops", [])
        in_workshops = False
        for paragraph in section.paragraphs:
            kept = []
            for line in paragraph:
                is_bullet = strip_bullet(line) != line
                if in_workshops and is_bullet:
                    workshops.append(_workshop(line))
                    continue
                in_workshops = _is_subheading(line) and "atelier" in normalize(line)
                if not in_workshops:
                    kept.append(line)
            if kept and normalize(kept[0]).startswith("communication"):
                self.data["communication"] = " ".join(kept)
            elif kept:
                self.programme.append("\n".join(kept))

    def _means(self, section):
        means = self.data.setdefault("means", [])
        for line in section.lines:
            text = clean_item(line)
            means.append({"kind": vocabulary.means_kind(text), "text": text})

    def _results(self, section):
        self._effects(section)

    def _effects(self, section):
        for source, line in _grouped(section.lines):
            self.data.setdefault("effects", []).append({"kind": "observed", "source": source, "text": line})

    def _indicators(self, section):
        for category, line in _grouped(section.lines):
            self.data.setdefault("indicators", []).append({"category": category, "label": line})

    def _organisation(self, section):
        self._reject(section.lines)

    def _internal_roles(self, section):
        self.data.setdefault("internal_roles", []).extend(clean_item(line) for line in section.lines)

    def _external_partners(self, section):
        self.data["external_partners_text"] = "\n".join(clean_item(line) for line in section.lines)

    def _contact(self, section):
        contact = self.data.setdefault("contact", {})
        for line in section.lines:
            if email := EMAIL_RE.search(line):
                contact["email"] = email.group(0)
            elif label := _label(line):
                contact["name"] = label[1]
            else:
                contact["name"] = strip_bullet(line)

    # --- workflow diagram ----------------------------------------------------

    def _step_level(self) -> int | None:
        for index, section in enumerate(self.sections):
            if normalize(section.heading) == ACTORS_HEADING and section.level:
                for previous in reversed(self.sections[:index]):
                    if previous.key is None and previous.level and previous.level < section.level:
                        return previous.level
        return None

    def _diagram(self, section):
        level = section.level
        if self.step_level is None or level is None:
            self._reject(([section.heading] if section.heading else []) + section.lines)
        elif level == self.step_level:
            self.step = {"name": section.heading, "actors": [], "tools": [], "dates": [], "notes": []}
            self.data.setdefault("steps", []).append(self.step)
            paragraphs = section.paragraphs
            if paragraphs:
                self.step["description"] = "\n".join(paragraphs[0])
            self._fragments(paragraphs[1:])
        elif level < self.step_level:
            self.step = None
            self._campaign(section)
        elif self.step is not None:
            self._box(section)
        else:
            self._reject([section.heading] + section.lines)

    def _campaign(self, section):
        self.campaign.append(section.heading)
        for line in section.lines:
            dates = parse_range(line)
            if dates and "start_date" not in self.data:
                self.data["duration_text"] = line
                self.data["start_date"], self.data["end_date"] = (day.isoformat() for day in dates)
            else:
                self._reject([line])

    def _box(self, section):
        """A box of the current step: its actors (« ACTEURS », « COORDINATION Mily ») or a label."""
        paragraphs = list(section.paragraphs)
        words = normalize(section.heading)
        if words != ACTORS_HEADING:
            if is_actors_heading(section.heading):
                self.step["actors"].append(section.heading)
            else:
                self.step["notes"].append(section.heading)
        if paragraphs and (is_actors_heading(section.heading) or _looks_like_actors(paragraphs[0])):
            self.step["actors"].extend(_actors(paragraphs.pop(0)))
        self._fragments(paragraphs)

    def _fragments(self, paragraphs):
        for paragraph in paragraphs:
            text = " ".join(paragraph)
            if looks_like_date(text):
                self.step["dates"].append(text)
            elif vocabulary.is_tool(text):
                self.step["tools"].append(text)
            else:
                self.step["notes"].append(text)

    # --- result --------------------------------------------------------------

    def _finish(self) -> dict:
        data = self.data
        if self.programme:
            data["programme"] = [{"type": "paragraph", "text": "\n\n".join(self.programme)}]
            data.setdefault("summary", _first_sentences(" ".join(self.programme)))
        _apply_group_sizes(data.get("workshops", []), "\n".join(self.programme))
        for step in data.get("steps", []):
            step["dates_text"] = " ; ".join(step.pop("dates"))
            step["notes"] = "\n".join(step["notes"])
        if self.lead:
            self.lead.setdefault("kind", vocabulary.establishment_kind(self.lead.get("name", "")))
            data["lead_structure"] = self.lead
            data["academie"] = self.lead.get("academie")
        if data.get("start_date"):
            data["school_years"] = [school_year_of(dt.date.fromisoformat(data["start_date"]))]
        data["levels"] = vocabulary.slugs_in(data.get("public_description", ""), vocabulary.LEVEL_WORDS)
        data["publics"] = vocabulary.slugs_in(data.get("public_description", ""), vocabulary.PUBLIC_WORDS)
        data["themes"] = vocabulary.slugs_in(data.get("theme_text", ""), vocabulary.THEME_WORDS)
        naming = " ".join([data.get("title", ""), *self.campaign])
        data["dispositifs"] = vocabulary.slugs_in(naming, vocabulary.DISPOSITIF_WORDS)
        return _prune(data)


def _first_sentences(text: str, limit: int = 300) -> str:
    """The summary a document without « Résumé » states first: its programme's opening sentences."""
    sentences = re.split(r"(?<=[.!?])\s+", " ".join(text.split()))
    summary = sentences[0]
    for sentence in sentences[1:]:
        if len(summary) + 1 + len(sentence) > limit:
            break
        summary += " " + sentence
    return summary[:limit]


def _grouped(lines):
    """Yield (group, item) pairs: a line ending with a colon names the items after it."""
    group = None
    for line in lines:
        if _is_subheading(line):
            group = clean_item(line.rstrip(": "))
        elif clean_item(line):
            yield group, clean_item(line)


def _workshop(line: str) -> dict:
    """« CPS : connaissance de soi et gestion des émotions » -> name and description."""
    text = clean_item(line)
    name, _sep, description = text.partition(" : ")
    return {"name": name.strip(), "description": description.strip() or None}


def _apply_group_sizes(workshops: list[dict], programme: str) -> None:
    default, specific = None, {}
    for low, high, target in GROUP_SIZE_RE.findall(programme):
        sizes = (int(low), int(high))
        if target:
            specific[normalize(target)] = sizes
        else:
            default = sizes
    for workshop in workshops:
        name_words = normalize(workshop["name"]).split()
        sizes = next((sizes for target, sizes in specific.items() if target in name_words), default)
        if sizes:
            workshop["group_size_min"], workshop["group_size_max"] = sizes


def _looks_like_actors(paragraph: list[str]) -> bool:
    text = " ".join(paragraph)
    return " - " in text and text.upper() == text


def _actors(paragraph: list[str]) -> list[str]:
    return [actor.strip(" -–—") for actor in ACTOR_SPLIT_RE.split(" ".join(paragraph)) if actor.strip(" -–—")]
