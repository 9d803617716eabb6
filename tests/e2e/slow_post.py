"""A double click on a form's submit button on a slow connection, in a real browser.

A plain double click does not show the problem: Chromium replaces the first submission by the second
before the first request leaves, and the server sees one post. On a slow connection the first post
reaches the server, which creates the row, while its answer is still on its way; the second click then
makes the browser drop that navigation and send a second post, which the server processes too.

:func:`click_twice_while_the_answer_is_held` makes that happen: the first post goes to the real server
(``route.fetch``) and its answer is held, not given to the page, until the second click has been made
and any second post has gone the same way; then every answer is given. The route handler never waits
for the test: Playwright's sync API runs route handlers on the loop the test's own calls run on, so a
handler waiting for the test's second click would wait for ever. It stores the answer and returns; the
test, polling with ``page.wait_for_timeout`` (which lets the handlers run), fulfils the routes itself.
Every wait is bounded.
"""
import time

from playwright.sync_api import Error

# How long a second post is waited for after the second click: without the guard, Chromium sends it
# within milliseconds; with it, none comes and the test waits this long.
SECOND_POST_WAIT = 2.0
POLL_MS = 50


def _wait_until(page, condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        page.wait_for_timeout(POLL_MS)
    return True


def click_twice_while_the_answer_is_held(page, button: str, *, timeout: float = 20.0) -> int:
    """Click ``button`` (a selector), wait for the server to have answered the post without letting the
    page have the answer, click it again, then let the page have every answer. Returns the number of
    posts that reached the server; the page is left loading the answer it keeps."""
    action = page.locator(button).evaluate("button => button.formAction || button.form.action")
    action = action.split("#")[0]  # the request's URL has no fragment
    arrived, answered = [], []

    def hold(route):
        if route.request.method != "POST":
            route.fallback()
            return
        arrived.append(route)
        # The server's own answer: a redirection is given to the page as it is, for it to follow.
        answered.append((route, route.fetch(max_redirects=0, timeout=timeout * 1000)))

    def posted_to(url: str) -> bool:
        return url == action

    # The mouse, at the button's place: a locator's click would wait for the first navigation to end.
    page.locator(button).scroll_into_view_if_needed(timeout=timeout * 1000)
    box = page.locator(button).bounding_box(timeout=timeout * 1000)
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.route(posted_to, hold)
    try:
        page.mouse.click(x, y)
        if not _wait_until(page, lambda: answered, timeout):
            raise AssertionError(f"the first post to {action} got no answer within {timeout} s")
        page.mouse.click(x, y)
        _wait_until(page, lambda: len(arrived) > 1, SECOND_POST_WAIT)
        if not _wait_until(page, lambda: len(answered) == len(arrived), timeout):
            raise AssertionError(f"a second post to {action} got no answer within {timeout} s")
    finally:
        for route, response in answered:
            try:
                route.fulfill(response=response)
            except Error:  # the navigation the browser dropped for the second post
                pass
        page.unroute(posted_to, hold)
    return len(arrived)
