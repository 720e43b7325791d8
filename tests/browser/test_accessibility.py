"""Accessibility in a real browser: axe-core on every page type in both languages, the whole wizard by
keyboard only (visible focus, a title per step, errors announced), and everything without JavaScript."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import loaded
import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

AXE = Axe()
#: The answers that complete the fixture questionnaire, by field name.
STEPS: list[dict[str, Any]] = [
    {"is_ai": "yes", "purpose": "Sorts patients by urgency"},
    {"sector": "health", "data_kinds": ["personal"], "users": "1200", "launch": "2025-06-01"},
    {"reviewed": "unsure"},
]
FOCUS_COLOUR = "rgb(255, 204, 51)"


def serious(page: Any) -> list[str]:
    """Serious and critical axe violations of the current page, as readable lines."""
    results = AXE.run(page)
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]} on {page.url}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


@pytest.fixture
def browser(chromium: Any) -> Any:
    return chromium


def submit(page: Any) -> None:
    page.locator("main button[type=submit]").first.click()


def fill_step(page: Any, answers: dict[str, Any]) -> None:
    for name, value in answers.items():
        field = page.locator(f'[name="{name}"]').first
        kind = field.get_attribute("type")
        if kind in ("radio", "checkbox"):
            for item in value if isinstance(value, list) else [value]:
                page.locator(f'[name="{name}"][value="{item}"]').check()
        else:
            field.fill(value)


def start(page: Any, server: str, lang: str, name: str = "Triage assistant") -> str:
    page.goto(server + "/")
    page.fill("#system_name", name)
    page.fill("#organisation", "Clinique Exemple")
    page.check(f'input[name=lang][value="{lang}"]')
    submit(page)
    match = re.search(r"/assessments/([A-Z0-9-]+)/link", page.url)
    assert match, page.url
    return match.group(1)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_axe_finds_nothing_serious_on_any_page_type(live_server: str, browser: Any, lang: str,
                                                    tmp_path: Path) -> None:
    context = browser.new_context(locale="en-GB" if lang == "en" else "fr-FR")
    page = context.new_page()
    found: list[str] = []
    visited: list[str] = []

    def check(kind: str) -> None:
        assert page.locator("html").get_attribute("lang") == lang, (kind, page.url)
        visited.append(kind)
        found.extend(serious(page))

    page.goto(live_server + "/")
    check("home")
    submit(page)
    check("home with errors")
    reference = start(page, live_server, lang)
    check("secret link")
    base = f"{live_server}/assessments/{reference}"
    page.goto(base + "/")
    check("task list")
    page.goto(base + "/steps/basics")
    submit(page)
    assert loaded.title(page).startswith(("Error:", "Erreur"))
    check("step with errors")
    for answers in STEPS:
        fill_step(page, answers)
        submit(page)
        check("step" if "/steps/" in page.url else "obligations")
    page.locator("input[type=radio]").first.check()
    submit(page)
    check("summary")
    submit(page)
    assert "/result" in page.url
    check("result")
    pdf = page.request.get(base + "/report.pdf").body()
    page.goto(base + "/delete")
    check("delete confirmation")
    page.goto(live_server + "/privacy")
    check("privacy notice")
    page.goto(live_server + "/verify")
    check("verification form")
    (tmp_path / "report.pdf").write_bytes(pdf)
    page.set_input_files("#report", str(tmp_path / "report.pdf"))
    submit(page)
    assert page.locator(".notice-success").count() == 1
    check("verified report")
    (tmp_path / "forged.pdf").write_bytes(pdf + b"\n%forged\n")
    page.set_input_files("#report", str(tmp_path / "forged.pdf"))
    submit(page)
    assert page.locator(".notice-warning").count() == 1
    check("report not verified")
    page.goto(live_server + "/no/such/page")
    check("404")

    other = browser.new_context(locale="en-GB").new_page()
    start(other, live_server, "en", name="Someone else's system")
    link = other.locator("#secret-link").input_value()
    page.goto(link)
    assert page.locator("main form[method=post] button[type=submit]").count() == 1
    check("confirm opening another assessment")
    for i in range(30):                                    # RATELIMIT_LINK: 30 per minute by default
        page.request.get(f"{live_server}/a/guess-{i}")
    page.goto(live_server + "/a/one-guess-too-many")
    assert page.locator("h1").inner_text() in ("Too many requests", "Trop de requêtes")
    check("429")

    assert len(visited) == 18
    assert found == []
    context.close()


def tab_to(page: Any, selector: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches ``selector``; its focus must be visible."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector):
            style = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
                return [s.outlineStyle, s.outlineColor, s.boxShadow, s.backgroundColor]; }""")
            outline, colour, shadow, background = style
            visible = ((outline != "none" and "0, 0, 0, 0" not in colour) or shadow != "none"
                       or background == FOCUS_COLOUR)
            assert visible, f"no visible focus on {selector}: {style}"
            return
    raise AssertionError(f"{selector} cannot be reached with Tab on {page.url}")


def press_submit(page: Any) -> None:
    tab_to(page, "main button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def keyboard_answers(page: Any, answers: dict[str, Any]) -> None:
    for name, value in answers.items():
        first = page.locator(f'[name="{name}"]').first
        kind = first.get_attribute("type")
        if kind == "radio":
            tab_to(page, f'input[name="{name}"]')
            for _ in range(10):
                if page.evaluate("() => document.activeElement.value") == value:
                    page.keyboard.press("Space")
                    break
                page.keyboard.press("ArrowDown")
            assert page.locator(f'[name="{name}"][value="{value}"]').is_checked()
        elif kind == "checkbox":
            for item in value:
                tab_to(page, f'input[name="{name}"][value="{item}"]')
                page.keyboard.press("Space")
        elif kind == "date":
            tab_to(page, f'[name="{name}"]')
            year, month, day = value.split("-")
            # the date input's segments follow Chromium's own locale, which the page cannot read:
            # type day first, and if that made another date, go back and type month first
            page.keyboard.type(day + month + year)
            if first.input_value() != value:
                page.keyboard.press("ArrowLeft")       # back to the first segment
                page.keyboard.press("ArrowLeft")
                page.keyboard.type(month + day + year)
            assert first.input_value() == value
        else:
            tab_to(page, f'[name="{name}"]')
            page.keyboard.type(value)


def test_the_whole_wizard_by_keyboard_only(live_server: str, browser: Any) -> None:
    page = browser.new_context(locale="en-GB").new_page()
    page.goto(live_server + "/")
    tab_to(page, "a.skip-link")
    tab_to(page, "#system_name")
    page.keyboard.type("Keyboard system")
    tab_to(page, "#organisation")
    page.keyboard.type("Acme")
    press_submit(page)
    assert "/link" in page.url
    tab_to(page, 'main a[href$="/resume"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")

    titles = []
    press_submit(page)                                  # nothing answered: errors
    assert loaded.title(page).startswith("Error:")
    assert page.evaluate("() => document.activeElement.classList.contains('error-summary')")
    assert page.locator(".error-summary[role=alert]").count() == 1
    for answers in STEPS:
        titles.append(loaded.title(page))
        keyboard_answers(page, answers)
        press_submit(page)
    titles.append(loaded.title(page))
    tab_to(page, "main input[type=radio]")
    page.keyboard.press("Space")
    press_submit(page)
    assert "Check your answers" in loaded.title(page)
    press_submit(page)
    assert "Your result" in loaded.title(page) and "/result" in page.url
    assert len(set(titles)) == len(titles), titles   # every step has its own title


def test_everything_works_without_javascript(live_server: str, browser: Any) -> None:
    context = browser.new_context(locale="en-GB", java_script_enabled=False)
    page = context.new_page()
    start(page, live_server, "en")
    assert page.locator("#secret-link").input_value().startswith(live_server + "/a/")
    assert not page.get_by_role("button", name="Copy the link").is_visible()   # an enhancement only
    page.locator('main a[href$="/resume"]').click()
    submit(page)
    assert loaded.title(page).startswith("Error:")
    for answers in STEPS:
        fill_step(page, answers)
        submit(page)
    page.locator("input[type=radio]").first.check()
    submit(page)
    submit(page)
    assert "Your result" in loaded.title(page)
    main = page.locator("main").inner_text()
    assert "High risk" in main
    page.locator("summary").first.click()                # details/summary needs no script
    page.get_by_role("button", name="Français").click()   # the language switch is a form
    assert page.locator("html").get_attribute("lang") == "fr"
    context.close()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_axe_finds_nothing_serious_on_the_staff_pages(live_app: tuple[Any, str], browser: Any, lang: str) -> None:
    """The sign-in page (with an error), the account page and the admin pages (users, audit trail)."""
    from wizard.accounts import operations

    app, server = live_app
    password = "correct horse battery staple 42"
    with app.app_context():
        operations.create_user("admin@authority.test", "admin", password, name="Ada Admin")
        operations.create_user("advisor@authority.test", "advisor", password, name="Alan Advisor")
    context = browser.new_context(locale="en-GB" if lang == "en" else "fr-FR")
    page = context.new_page()
    found: list[str] = []
    visited: list[str] = []

    def check(kind: str) -> None:
        assert page.locator("html").get_attribute("lang") == lang, (kind, page.url)
        visited.append(kind)
        found.extend(serious(page))

    page.goto(server + "/login")
    check("sign-in")
    page.fill("#email", "admin@authority.test")
    page.fill("#password", "wrong password, clearly")
    submit(page)
    check("sign-in with an error")
    page.fill("#email", "admin@authority.test")
    page.fill("#password", password)
    submit(page)
    assert "/login" not in page.url
    for path, kind in (("/account", "account"), ("/admin/users", "users"), ("/admin/audit", "audit trail")):
        page.goto(server + path)
        assert page.url.endswith(path), page.url
        check(kind)
    assert len(visited) == 5
    assert found == []
    context.close()
