"""Data is text: HTML and Markdown in any field must show literally and inject nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Built, Node, build, copy_package, edit_csv, parse_html
from luoshi.pages.model import indicator_slug
from luoshi.render import unwrap_body, wrap_body

PAYLOAD = (
    "<script>alert(1)</script> <b>x</b> **bold** [link](http://evil.example)\n"
    "# heading\n|pipe|\n`tick` ```fence``` <!--c--> -- > --!>"  # the page body is in a comment
)
ONE_LINE = " ".join(PAYLOAD.split())  # titles are shown on one line
UNIT = "区经商局<b>x</b>**bold**"
INDICATOR = "人均<script>alert(1)</script>生产总值(万元)"
INDICATOR_BASE = "人均<script>alert(1)</script>生产总值"


def set_fields(package: Path, table: str, row_id: str, **values: str) -> None:
    key = "alias" if table == "unit_aliases" else "id"
    edit_csv(
        package / f"{table}.csv",
        lambda rows: [r | values if r[key] == row_id else r for r in rows],
    )


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory, epoch_env: None) -> Built:
    root = tmp_path_factory.mktemp("hostile")
    package = copy_package(root / "package")
    set_fields(package, "tasks", "liandu-2023-main-002", text=PAYLOAD, note=PAYLOAD)
    set_fields(package, "tasks", "liandu-2023-gongfu-annex2-001", title=ONE_LINE)
    set_fields(package, "reports", "liandu-2023", title=ONE_LINE, source_url="javascript:alert(1)")
    set_fields(package, "units", "liandu-qujingshangju", name=UNIT)
    set_fields(package, "unit_aliases", "区经商局", alias=UNIT)
    set_fields(package, "assignments", "liandu-2023-main-001-u02", name_as_published=UNIT)
    set_fields(package, "jurisdictions", "liandu", short_name="<i>莲都</i>区")
    set_fields(
        package,
        "indicators",
        "liandu-2023-gongfu-indicators-i001",
        name=INDICATOR,
        base_name=INDICATOR_BASE,
        baseline_text="5",
        baseline_comparator="=",
        baseline_value="5",
    )
    return build(package, root / "site")


def injected(page: Node) -> list[str]:
    """Elements that exist only if some data was parsed as HTML or Markdown."""
    found = []
    for node in page.iter():
        text = node.text()
        if (
            node.tag == "script"
            and "alert(1)" in text
            and node.attrs.get("type") not in ("application/json", "application/ld+json")
        ):
            found.append("script")
        if node.tag in {"b", "i"} and text in {"x", "莲都"}:
            found.append(node.tag)
        if node.tag == "strong" and text == "bold":
            found.append("strong")
        if node.tag.startswith("h") and text.strip() == "heading":
            found.append("heading")
        if node.tag == "code" and text in {"tick", "fence"}:
            found.append("code")
        if node.tag == "td" and text.strip() == "pipe":
            found.append("table")
        # A <meta> content (og:title) holds the title as text, never as a link.
        links = {k: v for k, v in node.attrs.items() if not (node.tag == "meta" and k == "content")}
        if any("evil.example" in v or v.startswith("javascript:") for v in links.values()):
            found.append(f"attribute of <{node.tag}>")
    return found


def test_no_page_contains_an_injected_element(hostile_site: Built) -> None:
    for path in hostile_site.html_files():
        page = parse_html(path.read_text(encoding="utf-8"))
        assert injected(page) == [], path


def test_task_text_shows_literally(hostile_site: Built) -> None:
    page = hostile_site.html("reports/liandu-2023/")
    heading = page.by_id("liandu-2023-main-002")
    assert heading.find(class_="ls-task__text").text() == PAYLOAD
    assert ("备注:" + PAYLOAD) in heading.parent.text()  # type: ignore[union-attr]
    raw = hostile_site.page_path("reports/liandu-2023/").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw


def test_titles_show_literally(hostile_site: Built) -> None:
    page = hostile_site.html("reports/liandu-2023/")
    assert page.find("h1").text() == ONE_LINE
    assert page.find("title").text().startswith(ONE_LINE)
    assert "原文网页" not in page.find(class_="ls-page").text()  # javascript: is never linked
    gongfu = hostile_site.html("reports/liandu-2023-gongfu/")
    assert gongfu.by_id("liandu-2023-gongfu-annex2-001").find(class_="ls-task__title").text() == (
        ONE_LINE
    )


def test_unit_and_jurisdiction_names_show_literally(hostile_site: Built) -> None:
    unit = hostile_site.html("units/liandu-qujingshangju/")
    assert unit.find("h1").text() == UNIT
    assert UNIT in [a.text() for a in unit.find_all(class_="ls-alias")]
    report = hostile_site.html("reports/liandu-2023/")
    links = [a.text() for a in report.by_id("liandu-2023-main-001").parent.find_all("a")]  # type: ignore[union-attr]
    assert UNIT in links
    assert hostile_site.html("jurisdictions/liandu/").find("h1").text().startswith("<i>莲都</i>区")


def test_indicator_name_and_script_data_stay_text(hostile_site: Built) -> None:
    page = hostile_site.html(f"indicators/{indicator_slug(INDICATOR, INDICATOR_BASE)}/")
    assert page.find("h1").text() == INDICATOR
    # The chart's data (where the page has one) and the report's JSON-LD are data in a
    # <script>: nothing in them may end the element early.
    for chart in page.find_all(id="ls-chart-data"):
        assert "<" not in chart.text()
        assert json.loads(chart.text())
    report = hostile_site.html("reports/liandu-2023/")
    data = report.find("script", type="application/ld+json").text()
    assert "<" not in data  # "</script>" in a title could end the element early
    assert json.loads(data)["name"] == ONE_LINE
    assert "isBasedOn" not in json.loads(data)  # its source_url is javascript:


def test_a_page_body_comes_out_of_its_comment_as_written() -> None:
    body = '<div class="ls-page"><p>甲 &lt;!--乙--&gt; 丙</p></div>'
    engine_output = f"<article>\n{wrap_body(body)}\n</article>"
    assert parse_html(engine_output).find_all("p") == []  # an engine sees one comment
    assert unwrap_body(engine_output) == f"<article>\n{body}\n</article>"
    assert unwrap_body("<p>a page without one</p>") == "<p>a page without one</p>"


def test_a_body_that_could_close_the_comment_is_left_to_the_engine() -> None:
    for body in ("<span data-a=b-->x</span>", "<p>a</p><!-- -- >", "<i>x--!></i>"):
        assert wrap_body(body) == body
