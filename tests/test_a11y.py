"""The reader's site in a real browser (Debian's chromium): axe-core on every page kind
at desktop and phone width, light and dark; every value visible on a phone; the
client-side filters and their URL state; the site served under a sub-path.

axe-core is vendored in tests/vendor/axe-core (npm registry) and served to the pages
under test by the test's own server: nothing is downloaded while testing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import Built, QuietHandler, serve
from luoshi.pages.meta import site_url
from luoshi.pages.model import indicator_slug

playwright = pytest.importorskip("playwright.sync_api")

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
PREFIX = urlsplit(site_url()).path or "/"  # the site is served under site_url's path
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


# Where the test's server serves axe, outside the site. A script loaded from a URL is
# compiled once for the run (Chromium caches its code); injected as text, it was sent
# and compiled again on every page, about a tenth of a CPU-second each time.
AXE_URL = "/__tests__/axe.min.js"


class _SubPathHandler(QuietHandler):
    """Serves the site under PREFIX only, and 404.html for anything else, as GitHub
    Pages does for a project site; and axe at AXE_URL."""

    def translate_path(self, path: str) -> str:
        if urlsplit(path).path == AXE_URL:
            return str(AXE)
        return super().translate_path(path)

    def send_head(self):  # type: ignore[no-untyped-def]
        parts = urlsplit(self.path)
        if parts.path == AXE_URL:
            return super().send_head()
        inside = parts.path.startswith(PREFIX)
        self.path = "/" + parts.path[len(PREFIX) :] if inside else "/404.html"
        target = Path(self.translate_path(self.path))
        if not (target.is_file() or (target / "index.html").is_file()):
            self.path = "/404.html"
        return super().send_head()


@pytest.fixture(scope="module")
def server(rich_site: Built) -> Iterator[str]:
    yield from serve(rich_site.site, _SubPathHandler, PREFIX)


def page_kinds(built: Built) -> dict[str, str]:
    """One page of every kind, as a path under the site root."""
    indicator = next(iter(built.rows("indicators")))
    return {
        "home": "",
        "report": "reports/liandu-2023/",
        "report-lists": "reports/liandu-2023-gongfu/",
        "jurisdiction": "jurisdictions/liandu/",
        "unit": "units/liandu-qujingshangju/",
        "indicator": f"indicators/{indicator_slug(indicator['name'], indicator['base_name'])}/",
        "listing-jurisdictions": "jurisdictions/",
        "listing-reports": "reports/",
        "listing-units": "units/",
        "listing-indicators": "indicators/",
        "downloads": "downloads/",
        "search": "search/?q=托育",
        "about": "about/",
        "404": "no-such-page/",
    }


@pytest.fixture
def tab(module_tab: object) -> object:
    """The module's tab at desktop width in the light scheme."""
    return at(module_tab, "desktop")


def at(tab: object, width: str, scheme: str = "light") -> object:
    tab.set_viewport_size(WIDTHS[width])  # type: ignore[attr-defined]
    tab.emulate_media(color_scheme=scheme)  # type: ignore[attr-defined]
    return tab


# The dark scheme changes colours only (the same page, the same markup): there, axe runs
# the rules that look at colours.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def serious_violations(tab: object, rules: list[str] | None = None) -> list[str]:
    if not tab.evaluate("typeof axe !== 'undefined'"):  # type: ignore[attr-defined]
        tab.add_script_tag(url=AXE_URL)  # type: ignore[attr-defined]
    # The colour rules only: axe need not fetch and parse the page's style sheets and
    # media again (`preload`), which only css-orientation-lock and no-autoplay-audio read.
    result = tab.evaluate(  # type: ignore[attr-defined]
        """async rules => (await axe.run(document, rules ? {runOnly: rules, preload: false,
             resultTypes: ['violations']} : {resultTypes: ['violations']})).violations""",
        rules,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in result
        if v["impact"] in ("serious", "critical")
    ]


def settle(tab: object, kind: str) -> None:
    """Wait for what axe must see: the search page's results, and the web fonts."""
    if kind == "search":
        tab.wait_for_selector(".pagefind-ui__result-link")  # type: ignore[attr-defined]
    tab.evaluate("document.fonts.ready.then(() => true)")  # type: ignore[attr-defined]


def values_off_screen(tab: object) -> list[str]:
    """'page scrolls' if the page scrolls sideways, and the text of every table cell
    that lies outside the screen."""
    return tab.evaluate(  # type: ignore[attr-defined]
        """() => {
          const width = document.documentElement.clientWidth;
          const out = [];
          if (document.documentElement.scrollWidth > width) out.push('page scrolls');
          for (const cell of document.querySelectorAll('article td, article th')) {
            const box = cell.getBoundingClientRect();
            if (box.width && getComputedStyle(cell).visibility !== 'hidden'
                && cell.closest('thead') === null && box.right > width + 1)
              out.push(cell.textContent.trim().slice(0, 20));
          }
          return out;
        }"""
    )


# Transitions stopped, so that the colours axe reads after a switch of scheme are the
# scheme's, not a moment of a fade.
STILL = "*, *::before, *::after { transition: none !important; animation: none !important }"


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_axe_finds_no_serious_violation_and_a_phone_shows_every_value(
    module_tab: object, server: str, rich_site: Built, width: str
) -> None:
    """axe-core on every page kind, every rule in light, then the colour rules in dark
    (switched on the loaded page: the same markup, other colours); at 390 px, in both
    schemes, no page scrolls sideways and no table cell lies outside the screen."""
    tab = at(module_tab, width)
    found, hidden = {}, {}
    for kind, path in page_kinds(rich_site).items():
        tab.emulate_media(color_scheme="light")  # type: ignore[attr-defined]
        tab.goto(server + path)  # type: ignore[attr-defined]
        settle(tab, kind)
        tab.add_style_tag(content=STILL)  # type: ignore[attr-defined]
        for scheme in ("light", "dark"):
            tab.emulate_media(color_scheme=scheme)  # type: ignore[attr-defined]
            problems = serious_violations(tab, COLOUR_RULES if scheme == "dark" else None)
            if problems:
                found[f"{kind} ({scheme})"] = problems
            off = values_off_screen(tab) if width == "phone" else []
            if off:
                hidden[f"{kind} ({scheme})"] = off[:5]
    assert found == {}
    assert hidden == {}


def test_phone_cards_label_every_value(module_tab: object, server: str) -> None:
    """A wide table becomes cards whose cells carry their column's heading."""
    tab = at(module_tab, "phone")
    tab.goto(server + "reports/liandu-2023-gongfu/")  # type: ignore[attr-defined]
    box = tab.locator(".ls-scroll.ls-cards").first  # type: ignore[attr-defined]
    heads = box.locator("thead th").all_inner_texts()
    labels = (
        box.locator("tbody tr")
        .first.locator("td")
        .evaluate_all("cells => cells.map(c => c.dataset.label)")
    )
    assert labels == heads and "目标值" in heads
    assert tab.evaluate(  # type: ignore[attr-defined]
        "getComputedStyle(document.querySelector('.ls-cards td'), '::before').content"
    ).startswith('"序号')


def visible_tasks(tab: object) -> list[str]:
    return tab.evaluate(  # type: ignore[attr-defined]
        """() => [...document.querySelectorAll('.ls-page > section.ls-task')]
                 .filter(s => s.offsetParent !== null).map(s => s.firstElementChild.id)"""
    )


def test_report_filters_by_unit_and_section_and_keep_it_in_the_url(
    tab: object, server: str, rich_site: Built
) -> None:
    tab.goto(server + "reports/liandu-2023/")  # type: ignore[attr-defined]
    every = visible_tasks(tab)
    assert len(every) == 19
    form = tab.locator("form.ls-filters")  # type: ignore[attr-defined]
    assert form.is_visible()
    assert form.locator("label", has_text="单位").locator("select").count() == 1
    units = form.locator("select[name=unit] option").all_inner_texts()
    assert units[0] == "全部" and "区发改局" in units and "区经商局" in units
    form.locator("select[name=unit]").select_option("liandu-qufagaiju")
    odd = [f"liandu-2023-main-{n:03d}" for n in range(7, 20, 2)]
    shown = visible_tasks(tab)
    assert set(odd) <= set(shown)
    assert not {f"liandu-2023-main-{n:03d}" for n in range(6, 20, 2)} & set(shown)
    assert f"显示 {len(shown)} 项" in form.locator("output").inner_text()
    query = parse_qs(urlsplit(tab.url).query)  # type: ignore[attr-defined]
    assert query == {"unit": ["liandu-qufagaiju"]}
    # The shared URL restores the view; a section left empty loses its heading.
    tab.goto(  # type: ignore[attr-defined]
        server + "reports/liandu-2023/?unit=liandu-qufagaiju&section=liandu-2023-main-s001"
    )
    assert form.locator("select[name=section]").input_value() == "liandu-2023-main-s001"
    assert visible_tasks(tab) == ["liandu-2023-main-001"]
    assert tab.locator("#liandu-2023-main-s002").is_hidden()  # type: ignore[attr-defined]
    assert tab.locator("#liandu-2023-main-s001").is_visible()  # type: ignore[attr-defined]
    assert "显示 1 项" in form.locator("output").inner_text()
    form.locator("button[type=reset]").click()
    tab.wait_for_function("() => !location.search")  # type: ignore[attr-defined]
    assert visible_tasks(tab) == every


def test_unit_page_filters_by_role(tab: object, server: str) -> None:
    tab.goto(server + "units/liandu-qujingshangju/?role=协办")  # type: ignore[attr-defined]
    roles = tab.locator("form.ls-filters select[name=role]")  # type: ignore[attr-defined]
    assert roles.input_value() == "协办"
    rows = tab.evaluate(  # type: ignore[attr-defined]
        """() => [...document.querySelectorAll('.ls-page tbody tr[data-f-role]')]
                 .filter(r => r.offsetParent !== null)
                 .map(r => {
                   const heads = [...r.closest('table').tHead.rows[0].cells]
                     .map(th => th.textContent.trim());
                   return r.cells[heads.indexOf('角色')].textContent;
                 })"""
    )
    assert rows and all("协办" in r for r in rows)


def test_sub_path_404_and_skip_link(tab: object, server: str) -> None:
    """Under site_url's sub-path the 404 page loads its styles and links into the site;
    the first Tab reaches the skip link, which moves to the content."""
    failed: list[str] = []
    responses: list[tuple[str, int]] = []

    def on_failed(request: object) -> None:
        failed.append(request.url)  # type: ignore[attr-defined]

    def on_response(response: object) -> None:
        responses.append((response.url, response.status))  # type: ignore[attr-defined]

    tab.on("requestfailed", on_failed)  # type: ignore[attr-defined]
    tab.on("response", on_response)  # type: ignore[attr-defined]
    try:
        tab.goto(server + "missing/page/")  # type: ignore[attr-defined]
        tab.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    finally:
        tab.remove_listener("requestfailed", on_failed)  # type: ignore[attr-defined]
        tab.remove_listener("response", on_response)  # type: ignore[attr-defined]
    broken = [u for u, status in responses if status >= 400 and "missing/page" not in u]
    assert broken == [] and failed == []
    home = tab.locator("a.md-tabs__link").first.get_attribute("href")  # type: ignore[attr-defined]
    assert home.startswith(PREFIX)
    tab.goto(server + "reports/liandu-2023/")  # type: ignore[attr-defined]
    tab.keyboard.press("Tab")  # type: ignore[attr-defined]
    focused = tab.evaluate("document.activeElement.textContent.trim()")  # type: ignore[attr-defined]
    assert focused == "跳到正文"
    outline = tab.evaluate("getComputedStyle(document.activeElement).outlineStyle")  # type: ignore[attr-defined]
    assert outline != "none"


def test_header_search_box_is_labelled_and_shows_focus(tab: object, server: str) -> None:
    tab.goto(server)  # type: ignore[attr-defined]
    box = tab.get_by_label("搜索本站")  # type: ignore[attr-defined]
    box.focus()
    style = box.evaluate(
        "e => getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).outlineWidth"
    )
    assert style.startswith("solid") and not style.endswith(" 0px")


def test_structured_data_parses_in_the_browser(tab: object, server: str) -> None:
    tab.goto(server + "reports/liandu-2023/")  # type: ignore[attr-defined]
    text = tab.locator('script[type="application/ld+json"]').text_content()  # type: ignore[attr-defined]
    data = json.loads(text)
    assert data["@type"] == "Dataset" and data["name"] == "2023年莲都区政府工作报告重点工作责任分解"
