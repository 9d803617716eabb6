"""axe-core (npm, vendored in tests/vendor/axe-core by portal/frontend) run inside the page under test."""
from pathlib import Path

AXE_SOURCE = Path(__file__).resolve().parents[1] / "vendor" / "axe-core" / "axe.min.js"

RUN = """async () => { axe.reset(); return (await axe.run(document, {resultTypes: ["violations"]})).violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 4).map(n => n.target.join(" "))})); }"""


def violations(page) -> list[dict]:
    """Every axe violation of the page as it is now, whatever its impact, by our copy of axe with its standard
    rules (the Wagtail admin loads its own axe, configured with editorial content checks)."""
    if not page.evaluate("window.accrocheAxe === true"):
        page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))
        page.evaluate("window.accrocheAxe = true")
    return page.evaluate(RUN)


# No CSS transition is under way (CSS animations may run for long: Wagtail's badge pings for 25 s).
TRANSITIONS_ENDED = """() => document.getAnimations().every(a => !(a instanceof CSSTransition) || a.playState !== "running")"""


def assert_accessible(page, what: str) -> None:
    # axe reads colours as they are drawn: Wagtail's « .error » message, half faded in (a 500 ms opacity and top
    # transition on a phone), failed color-contrast in two fresh-clone runs out of four.
    page.wait_for_function(TRANSITIONS_ENDED, timeout=5_000)
    found = violations(page)
    assert not found, f"{what} ({page.url}) : " + "; ".join(f"{v['id']} [{v['impact']}] {v['nodes']}" for v in found)
