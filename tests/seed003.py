"""Independent parser of seed 003 (Semaine de la persévérance scolaire, synthèse nationale 2015-2016).

Pure Python, no Django. It reads the raw seed text (not fiches/demo_data/semaine_2015_2016.json) so
that tests can compare three things: the seed, the JSON data file and the database.

    example_headings_by_academie(path) -> dict[str, list[str]]

returns, for every académie that has an "Exemples d'actions mises en œuvre dans l'Académie …"
heading, the list of its top-level example heading lines, in document order. Each heading is returned
without its leading "➤ " or "- " and without the "**" bold markers, i.e. exactly the
"heading_raw" of the JSON examples. Académies with no example (Strasbourg, Toulouse: "Les données
… ne sont pas disponibles.") are present with an empty list.

Académie names use the JSON "academie" spelling: the text after "l'Académie de " / "l'Académie d'"
in the heading, with its first letter upper-cased (so "la Réunion" -> "La Réunion"; all others
are unchanged, e.g. "Aix-Marseille", "Orléans-Tours", "Nancy-Metz", "Clermont-Ferrand").

Rules and special cases handled:

* A section starts at a line beginning with "Exemples d'actions mises en œuvre dans l'Académie"
  and ends at the next such line, at the next académie opening line ("L'Académie … a organisé …",
  "La première édition de la Semaine …", "Les données de l'Académie … ne sont pas disponibles."),
  or at "CONCLUSION".
* Top-level examples are lines starting with "➤ " (95 in the seed).
* Aix-Marseille writes its two top-level examples as whole-line bold bullets
  ("- **MATLAN : …, Briançon (Prix du public)**"). A bullet is taken as a top-level example only
  if the WHOLE line is bold ("- **…**") AND the section has no "➤" line at all.
* Lyon's sub-actions ("- **Travailler son parcours** : …", "- **Elèves ambassadeurs** : …") are
  bold-prefixed bullets under a "➤" parent: they are NOT whole-line bold and their section has ➤
  lines, so they are never counted (they are "items" in the JSON).
* Plain "- " bullets (e.g. the partner establishments in Aix-Marseille's "La boîte sonore",
  training contents, themes) are description text, never examples.
* Paragraphs before the first example in a section (Expérithèque notes of Guyane, Paris, Poitiers,
  Reims, Rennes; the Versailles teaser and its link; the "données non disponibles" line) are not
  examples.
* Poitiers' "Bien vivre sa scolarité" sub-actions are plain paragraphs, hence not counted.
"""
import re

EXAMPLES_RE = re.compile(r"^Exemples d'actions mises en œuvre dans l'Académie (?:de |d')(.+?)\s*$")
ACADEMIE_START_RE = re.compile(
    r"^(?:L'Académie (?:de |d').+? a organisé (?:en|le|durant) "
    r"|La première édition de la Semaine de la persévérance scolaire dans l'Académie "
    r"|Les données de l'Académie .+ ne sont pas disponibles\.)"
)
ARROW_RE = re.compile(r"^➤\s*(.+?)\s*$")
BOLD_BULLET_RE = re.compile(r"^- \*\*(.+)\*\*\s*$")


def _clean(heading):
    heading = heading.strip()
    if heading.startswith("**") and heading.endswith("**") and len(heading) > 4:
        heading = heading[2:-2].strip()
    return heading


def _academie_name(raw):
    raw = raw.strip()
    return raw[:1].upper() + raw[1:]


def example_headings_by_academie(path):
    """Return {académie: [top-level example heading, ...]} parsed from the raw seed 003 text."""
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().splitlines()

    result = {}
    sections = []  # (name, [arrow headings], [whole-line bold bullet headings])
    current = None
    for line in lines:
        stripped = line.rstrip()
        m = EXAMPLES_RE.match(stripped)
        if m:
            current = (_academie_name(m.group(1)), [], [])
            sections.append(current)
            continue
        if stripped == "CONCLUSION" or ACADEMIE_START_RE.match(stripped):
            current = None
            continue
        if current is None:
            continue
        m = ARROW_RE.match(stripped)
        if m:
            current[1].append(_clean(m.group(1)))
            continue
        m = BOLD_BULLET_RE.match(stripped)
        if m and "** : " not in stripped:
            current[2].append(_clean(m.group(1)))

    for name, arrows, bold in sections:
        headings = arrows if arrows else bold
        result.setdefault(name, []).extend(headings)
    return result


def example_counts_by_academie(path):
    """Convenience: {académie: number of top-level examples}."""
    return {name: len(h) for name, h in example_headings_by_academie(path).items()}


if __name__ == "__main__":  # pragma: no cover - manual check
    import sys

    counts = example_counts_by_academie(sys.argv[1] if len(sys.argv) > 1 else
                                        "tests/data/seed_003_synthese_2015_2016.txt")
    for name, n in counts.items():
        print(f"{name}: {n}")
    print("total:", sum(counts.values()), "académies:", len(counts))
