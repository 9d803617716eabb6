"""A user who has only a keyboard, in Chromium through Playwright: Tab and Shift+Tab from stop to stop, the other
keys where the focus is. At every stop the focused element must show that it has the focus and be on screen; the
page must never scroll sideways (WCAG 2.4.7 focus visible, 1.4.10 reflow)."""

# An ordinary school computer: a 1280×1024 window, at 100 %, zoomed to 200 % and to 400 % (320 CSS pixels wide).
WINDOWS = {
    "1280px": {"viewport": {"width": 1280, "height": 1024}},
    "zoom-200": {"viewport": {"width": 640, "height": 512}, "device_scale_factor": 2},
    "320px": {"viewport": {"width": 320, "height": 256}, "device_scale_factor": 4},
}

# The focused element (a check box or a radio is drawn by its label), as it looks focused and unfocused: the focus
# indicator is whatever differs (outline, box-shadow, colours, underline, on the element or its pseudo-elements).
# It is on screen when at least 16 square pixels of it (or of its label) are inside the window and inside every
# ancestor that clips it; a smooth scroll towards it is waited for.
FOCUS = r"""async () => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const parts = [el, ...(el.labels ? Array.from(el.labels) : [])];
  const style = (node, pseudo) => { const s = getComputedStyle(node, pseudo);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor, s.borderColor,
            s.textDecorationLine, s.color].join("|"); };
  const looks = () => parts.flatMap(node => [style(node, null), style(node, "::before"), style(node, "::after")]);
  const clip = (box, b) => [Math.max(box[0], b.left), Math.max(box[1], b.top), Math.min(box[2], b.right),
                            Math.min(box[3], b.bottom)];
  const onScreen = node => {
    if (getComputedStyle(node).visibility === "hidden") return 0;
    let box = clip([0, 0, innerWidth, innerHeight], node.getBoundingClientRect());
    for (let a = node.parentElement; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      const clips = s.overflowX !== "visible" || s.overflowY !== "visible" || s.clip !== "auto";
      if (clips) box = clip(box, a.getBoundingClientRect());
    }
    return Math.max(0, box[2] - box[0]) * Math.max(0, box[3] - box[1]); };
  const shown = () => parts.some(node => onScreen(node) >= 16);
  for (let i = 0; i < 40 && !shown(); i++) await new Promise(done => setTimeout(done, 25));
  const focused = looks();
  el.blur();
  const unfocused = looks();
  el.focus({preventScroll: true});
  const words = (el.getAttribute("aria-label") || el.innerText || el.value || "").trim().slice(0, 60);
  return {name: el.tagName.toLowerCase() + (el.id && "#" + el.id) + " « " + words + " »",
          indicated: focused.some((look, i) => look !== unfocused[i]), shown: shown()};
}"""

IS = """([selector, container, text]) => { const el = document.activeElement;
  return el.matches(selector) && (!text || (el.closest(container) || el).innerText.includes(text)); }"""

SIDEWAYS = "() => [document.scrollingElement.scrollWidth, innerWidth]"


class Keyboard:
    """The keyboard of one page; every stop it reaches is checked."""

    def __init__(self, page, window: str):
        self.page = page
        self.window = window
        self.stops = 0

    def check_focus(self) -> dict:
        state = self.page.evaluate(FOCUS)
        where = f"{self.page.url} ({self.window})"
        assert state, f"le focus a quitté la page {where}"
        assert state["indicated"], f"{state['name']} a le focus sans le montrer sur {where}"
        assert state["shown"], f"{state['name']} a le focus hors de l'écran sur {where}"
        self.stops += 1
        return state

    def press(self, key: str) -> dict:
        self.page.keyboard.press(key)
        return self.check_focus()

    def is_at(self, selector: str, text: str = "", container: str = "tr") -> bool:
        return self.page.evaluate(IS, [selector, container, text])

    def tab_to(self, selector: str, text: str = "", *, container: str = "tr", back: bool = False, limit: int = 120):
        """Tab (Shift+Tab) until the focus is on ``selector`` (inside a ``container`` that reads ``text``)."""
        for _ in range(limit):
            self.press("Shift+Tab" if back else "Tab")
            if self.is_at(selector, text, container):
                return
        raise AssertionError(f"{selector} {text} n'est pas atteint au clavier sur {self.page.url} ({self.window})")

    def follow(self, key: str = "Enter"):
        """Press ``key`` where the focus is and wait for the page it leads to."""
        with self.page.expect_navigation():
            self.page.keyboard.press(key)
        self.page.wait_for_load_state()
        self.assert_no_sideways_scroll()

    def assert_no_sideways_scroll(self):
        width, window = self.page.evaluate(SIDEWAYS)
        assert width <= window, f"{self.page.url} défile de côté ({width} px pour {window}) ({self.window})"

    def skip_to_content(self, link: str = "Contenu", content: str = "#content"):
        """The first stop of the page is its skip link to the content, which moves the focus into it."""
        first = self.press("Tab")
        assert link in first["name"], f"premier arrêt : {first['name']} ({self.page.url}, {self.window})"
        target = self.page.evaluate("document.activeElement.getAttribute('href')")
        self.page.keyboard.press("Enter")  # the page's anchor, or the focus on the content (Wagtail's skip link)
        self.page.wait_for_function(
            "([target, content]) => location.hash === target || document.activeElement.matches(content)",
            arg=[target, content], timeout=3000)
        self.press("Tab")
        assert self.page.evaluate("sel => !!document.activeElement.closest(sel)", content), self.check_focus()["name"]


def log_in(keyboard: Keyboard, base: str, username: str, password: str, target: str):
    """Wagtail's login form with the keyboard: the user name has the focus when the page opens."""
    keyboard.page.goto(f"{base}/admin/login/?next={target}")
    keyboard.assert_no_sideways_scroll()
    assert keyboard.check_focus()["name"].startswith("input#id_username")
    keyboard.page.keyboard.type(username)
    keyboard.tab_to("#id_password")
    keyboard.page.keyboard.type(password)
    keyboard.follow()
    assert keyboard.page.url.startswith(base + target), keyboard.page.url
