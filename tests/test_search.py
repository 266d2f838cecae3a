"""The search copies Pagefind indexes: one token per Chinese character, only what is
searched, each fact once."""

from __future__ import annotations

from luoshi.search import END, START, indexed_part, slim, spaced

PAGE = (
    "<html><body><nav>导航</nav>" + START + '<div class="ls-page">'
    '<h4 id="liandu-2023-main-002" class="ls-task__head"><a href="#x" title="本项链接">2</a>'
    '<span class="ls-task__text">推进托育服务</span></h4>'
    '<p class="ls-units" data-pagefind-ignore><a href="../../units/u/">区发改局</a></p>'
    '<ol class="ls-groups" data-pagefind-ignore><li>第1部分 区经商局</li></ol>'
    '<div class="ls-scroll" data-pagefind-ignore>\n'
    "<table><tr><td>人均生产总值</td></tr></table>\n</div>"
    '<p class="ls-officials">王某</p></div>' + END + "<footer>页脚</footer></body></html>"
)


def test_the_copy_holds_the_task_but_not_what_other_pages_index() -> None:
    part = indexed_part(PAGE)
    assert part is not None
    assert "推进托育服务" in part and "王某" in part
    for elsewhere in ("区发改局", "区经商局", "人均生产总值", "导航", "页脚"):
        assert elsewhere not in part


def test_tags_keep_only_what_pagefind_reads() -> None:
    html = slim(
        '<h4 id="t-1" class="x"><a href="#t-1" title="链接">1</a></h4>'
        '<h1 data-pagefind-meta="title">题</h1>'
    )
    assert html == '<h4 id="t-1"><a>1</a></h4><h1 data-pagefind-meta="title">题</h1>'


def test_every_chinese_character_is_its_own_token() -> None:
    assert (
        spaced('<span title="托育">推进托育 ABC</span>')
        == '<span title="托育">推 进 托 育 ABC</span>'
    )


def test_a_chinese_character_is_split_from_digits_and_punctuation_too() -> None:
    assert spaced("<p>增长6.5%以上。“乡村”2022年A&amp;B</p>") == (
        "<p>增 长 6.5% 以 上 。“ 乡 村 ”2022 年 A&amp;B</p>"
    )


def test_a_page_without_markers_is_not_indexed() -> None:
    assert indexed_part("<html><body>正文</body></html>") is None
