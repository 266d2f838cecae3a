"""The search copies Pagefind indexes: folded text in bigrams, items with their units,
reports in pieces, named pages with their spellings, each fact once."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from conftest import parse_html
from luoshi.search import (
    GROUPS,
    copies,
    copy_paths,
    district_word,
    memory_folder,
    places,
    stage_index_copies,
    stale_copies,
)
from luoshi.searchpage import END, START, indexed_part, read_page
from luoshi.searchtext import BREAK, fold, fold_js, item_number_words, number_word, words

REPORT = (
    "<html><body><nav>导航</nav>" + START + '<div class="ls-page">'
    '<h1 data-pagefind-meta="title">2023年某区重点工作</h1><dl class="ls-meta">'
    '<dt>行政区划</dt><dd><a href="../../jurisdictions/x/">莲都区</a></dd>'
    "<dt>年度</dt><dd>2023</dd></dl>"
    '<h4 id="x-2023-main-002" class="ls-task__head">'
    '<a class="ls-task__num" href="#x" title="本项链接">2</a>'
    '<span class="ls-task__text">推进托育服务&amp;养老</span></h4>'
    '<p class="ls-units" data-pagefind-ignore><span class="ls-role">'
    '<span class="ls-role__name">牵头</span>'
    '<a href="../../units/u/">区发改局</a>、<a href="../../units/v/" title="规范名称:区经济商务局">'
    "区经商局</a></span></p>"
    '<div class="ls-scroll" data-pagefind-ignore>\n'
    "<table><tr><td>人均生产总值</td></tr></table>\n</div>"
    '<p class="ls-officials">王某</p></div>' + END + "<footer>页脚</footer></body></html>"
)
UNIT = (
    START
    + '<div class="ls-page"><h1 data-pagefind-meta="title">区卫生健康局</h1><dl class="ls-meta">'
    '<dt>行政区划</dt><dd><a href="x">莲都区</a></dd><dt>原文写法</dt><dd class="ls-aliases">'
    '<span class="ls-alias">区卫健局</span>、<span class="ls-alias">区卫生健康局</span></dd></dl>'
    '<h2 id="r"><a href="y">2023 · 报告</a></h2><div class="ls-scroll" data-pagefind-ignore>'
    "<table><tr><td>托育</td></tr></table></div></div>" + END
)


def heading_texts(html: str, tag: str) -> list[str]:
    return [node.text() for node in parse_html(html).find_all(tag)]


def items(html: str) -> list[tuple[str, str]]:
    """A copy's items: (anchor, the words up to the next anchor), as search.js cuts them."""
    [paragraph] = re.findall(r"<p data-pagefind-weight=[^>]*>(.*?)</p>", html)
    found = re.findall(r'<a id="([^"]*)"></a>([^<]*)', paragraph)
    return [(anchor, re.sub(r"\s*¦$", "", text.strip())) for anchor, text in found]


def test_text_is_folded_to_simplified_half_width_forms() -> None:
    assert fold("養老服務") == "养老服务"
    assert fold("區發改局 ６．５％ ＧＤＰ") == "区发改局 6.5% gdp"


def test_chinese_becomes_overlapping_bigrams_that_stop_at_punctuation() -> None:
    assert words("老旧小区、区发改局") == ["老旧", "旧小", "小区", "、", "区发", "发改", "改局"]
    assert words("乡村 振兴") == ["乡村", BREAK, "振兴"]
    assert words("局") == ["局"]


def test_numbers_are_whole_words() -> None:
    assert words("增长6.5%以上,3.65,第65项") == [
        "增长", "nn6d5p", "以上", ",", "nn3d65", ",", "第", "nn65", "项",
    ]  # fmt: skip
    assert number_word("6.50") == number_word("6.5") != number_word("6.5%")
    assert number_word("007") == "nn7"


def test_a_tasks_own_number_is_a_word_of_its_own_kind() -> None:
    """Task 65 is not a 65 of a text: a query's 65 finds the texts, 第65项 the task."""
    assert item_number_words("65") == ["nx65"] != words("65")
    assert item_number_words("007") == ["nx7"]
    assert item_number_words("(1)") == words("(1)")  # not plain digits: as text


def test_a_task_is_one_item_with_its_units_roles_and_canonical_names() -> None:
    page = read_page(REPORT, "reports/x-2023/index.html")
    assert page is not None and page.kind == "task"
    assert page.facts["行政区划"] == "莲都区" and page.facts["年度"] == "2023"
    task = next(item for item in page.items if item.anchor == "x-2023-main-002")
    text = " ".join(task.texts)
    assert "推进托育服务&养老" in text and "牵头" in text and "区发改局" in text
    assert "(区经济商务局)" in text and "王某" in text
    for elsewhere in ("人均生产总值", "导航", "页脚"):
        assert all(elsewhere not in t for item in page.items for t in item.texts)


def test_a_report_copy_carries_its_result_line_and_each_item_after_its_anchor() -> None:
    page = read_page(REPORT, "reports/x-2023/index.html")
    assert page is not None
    [html] = copies(page, "/reports/x-2023/")
    tree = parse_html(html)
    meta = {
        n.attrs["data-pagefind-meta"]: n.text()
        for n in tree.find_all("p")
        if "data-pagefind-meta" in n.attrs
    }
    assert meta["url"] == "/reports/x-2023/" and meta["district"] == "莲都区"
    assert meta["year"] == "2023" and meta["title"] == "2023年某区重点工作"
    text = dict(items(html))["x-2023-main-002"]
    assert text.startswith("nx2 推进 进托 托育 育服 服务 &amp; 养老")  # its own number
    assert page.items[1].number == "2" and "2" not in page.items[1].texts
    assert "牵头 ¦ 区发 发改 改局 ¦ 、" in text
    assert "局区" not in text  # no bigram across the list's 、
    assert 'data-pagefind-weight="2"' in html  # as Pagefind weighs an <h6>
    assert scope(html) == [district_word("莲都区"), "zy2023z"]
    assert district_word("莲都区") == "zd0083b20090fd00533az"


def scope(html: str) -> list[str]:
    """The words a copy holds before its first item: its district's and year's, which
    search.js adds to a query naming them."""
    [paragraph] = re.findall(r"<p data-pagefind-weight=[^>]*>(.*?)</p>", html)
    return paragraph.split("<a id=")[0].split()


def test_places_lists_every_name_a_reader_may_type_for_a_filter_value() -> None:
    rows = [
        {"short_name": "莲都区", "name": "丽水市莲都区"},
        {"short_name": "江西省", "name": "江西省"},
        {"short_name": "县", "name": "某某 县"},
        {"short_name": "廣豐區", "name": "上饒市廣豐區"},
    ]
    listed = json.loads(places(rows))["places"]
    assert listed[0] == {
        "value": "莲都区",
        "word": district_word("莲都区"),
        "names": ["莲都区", "丽水市莲都区", "莲都"],
    }
    assert [place["names"] for place in listed[1:3]] == [["江西省", "江西"], ["县", "某某 县"]]
    assert listed[3]["value"] == "廣豐區"  # as pages show it, and its copies' word
    assert listed[3]["word"] == district_word("廣豐區")
    assert listed[3]["names"] == ["广丰区", "上饶市广丰区", "广丰"]  # as search.js folds


def test_a_long_report_is_split_into_pieces_at_item_boundaries() -> None:
    body = "".join(
        f'<h4 id="t-{i}"><span>第{i}项推进老旧小区改造和城市更新工作{"。" * 3}</span></h4>'
        for i in range(400)
    )
    page = read_page(START + body + END, "reports/x/index.html")
    assert page is not None
    pieces = copies(page, "/reports/x/")
    assert len(pieces) > 1
    anchors = [anchor for piece in pieces for anchor, _text in items(piece)]
    assert anchors == [f"t-{i}" for i in range(400)]  # every task once, in order
    assert copy_paths("reports/x/index.html", 3)[1:] == [
        "reports/x/index.2.html",
        "reports/x/index.3.html",
    ]


def test_a_unit_copy_holds_every_published_spelling_as_separate_names() -> None:
    page = read_page(UNIT, "units/u/index.html")
    assert page is not None and page.kind == "unit"
    assert page.names == ["区卫生健康局", "区卫健局"]
    [html] = copies(page, "/units/u/")
    assert "区卫 卫健 健局" in heading_texts(html, "h1")[0]
    assert "局区" not in html and "托育" not in html  # the task table is the reports'
    assert "zd" not in html  # found by its names, wherever the reader is
    assert 'data-pagefind-weight="10"' in html  # a name ranks above a task naming it


def test_a_jurisdiction_is_also_found_without_its_level() -> None:
    html = START + '<h1 data-pagefind-meta="title">莲都区 <small>丽水市莲都区</small></h1>' + END
    page = read_page(html, "jurisdictions/liandu/index.html")
    assert page is not None and page.names == ["莲都区", "丽水市莲都区", "莲都"]


def test_stale_pieces_of_a_changed_page_and_every_unit_copy_are_found(tmp_path: Path) -> None:
    for name in ("reports/x/index.html", "reports/x/index.2.html", "reports/x/index.3.html"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "reports/y").mkdir()
    (tmp_path / "reports/y/index.html").write_text("y", encoding="utf-8")
    (tmp_path / GROUPS).mkdir(parents=True)
    (tmp_path / GROUPS / "u.html").write_text("u", encoding="utf-8")
    assert stale_copies(tmp_path, {"reports/x/index.html"}) == {
        "reports/x/index.html",
        "reports/x/index.2.html",
        "reports/x/index.3.html",
        f"{GROUPS}/u.html",
    }


def test_the_units_of_a_district_are_one_copy_with_an_item_per_unit(tmp_path: Path) -> None:
    site, stage = tmp_path / "site", tmp_path / "stage"
    other = UNIT.replace("区卫生健康局", "区教育局").replace("区卫健局", "区教育局")
    for slug, html in (("liandu-wj", UNIT), ("liandu-jy", other), ("x-wj", UNIT)):
        (site / "units" / slug).mkdir(parents=True)
        html = html.replace("莲都区", "某县") if slug.startswith("x-") else html
        (site / "units" / slug / "index.html").write_text(html, encoding="utf-8")
    # Only a report page changed: the unit copies are written again all the same.
    assert stage_index_copies(site, stage, only={"reports/r/index.html"}) == 3
    [liandu, other_county] = sorted((stage / GROUPS).iterdir())
    assert liandu.name == "liandu-jy.html" and other_county.name == "x-wj.html"
    html = liandu.read_text(encoding="utf-8")
    meta = {
        n.attrs["data-pagefind-meta"]: n.text()
        for n in parse_html(html).find_all("p")
        if "data-pagefind-meta" in n.attrs
    }
    assert meta["kind"] == "units" and meta["district"] == "莲都区"
    assert scope(html) == [district_word("莲都区")]
    assert items(html) == [
        ("/units/liandu-jy/", "区教 教育 育局"),
        ("/units/liandu-wj/", "区卫 卫生 生健 健康 康局 ¦ 区卫 卫健 健局"),
    ]
    assert 'data-pagefind-weight="10"' in html  # a name ranks above a task naming it


def test_the_browser_fold_table_is_generated_from_the_same_data() -> None:
    vendored = Path(__file__).parents[1] / "site_src/assets/javascripts/search-fold.js"
    assert vendored.read_text(encoding="utf-8") == fold_js()
    assert "養养" in fold_js()


def test_a_page_without_markers_is_not_indexed() -> None:
    assert indexed_part("<html><body>正文</body></html>") is None


def test_pagefind_writes_in_memory_only_where_there_is_room(tmp_path: Path) -> None:
    root = tmp_path / "shm"
    dead = root / "luoshi-pagefind-4194999-abcdefgh"  # above Linux's largest pid
    mine = root / f"luoshi-pagefind-{os.getpid()}-abcdefgh"
    dead.mkdir(parents=True)
    mine.mkdir()
    folder = memory_folder(1000, root)
    assert folder is not None and folder.parent == root and folder.is_dir()
    assert folder.name.startswith(f"luoshi-pagefind-{os.getpid()}-")
    assert not dead.exists()  # left by a killed build
    assert mine.exists()  # this process's: still in use
    assert memory_folder(10**18, root) is None  # no room: the caller writes to disk
    assert memory_folder(1, tmp_path / "missing") is None
