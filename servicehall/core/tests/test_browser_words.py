"""Each role of the demo walks every page of its menu in a real browser at a phone's width
(390 px): no page scrolls sideways, and the words on it are the people's — no figure key, no
internal value, no Python exception, no English sentence.

Runs on the demo data set (``demo_site``, served from this test's thread as in
``test_browser_demo``), where the pages have their real lengths: 44 departments, a year of
weeks, published issues.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from servicehall.core.tests.test_browser import browser_page  # noqa: F401  (the fixture)
from servicehall.core.tests.test_browser_demo import demo_site  # noqa: F401  (the fixture)
from servicehall.testing.browser import sign_in, watch

if TYPE_CHECKING:
    from playwright.sync_api import Page, ViewportSize

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
SCREENS = Path(os.environ.get("SERVICEHALL_SCREENSHOTS", "/tmp/servicehall-screens")) / "390"
PHONE: ViewportSize = {"width": 390, "height": 844}

# Pages beyond the menu: a year of the calendar (for those who see the calendar), the trend
# of a figure, and the latest published issue (added in the test).
CALENDAR = "/calendar/2024/"
EXTRA = ["/reports/trends/"]

# Latin words a Chinese page may show: file formats, standards, keys of the keyboard, units.
ALLOWED_WORDS = {
    "pdf", "docx", "txt", "html", "csv", "xlsx", "xls", "json", "api", "excel", "word",
    "gb", "t", "enter", "esc", "tab", "id", "token", "ok", "yyyy", "mm", "dd", "hh",
    "libreoffice", "ocr", "url", "http", "https", "servicehall", "cjk", "png", "jpg",
}  # fmt: skip
# Three or more Latin words in a row (a sentence, a message) …
LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z'’]*(?:[ ,:;!?\-]+[A-Za-z][A-Za-z'’]*){2,}")
# … a Python exception or value, a dotted key (window.week.consult).
PYTHON = re.compile(
    r"Traceback|Exception|Error\b|must be|Invalid|does not exist|NoneType|object at 0x"
    r"|\bNone\b|\bTrue\b|\bFalse\b|\bnan\b"
)
DOTTED_KEY = re.compile(r"\b[a-z_]+\.[a-z_]+\.[a-z_.]+\b")

ROLES = ["admin", "clerk", "liaison_police", "leader"]


def internal_words() -> re.Pattern[str]:
    """The stored values of the choices people meet (an issue's status, its log's steps, the
    event kinds): shown raw they would be English words on a Chinese page."""
    from servicehall.cases.models import EventKind
    from servicehall.reports.models import Issue, IssueAction

    values = {str(c.value) for kind in (Issue.Status, IssueAction.Kind, EventKind) for c in kind}
    values = {v for v in values if v.isascii() and len(v) > 2}
    return re.compile(
        r"(?<![\w/.\-=])(" + "|".join(map(re.escape, sorted(values))) + r")(?![\w/.\-])"
    )


def findings_in(text: str, internal: re.Pattern[str]) -> list[str]:
    """What on a page's visible text is not for people."""
    from servicehall.figures.registry import FIGURES

    found = [f"指标键 {key}" for key in FIGURES if key in text]
    found += [f"键 {m}" for m in DOTTED_KEY.findall(text) if "@" not in m]
    found += [f"Python {m.group(0)}" for m in PYTHON.finditer(text)]
    found += [f"内部值 {m.group(1)}" for m in internal.finditer(text)]
    for run in LATIN_RUN.finditer(text):
        words = [w for w in re.split(r"[ ,:;!?\-]+", run.group(0)) if w]
        streak = longest = 0
        for word in words:
            streak = 0 if word.lower() in ALLOWED_WORDS else streak + 1
            longest = max(longest, streak)
        if longest >= 3:
            found.append(f"英文 {run.group(0)[:80]}")
    return found


# The page's visible words, less literal code (<code>, <kbd>: a file's column names as the file
# must spell them, a key to press), which is not a sentence to translate.
VISIBLE_TEXT = """() => {
  const literal = Array.from(document.querySelectorAll("code, kbd"));
  literal.forEach(e => e.dataset.display = e.style.display);
  literal.forEach(e => e.style.display = "none");
  const text = document.body.innerText;
  literal.forEach(e => e.style.display = e.dataset.display);
  return text;
}"""

WIDEST = """() => {
  const width = document.documentElement.clientWidth;
  const wide = Array.from(document.querySelectorAll("body *")).filter(e => {
    const r = e.getBoundingClientRect();
    return r.right > width + 1 && getComputedStyle(e).position !== "fixed";
  });
  // The outermost offenders whose parent fits: where the overflow starts.
  const roots = wide.filter(e => !wide.includes(e.parentElement));
  return {
    scroll: document.scrollingElement.scrollWidth,
    roots: roots.slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
      + (e.className && typeof e.className === "string" ? "." + e.className.split(" ").join(".") : "")
      + " " + Math.round(e.getBoundingClientRect().right)),
  };
}"""


@pytest.mark.django_db
def test_the_words_check_finds_keys_values_exceptions_and_sentences_but_not_formats() -> None:
    internal = internal_words()
    assert findings_in("本周咨询（window.week.consult）", internal) == [
        "指标键 window.week.consult",
        "键 window.week.consult",
    ]
    assert findings_in("2024-01-22 draft admin", internal) == ["内部值 draft"]
    assert findings_in("印发日期：month must be in 1..12", internal) == [
        "Python must be",
        "英文 month must be in",
    ]
    assert findings_in("Select a valid choice. 请选择", internal) == ["英文 Select a valid choice"]
    assert findings_in("下载：TXT HTML DOCX PDF · 导出 CSV Excel · GB/T 9704", internal) == []
    assert findings_in("快捷键：Enter 登记 · /reports/draft/ · 状态：已发布", internal) == []


@pytest.mark.browser
@pytest.mark.django_db
@pytest.mark.parametrize("username", ROLES)
def test_each_demo_role_walks_its_menu_at_390_px_in_the_peoples_words(
    demo_site: str,  # noqa: F811
    browser_page: Page,  # noqa: F811
    username: str,
) -> None:
    from servicehall.demo.people import DEMO_PASSWORD
    from servicehall.reports.models import Issue

    page = browser_page
    seen = watch(page, demo_site)
    page.set_viewport_size(PHONE)
    sign_in(page, demo_site, username, DEMO_PASSWORD)
    menu = page.eval_on_selector_all(
        "nav[aria-label=主菜单] a", "links => links.map(a => [a.textContent.trim(), a.href])"
    )
    # The latest issue the system drafted and published: its log has every step of the review.
    latest = (
        Issue.objects.filter(status="published", origin="drafted")
        .order_by("-issue_date", "-pk")
        .first()
    )
    pages = [(label, href) for label, href in menu if "/admin/" not in href]
    pages += [(path, demo_site + path) for path in EXTRA]
    if username in ("admin", "leader"):
        pages.append((CALENDAR, demo_site + CALENDAR))
    assert latest is not None
    pages.append(("最新一期", f"{demo_site}/reports/{latest.pk}/"))
    internal = internal_words()
    folder = SCREENS / username
    folder.mkdir(parents=True, exist_ok=True)
    problems: list[tuple[str, str]] = []
    for number, (label, href) in enumerate(pages, start=1):
        answer = page.goto(href)
        assert answer is not None and answer.status == 200, (label, href)
        page.wait_for_load_state("networkidle")
        width = page.evaluate(WIDEST)
        if width["scroll"] > PHONE["width"]:
            problems.append((label, f"宽 {width['scroll']} px：{width['roots']}"))
        text = page.evaluate(VISIBLE_TEXT)
        problems += [(label, finding) for finding in findings_in(text, internal)]
        page.screenshot(path=str(folder / f"{number:02d}-{label.strip('/').replace('/', '-')}.png"))
    assert problems == [], "\n".join(f"{label}：{finding}" for label, finding in problems)
    assert seen.errors == [] and seen.outside == []
    assert len(pages) >= 8
