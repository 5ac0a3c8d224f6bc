"""What every browser journey uses: launching Debian's Chromium, signing in through the real form, and
checking each page a journey visits with axe-core.

The check is automatic. `page.goto`, `submit` and `follow` run axe on the page they arrive at, and the
`page` fixture fails the test at teardown if the browser loaded any page that was never checked (a link
clicked directly with Playwright, say). A server error (HTTP 5xx) or a JavaScript error on any page fails
the next check too.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.urls import reverse
from playwright.sync_api import Page, Response, expect

REPO = Path(__file__).resolve().parents[2]

# Debian's Chromium: Playwright's own browser download is not used (and is blocked on this network).
CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
MISSING_CHROMIUM = (
    f"Chromium is missing at {CHROMIUM_PATH}. The browser tests drive Debian's Chromium, not a browser "
    "downloaded by Playwright: install it with `sudo apt-get install chromium` (or `make install-browser`), "
    "or point CHROMIUM_PATH at a Chromium binary. Never run `playwright install`."
)

# axe-core from npm (`npm ci`); `make install-frontend` also copies it into the static folder.
AXE_CANDIDATES = [
    REPO / "node_modules" / "axe-core" / "axe.min.js",
    REPO / "src" / "sendcase" / "static" / "vendor" / "axe.min.js",
]
MISSING_AXE = (
    "axe-core is missing: run `npm ci` (or `make install-frontend`) so that "
    "node_modules/axe-core/axe.min.js exists."
)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Playwright's waits, in milliseconds: generous for a loaded CI machine, never a fixed sleep.
TIMEOUT_MS = 15_000


def axe_path() -> Path | None:
    return next((path for path in AXE_CANDIDATES if path.is_file()), None)


# --- the automatic check ----------------------------------------------------------------------------


@dataclass
class PageRecord:
    """What happened on one page object: the documents it loaded and which of them axe has checked."""

    loads: list[str] = field(default_factory=list)
    checked_upto: int = 0
    checked_urls: list[str] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)
    script_errors: list[str] = field(default_factory=list)
    deferred: list[str] = field(default_factory=list)

    def unchecked(self) -> list[str]:
        return self.loads[self.checked_upto :]


def record_for(page: Page) -> PageRecord:
    record = getattr(page, "_sendcase_record", None)
    if record is None:
        raise RuntimeError("This page was not made by the `page` fixture in tests/browser/conftest.py.")
    return record


def instrument(page: Page) -> PageRecord:
    """Watch the page's loads, server errors and script errors, and make `page.goto` check what it loads."""
    record = PageRecord()
    page._sendcase_record = record  # type: ignore[attr-defined]

    def on_load(loaded: Page) -> None:
        record.loads.append(loaded.url)

    def on_response(response: Response) -> None:
        if response.status >= 500 and response.request.is_navigation_request():
            record.server_errors.append(
                f"HTTP {response.status} from {response.request.method} {response.url}"
            )

    page.on("load", on_load)
    page.on("response", on_response)
    page.on("pageerror", lambda error: record.script_errors.append(f"{page.url}: {error}"))

    original_goto = page.goto

    def goto(url: str, **kwargs: Any) -> Response | None:
        response = original_goto(url, **kwargs)
        assert_accessible(page)
        return response

    page.goto = goto  # type: ignore[method-assign]
    return record


def _format_violations(url: str, title: str, violations: list[dict]) -> str:
    lines = [f"axe found {len(violations)} accessibility violation(s) on {url} (“{title}”):"]
    for violation in violations:
        impact = violation.get("impact") or "n/a"
        lines.append(f"- {violation['id']} [{impact}] {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    at {target}: {summary}")
            lines.append(f"       {node['html'][:200]}")
    return "\n".join(lines)


def run_axe(page: Page) -> list[dict]:
    """Inject axe-core into the page (the context bypasses the service's CSP) and return its violations."""
    path = axe_path()
    assert path is not None, MISSING_AXE
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(path))
    result = page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target, html: n.html, failureSummary: n.failureSummary})),
            }));
        }""",
        AXE_TAGS,
    )
    return result


def assert_accessible(page: Page) -> None:
    """Run axe on the current page and fail with a readable list of WCAG 2.2 AA violations.

    Also fails if any page loaded since the last check answered with a server error or raised a script
    error. With AXE_DEFER=1 in the environment, axe violations are collected and the test fails at its
    end with all of them (useful to survey a journey's pages in one run).
    """
    record = record_for(page)
    violations = run_axe(page)
    record.checked_upto = len(record.loads)
    record.checked_urls.append(page.url)
    problems = []
    if record.server_errors:
        problems.append("Server error(s): " + "; ".join(record.server_errors))
        record.server_errors.clear()
    if record.script_errors:
        problems.append("JavaScript error(s): " + "; ".join(record.script_errors))
        record.script_errors.clear()
    assert not problems, "\n".join(problems)
    if violations:
        message = _format_violations(page.url, page.title(), violations)
        if os.environ.get("AXE_DEFER"):
            record.deferred.append(message)
        else:
            raise AssertionError(message)


# --- moving through the service ------------------------------------------------------------------------


def url_for(live_server, name: str, **kwargs: Any) -> str:
    """The live server's absolute URL for a named route, e.g. url_for(live_server, "core:login")."""
    return live_server.url + reverse(name, kwargs=kwargs or None)


def submit(page: Page, button: str | re.Pattern[str] = "Save") -> Response | None:
    """Press a form's submit button, wait for the page the server answers with, check it, and return
    the response (after any redirect)."""
    exact = True if isinstance(button, str) else None
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name=button, exact=exact).click()
    assert_accessible(page)
    return navigation.value


def follow(
    page: Page,
    link: str | re.Pattern[str],
    *,
    role: str = "link",
    exact: bool = True,
    within: str = "main",
) -> None:
    """Follow a link by its accessible name, wait for the page it opens and check it.

    The link is looked for in the main content (`within="body"` for anywhere, such as a back link).
    `role="button"` follows a link styled and announced as a button (the GOV.UK start button)."""
    scope = page.locator(within)
    target = scope.get_by_role(role, name=link, exact=exact if isinstance(link, str) else None)  # type: ignore[arg-type]
    with page.expect_navigation():
        target.first.click()
    assert_accessible(page)


def follow_nav(page: Page, item: str) -> None:
    """Go to a page from the service navigation in the header, and check it."""
    with page.expect_navigation():
        page.get_by_role("navigation", name="Menu").get_by_role("link", name=item, exact=True).click()
    assert_accessible(page)


def sign_in(page: Page, live_server, username: str, password: str) -> None:
    """Sign in through the real sign-in form, from the start page, as a person would."""
    page.goto(url_for(live_server, "core:start"))
    follow(page, "Sign in", role="button")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    submit(page, "Sign in")


def sign_in_with_code(page: Page, live_server, username: str, password: str) -> None:
    """Portal users (families, schools, advisers) sign in with their password and then a code from their
    authenticator app: give the user an app (if they have none) and enter its current code."""
    import pyotp
    from django.utils import timezone

    from sendcase.core.models import User
    from sendcase.portal.models import TotpDevice

    user = User.objects.get(username=username)
    device = TotpDevice.objects.filter(user=user).first()
    if device is None:
        device = TotpDevice.objects.create(
            user=user, secret=pyotp.random_base32(), confirmed_at=timezone.now()
        )
    sign_in(page, live_server, username, password)
    page.get_by_label("Code").fill(pyotp.TOTP(device.secret).now())
    submit(page, "Sign in")


def sign_out(page: Page) -> None:
    """Sign out with the button in the service navigation."""
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile(r"^Sign out")).click()
    assert_accessible(page)


def fill_date(page: Page, legend: str, day: int | str, month: int | str, year: int | str) -> None:
    """Fill a GOV.UK date input (day, month and year boxes in a fieldset with this legend)."""
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day", exact=True).fill(str(day))
    group.get_by_label("Month", exact=True).fill(str(month))
    group.get_by_label("Year", exact=True).fill(str(year))


def fill_date_value(page: Page, legend: str, value: dt.date) -> None:
    fill_date(page, legend, value.day, value.month, value.year)


def long_date(value: dt.date) -> str:
    """A date as the service writes it in sentences: 7 March 2026 (Django's "j F Y")."""
    return f"{value.day} {value:%B %Y}"


def short_date(value: dt.date) -> str:
    """A date as the service writes it in tables: 7 Mar 2026 (Django's "j M Y")."""
    return f"{value.day} {value:%b %Y}"


def days_phrase(days: int) -> str:
    """What the service says about a signed number of days left: '3 days left', 'due today', '1 day late'."""
    if days == 0:
        return "due today"
    count = abs(days)
    return f"{count} day{'s' if count != 1 else ''} {'left' if days > 0 else 'late'}"


def assert_error_summary(page: Page, *messages: str) -> None:
    """The GOV.UK error summary is shown and focused, has a link containing each of these messages, and
    every link in it points at an element on the page (the field to fix)."""
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    # GOV.UK Frontend moves focus to the summary, so a screen reader announces it first.
    expect(summary).to_be_focused()
    links = summary.get_by_role("link")
    for message in messages:
        expect(links.filter(has_text=message)).to_have_count(1)
    for href in links.evaluate_all("links => links.map(link => link.getAttribute('href'))"):
        assert href and href.startswith("#"), f"error summary link {href!r} does not point into the page"
        expect(page.locator(f"[id='{href[1:]}']"), f"error summary link {href} has no target").to_have_count(
            1
        )


def field_error(page: Page, text: str):
    """A field's own error message (GOV.UK puts it above the field, inside the group marked in error)."""
    return page.locator(".govuk-form-group--error .govuk-error-message").filter(has_text=text)


def success_banner(page: Page):
    return page.locator(".govuk-notification-banner--success")
