"""Search in a real browser: Debian's chromium, the built site on 127.0.0.1, Pagefind's UI.

Chinese queries are split in the browser (Intl.Segmenter), so real two-character
words are searched, and every request must stay on 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote, urlsplit

import pytest
from conftest import SEARCH_SETTLED, Built, serve
from luoshi.pages.model import indicator_slug

playwright = pytest.importorskip("playwright.sync_api")

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 720}  # a new context's own size


@pytest.fixture(scope="module")
def server(rich_site: Built) -> Iterator[str]:
    yield from serve(rich_site.site)


@pytest.fixture(scope="module")
def requests() -> list[str]:
    return []


@pytest.fixture(scope="module")
def tab(module_tab: object, requests: list[str]) -> object:
    """The module's tab, as a reader keeps one: a search is typed into the search page
    already open (a new tab and page per search cost most of this module's time)."""
    module_tab.on("request", lambda request: requests.append(request.url))  # type: ignore[attr-defined]
    return module_tab


@pytest.fixture
def page(tab: object, requests: list[str]) -> Iterator[object]:
    """The module's tab at desktop size; no request of the test leaves 127.0.0.1."""
    before = len(requests)
    tab.set_viewport_size(DESKTOP)  # type: ignore[attr-defined]
    yield tab
    foreign = [url for url in requests[before:] if urlsplit(url).hostname != "127.0.0.1"]
    assert foreign == [], "requests to other hosts"


def type_query(tab: object, server: str, term: str) -> None:
    """Type `term` into the search page's box, opening the page where the tab is elsewhere.
    The box is emptied first, which empties the results: whatever shows next is `term`'s."""
    if tab.url.split("?")[0] != server + "search/":  # type: ignore[attr-defined]
        tab.goto(server + "search/")  # type: ignore[attr-defined]
    box = tab.locator(".pagefind-ui__search-input")  # type: ignore[attr-defined]
    box.fill("")
    box.fill(term)
    box.press("End")


def search(tab: object, server: str, term: str) -> list[str]:
    """Type `term` into the search page's box; return every result link (pages and anchors)."""
    type_query(tab, server, term)
    tab.wait_for_function(  # type: ignore[attr-defined]
        "term => [...document.querySelectorAll('.pagefind-ui__message')]"
        ".some(m => m.textContent.includes(term))",
        arg=term,
    )
    tab.wait_for_selector(".pagefind-ui__result-link")  # type: ignore[attr-defined]
    links = tab.locator(".pagefind-ui__result-link")  # type: ignore[attr-defined]
    return [links.nth(i).get_attribute("href") for i in range(links.count())]


@pytest.mark.parametrize(
    ("term", "target"),
    [
        ("托育", "/reports/liandu-2023/#liandu-2023-main-002"),
        ("养老", "/reports/liandu-2023/#liandu-2023-main-002"),
        ("营商", "/reports/liandu-2023/#liandu-2023-main-004"),
        ("乡村振兴", "/reports/liandu-2023/#liandu-2023-main-005"),
        ("增长6.5%以上", "/reports/liandu-2023/#liandu-2023-main-001"),
    ],
)
def test_words_find_their_task_anchor(page: object, server: str, term: str, target: str) -> None:
    assert target in search(page, server, term)


def test_a_word_is_matched_as_a_phrase_not_as_loose_characters(page: object, server: str) -> None:
    links = search(page, server, "营商")
    assert not [link for link in links if "#liandu-2023-main-001" in link]  # has 商, not 营商


def settled(tab: object, server: str, term: str) -> tuple[str, list[str]]:
    """The search page's final message for `term` and the text of every result shown."""
    type_query(tab, server, term)
    tab.wait_for_function(SEARCH_SETTLED)  # type: ignore[attr-defined]
    message = tab.locator(".ls-search__message").inner_text()  # type: ignore[attr-defined]
    return message, tab.locator(".ls-search__result").all_inner_texts()  # type: ignore[attr-defined]


def test_a_phrase_never_spans_two_units_of_a_list(page: object, server: str) -> None:
    """发改局区经商 is two units side by side (区发改局、区经商局), never a phrase: nothing
    matches it whole, and what is shown holds only a part of it, said so."""
    message, results = settled(page, server, "发改局区经商")
    assert message.startswith("“发改局区经商”:")
    assert "没有找到结果" in message or "没有完全相符的结果,以下是含“" in message
    assert not [text for text in results if "发改局区经商" in text.replace(" ", "")]


def test_what_nothing_holds_whole_brings_a_part_of_it_said_so(page: object, server: str) -> None:
    """A query no item holds whole shows the results of its longest word that has any,
    and says which; where no part has any, it says there are none."""
    message, results = settled(page, server, "托育 高速公路")
    assert message.startswith("“托育 高速公路”:没有完全相符的结果,以下是含“托育”的 ")
    assert results and all("托育" in text for text in results)
    links = page.locator(".pagefind-ui__result-link").evaluate_all(  # type: ignore[attr-defined]
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert any(link.endswith("#liandu-2023-main-002") for link in links)
    assert settled(page, server, "高速公路") == ("“高速公路”:没有找到结果", [])


def test_a_question_of_who_or_when_searches_what_it_asks_about(page: object, server: str) -> None:
    """谁负责托育, 托育由谁负责, 什么时候完成托育: the task about 托育, whose units are its
    answer."""
    for term in ("谁负责托育", "托育由谁负责", "托育是哪个部门负责的", "什么时候完成托育"):
        message, results = settled(page, server, term)
        assert message.startswith(f"“{term}”:1 条结果"), message
        assert "托育服务" in results[0] and "各乡镇(街道)" in results[0]


def test_a_result_names_its_document_district_and_year(page: object, server: str) -> None:
    search(page, server, "营商")
    result = page.locator(".ls-search__result").first  # type: ignore[attr-defined]
    assert "2023年莲都区政府工作报告重点工作责任分解" in result.inner_text()
    assert "莲都区 · 2023年" in result.locator(".ls-search__where").inner_text()


def test_a_place_or_a_year_beside_a_word_searches_within_its_documents(
    page: object, server: str
) -> None:
    # 莲都 is not in the task's text: it is the district of its document.
    for term in ("莲都 养老", "莲都区养老", "2023年 养老"):
        assert "/reports/liandu-2023/#liandu-2023-main-002" in search(page, server, term)
        where = page.locator(".ls-search__where").all_inner_texts()  # type: ignore[attr-defined]
        assert where and all("莲都区 · 2023年" in line for line in where), term
    message = page.locator(".ls-search__message").inner_text()  # type: ignore[attr-defined]
    assert message.endswith("(2023年的文件)")
    # A place alone is the place: its own page.
    assert search(page, server, "莲都")[0].endswith("/jurisdictions/liandu/")


def test_unit_name_finds_the_unit_page(page: object, server: str) -> None:
    assert "/units/liandu-qufagaiju/" in search(page, server, "区发改局")


def test_indicator_name_finds_the_indicator_page(page: object, server: str) -> None:
    slug = indicator_slug("人均生产总值(万元)", "人均生产总值")
    assert f"/indicators/{slug}/" in search(page, server, "人均生产总值")


def test_result_link_lands_on_the_task(page: object, server: str) -> None:
    search(page, server, "营商")
    page.locator('a[href$="#liandu-2023-main-004"]').first.click()  # type: ignore[attr-defined]
    page.wait_for_url("**/reports/liandu-2023/#liandu-2023-main-004")  # type: ignore[attr-defined]
    heading = page.locator("#liandu-2023-main-004")  # type: ignore[attr-defined]
    assert "营商环境" in heading.inner_text()
    assert heading.is_visible()


def test_header_search_box_opens_results(page: object, server: str) -> None:
    page.goto(server)  # type: ignore[attr-defined]
    box = page.locator(".ls-header-search__input")  # type: ignore[attr-defined]
    box.fill("养老")
    box.press("Enter")
    page.wait_for_url("**/search/?q=" + quote("养老"))  # type: ignore[attr-defined]
    page.wait_for_selector('.pagefind-ui__result-link[href*="liandu-2023-main-002"]')  # type: ignore[attr-defined]


def test_phone_screenshots(page: object, server: str) -> None:
    page.set_viewport_size(PHONE)  # type: ignore[attr-defined]
    page.goto(server)  # type: ignore[attr-defined]
    page.screenshot(path="/tmp/luoshi-home-phone.png", full_page=True)  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text().startswith("落实")  # type: ignore[attr-defined]
    page.goto(server + "reports/liandu-2023/")  # type: ignore[attr-defined]
    page.screenshot(path="/tmp/luoshi-report-phone.png", full_page=True)  # type: ignore[attr-defined]
    width = page.evaluate("document.documentElement.scrollWidth")  # type: ignore[attr-defined]
    assert width <= PHONE["width"]  # nothing forces sideways scrolling of the whole page
    source = page.locator("a", has_text="原文副本")  # type: ignore[attr-defined]
    assert source.get_attribute("href") == "../../sources/000_39c49c8ad27c7f18.txt"


def test_tables_sort_by_clicking_a_header(page: object, server: str) -> None:
    page.goto(server + "jurisdictions/liandu/")  # type: ignore[attr-defined]
    header = page.locator("th", has_text="牵头")  # type: ignore[attr-defined]
    table = page.locator("table", has=header)  # type: ignore[attr-defined]

    def names() -> list[str]:
        return table.locator("tbody tr td:first-child").all_inner_texts()

    assert names() == ["各乡镇(街道)", "区发改局", "区经商局"]  # pinyin order
    table.locator("th", has_text="任务").click()
    assert names()[-1] == "区经商局"  # the most tasks (17), sorted by number


def test_a_whole_word_is_searched_at_once_and_keystrokes_wait(page: object, server: str) -> None:
    """A word that arrives whole (an input method's commit, a paste) starts its search
    in the same event; a single keystroke starts none until typing pauses."""
    page.goto(server + "search/")  # type: ignore[attr-defined]
    started = page.evaluate(  # type: ignore[attr-defined]
        """() => {
          const input = document.querySelector('#ls-search-input');
          const message = document.querySelector('.ls-search__message');
          const type = (value, data) => {
            input.value = value;
            input.dispatchEvent(new InputEvent('input', {inputType: 'insertText', data}));
            return message.textContent;
          };
          return [type('托', '托'), type('托育', '育'), type('托育 养老', ' 养老')];
        }"""
    )
    assert started == ["", "", "正在搜索“托育 养老”…"]
