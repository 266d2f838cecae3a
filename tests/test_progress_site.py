"""Progress on the site: statuses, roll-ups, history, 序时 pace, targets against actuals,
Atom feeds and the latest-status download, checked against the mini fixture's rows."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import openpyxl
import pytest
from conftest import MINI, Built, Node, build, copy_built, copy_package, edit_csv
from luoshi import feeds
from luoshi.build import PROJECT
from luoshi.package import load
from luoshi.pages.model import Site
from luoshi.searchpage import read_page
from luoshi.vocab import STATUS_LABELS as STATUSES

A = "{http://www.w3.org/2005/Atom}"
LABELS = STATUSES | {"none": "无进展数据"}


# -- the fixture's facts, read independently of the code under test ----------------


def latest_by_task(built: Built) -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for row in built.rows("progress"):
        if row["task_id"]:
            known = found.get(row["task_id"])
            if known is None or row["as_of"] > known["as_of"]:
                found[row["task_id"]] = row
    return found


def tasks_of_report(built: Built, report_id: str) -> list[dict[str, str]]:
    lists = {r["id"] for r in built.rows("lists") if r["report_id"] == report_id}
    return [t for t in built.rows("tasks") if t["list_id"] in lists]


def expected_rollup(built: Built, report_id: str) -> Counter[str]:
    latest = latest_by_task(built)
    return Counter(
        latest[t["id"]]["status"] if t["id"] in latest else "none"
        for t in tasks_of_report(built, report_id)
    )


def rollup_counts(node: Node) -> dict[str, int]:
    """{label: count} from a roll-up's list of counts."""
    counts = {}
    for item in node.find(class_="ls-rollup__counts").find_all("li"):
        label, count = item.text().rsplit(" ", 1)
        counts[label.strip()] = int(count)
    return counts


# -- report page ------------------------------------------------------------------------


@pytest.mark.parametrize("report_id", ["liandu-2023", "liandu-2023-gongfu"])
def test_report_rollup_counts_every_task(mini_site: Built, report_id: str) -> None:
    page = mini_site.html(f"reports/{report_id}/")
    summary = page.find(class_="ls-progress-summary")
    expected = expected_rollup(mini_site, report_id)
    shown = rollup_counts(summary)
    assert shown == {LABELS[s]: expected.get(s, 0) for s in LABELS}
    bar = summary.find(class_="ls-bar")
    assert bar.attrs["aria-hidden"] == "true"  # the list above says it in words
    titles = sorted(seg.attrs["title"] for seg in bar.find_all("span"))
    assert titles == sorted(f"{LABELS[s]} {n}" for s, n in expected.items())


def test_report_status_filter_markup(mini_site: Built) -> None:
    page = mini_site.html("reports/liandu-2023/")
    form = page.find("form", class_="ls-filters")
    select = form.find("select", name="status")
    assert form.find("label").attrs["for"] == select.attrs["id"]
    options = {o.attrs["value"]: o.text() for o in select.find_all("option")}
    expected = expected_rollup(mini_site, "liandu-2023")
    assert options.pop("") == f"全部任务({sum(expected.values())})"
    assert options == {s: f"{LABELS[s]}({n})" for s, n in expected.items()}
    latest = latest_by_task(mini_site)
    for task in tasks_of_report(mini_site, "liandu-2023"):
        section = page.by_id(task["id"]).parent
        assert section is not None and section.tag == "section"
        own = latest[task["id"]]["status"] if task["id"] in latest else "none"
        assert own in section.attrs["data-f-status"].split()


def test_parent_task_matches_its_key_tasks_statuses(mini_site: Built) -> None:
    page = mini_site.html("reports/liandu-2023-gongfu/")
    latest = latest_by_task(mini_site)
    parent = page.by_id("liandu-2023-gongfu-annex2-001").parent
    key_tasks = [
        t for t in mini_site.rows("tasks") if t["parent_id"] == "liandu-2023-gongfu-annex2-001"
    ]
    wanted = {latest[t["id"]]["status"] for t in key_tasks if t["id"] in latest}
    wanted.add(latest["liandu-2023-gongfu-annex2-001"]["status"])
    assert parent is not None
    assert set(parent.attrs["data-f-status"].split()) == wanted


def test_task_latest_status_history_and_pace(mini_site: Built) -> None:
    task_id = "liandu-2023-main-001"
    rows = sorted(
        (r for r in mini_site.rows("progress") if r["task_id"] == task_id), key=lambda r: r["as_of"]
    )
    block = mini_site.html("reports/liandu-2023/").by_id(task_id).parent
    assert block is not None
    box = block.find(class_="ls-progress")
    head = box.find(class_="ls-progress__head")
    assert head.find(class_="ls-status").text() == STATUSES[rows[-1]["status"]]
    assert head.find("time").attrs["datetime"] == rows[-1]["as_of"]
    assert rows[-1]["value"] in head.text()
    assert box.find(class_="ls-progress__text").text() == rows[-1]["text"]  # escaped, not markup
    assert not box.find_all("b")
    pace = box.find(class_="ls-pace")
    assert "ls-pace--behind" in pace.attrs["class"]
    assert "应完成约75%,实际完成42%,落后于序时进度" in pace.text()
    history = box.find("details", class_="ls-history")
    items = history.find("ol").find_all("li")
    assert [li.find("time").attrs["datetime"] for li in items] == [r["as_of"] for r in rows]
    assert [li.find(class_="ls-status").text() for li in items] == [
        STATUSES[r["status"]] for r in rows
    ]


def test_a_task_is_searched_with_its_latest_status_in_words(mini_site: Built) -> None:
    """Search reads a task's status as the page words it (已完成 养老 finds done tasks),
    but not its progress text, date or history."""
    task_id = "liandu-2023-main-001"
    rows = sorted(
        (r for r in mini_site.rows("progress") if r["task_id"] == task_id), key=lambda r: r["as_of"]
    )
    path = "reports/liandu-2023/index.html"
    page = read_page(mini_site.page_path("reports/liandu-2023/").read_text("utf-8"), path)
    assert page is not None
    [item] = [item for item in page.items if item.anchor == task_id]
    text = " ".join(item.texts)
    assert STATUSES[rows[-1]["status"]] in text and rows[-1]["value"] in text
    assert rows[-1]["text"] not in text and rows[-1]["as_of"] not in text
    assert all(
        STATUSES[r["status"]] not in text for r in rows[:-1] if r["status"] != rows[-1]["status"]
    )


def test_ahead_task_is_not_behind_its_pace(mini_site: Built) -> None:
    block = mini_site.html("reports/liandu-2023-gongfu/").by_id("liandu-2023-gongfu-annex2-001-001")
    pace = block.parent.find(class_="ls-pace")  # type: ignore[union-attr]
    assert "ls-pace--behind" not in pace.attrs["class"]
    assert "实际完成80%,达到或超过序时进度" in pace.text()


# -- unit, jurisdiction, home, indicator ---------------------------------------------


def test_unit_scorecard_and_task_statuses(mini_site: Built) -> None:
    unit_id = "liandu-qufagaiju"
    page = mini_site.html(f"units/{unit_id}/")
    latest = latest_by_task(mini_site)
    own = {
        a["task_id"]
        for a in mini_site.rows("assignments")
        if a["unit_id"] == unit_id and a["task_id"] and a["role"] != "co-organiser"
    }
    table = page.find(class_="ls-rollup-table").find("table")
    header = [th.text() for th in table.find("thead").find_all("th")][1:]
    totals = Counter()
    for tr in table.find("tbody").find_all("tr"):
        for label, td in zip(header, tr.find_all("td")[1:], strict=True):
            totals[label] += int(td.text())
    expected = Counter(LABELS[latest[t]["status"] if t in latest else "none"] for t in own)
    assert +totals == expected
    cells = [
        tr.find_all("td")[-1].text()
        for tr in page.find_all("tr")
        if tr.parent is not None and tr.parent.tag == "tbody" and len(tr.find_all("td")) == 4
    ]
    assert any(c.startswith("滞后") and "2023-09-30" in c for c in cells)
    assert any(c.startswith("未启动") for c in cells)


def test_jurisdiction_and_home_rollups(mini_site: Built) -> None:
    for url in ("jurisdictions/liandu/", ""):
        table = mini_site.html(url).find(class_="ls-rollup-table").find("table")
        header = [th.text() for th in table.find("thead").find_all("th")][-len(LABELS) :]
        assert header == list(LABELS.values())
        rows = table.find("tbody").find_all("tr")
        assert rows
        for tr in rows:
            link = [a for a in tr.find_all("a") if "/reports/" in a.attrs["href"]][0]
            report_id = link.attrs["href"].split("/reports/")[1].split("/")[0]
            expected = expected_rollup(mini_site, report_id)
            counts = [int(td.text()) for td in tr.find_all("td")[-len(LABELS) :]]
            assert counts == [expected.get(s, 0) for s in LABELS]
    total = sum((expected_rollup(mini_site, r["id"]) for r in mini_site.rows("reports")), Counter())
    shown = rollup_counts(mini_site.html("").find(class_="ls-rollup"))
    assert shown == {LABELS[s]: total.get(s, 0) for s in LABELS}


def test_indicator_target_against_actual(mini_site: Built) -> None:
    from luoshi.pages.model import indicator_slug

    verdicts = {}
    for row in mini_site.rows("progress"):
        if not row["indicator_id"]:
            continue
        indicator = next(i for i in mini_site.rows("indicators") if i["id"] == row["indicator_id"])
        page = mini_site.html(
            f"indicators/{indicator_slug(indicator['name'], indicator['base_name'])}/"
        )
        table = page.by_id("实际完成").parent.find_all("table")[-1]  # type: ignore[union-attr]
        tr = table.find("tbody").find("tr")
        cells = [td.text() for td in tr.find_all("td")]
        assert cells[2] == indicator["target_text"] and cells[3] == row["value"]
        verdicts[indicator["target_text"]] = (tr.attrs["data-verdict"], cells[5])
    assert verdicts["增长1.3%"] == ("not-met", "未达成 增长 1.3% 对 增长 0.8%:未达成")
    assert verdicts["15"][0] == "met" and verdicts["15"][1].startswith("已达成")
    assert verdicts["9"][0] == "unjudged" and "不作判断" in verdicts["9"][1]


# -- feeds ---------------------------------------------------------------------------


def parse_feed(path: Path) -> ET.Element:
    return ET.fromstring(path.read_bytes())


def test_feeds_exist_and_are_linked(mini_site: Built) -> None:
    pages = {
        "": "feed.xml",
        "jurisdictions/liandu/": "jurisdictions/liandu/feed.xml",
        "reports/liandu-2023/": "jurisdictions/liandu/feed.xml",
        "units/liandu-qufagaiju/": "units/liandu-qufagaiju/feed.xml",
    }
    for url, feed in pages.items():
        links = [
            link.attrs["href"]
            for link in mini_site.html(url).find_all("link", rel="alternate")
            if link.attrs.get("type") == "application/atom+xml"
        ]
        targets = {urlsplit(urljoin(f"https://x/{url}", href)).path.lstrip("/") for href in links}
        assert feed in targets and "feed.xml" in targets
        for target in targets:
            assert (mini_site.site / target).is_file()


def test_jurisdiction_feed_entries(mini_site: Built) -> None:
    root = parse_feed(mini_site.site / "jurisdictions/liandu/feed.xml")
    assert root.tag == f"{A}feed"
    entries = root.findall(f"{A}entry")
    ids = [e.findtext(f"{A}id") for e in entries]
    assert len(ids) == len(set(ids)) and all(i.startswith("tag:luoshi,2023:") for i in ids)
    reports = [r for r in mini_site.rows("reports") if r["jurisdiction_id"] == "liandu"]
    for report in reports:
        entry = entries[ids.index(f"tag:luoshi,2023:reports/{report['id']}")]
        assert entry.findtext(f"{A}title") == f"新文件:{report['title']}"
        assert entry.findtext(f"{A}updated").startswith(report["published"][:19])
    # Status changes: every first report, and main-001's change from 序时推进 to 滞后.
    changes = {
        i.split("progress/")[1]: e for i, e in zip(ids, entries, strict=True) if "progress/" in i
    }
    expected = {r["id"] for r in mini_site.rows("progress")}
    assert set(changes) == expected  # the fixture has no repeated status
    change = changes["liandu-2023-main-001-p20230930"]
    assert change.findtext(f"{A}title").startswith("滞后(原为序时推进)")
    assert change.findtext(f"{A}updated") == "2023-09-30T00:00:00+08:00"
    assert "<b>前三季度</b>增长4.1%。" in change.findtext(f"{A}summary")  # text, escaped in XML
    href = change.find(f"{A}link").get("href")
    target = urljoin("https://x/jurisdictions/liandu/feed.xml", href)
    path, fragment = urlsplit(target).path.lstrip("/"), urlsplit(target).fragment
    assert fragment == "liandu-2023-main-001"
    assert mini_site.html(path).by_id(fragment)
    dates = [dt.datetime.fromisoformat(e.findtext(f"{A}updated")) for e in entries]
    assert dates == sorted(dates, reverse=True)
    assert root.findtext(f"{A}updated") == entries[0].findtext(f"{A}updated")


def test_unit_feed_lists_only_its_tasks(mini_site: Built) -> None:
    unit_id = "liandu-qujingshangju"
    root = parse_feed(mini_site.site / f"units/{unit_id}/feed.xml")
    ids = {e.findtext(f"{A}id") for e in root.findall(f"{A}entry")}
    mine = {
        a["task_id"] or a["indicator_id"]
        for a in mini_site.rows("assignments")
        if a["unit_id"] == unit_id
    }
    expected = {
        f"tag:luoshi,2023:progress/{r['id']}"
        for r in mini_site.rows("progress")
        if (r["task_id"] or r["indicator_id"]) in mine
    }
    assert {i for i in ids if "progress/" in i} == expected


def test_feed_bytes_come_from_the_data(mini_site: Built) -> None:
    """The built feed is what the data gives, whatever the build's clock or epoch."""
    site = Site.from_package(load(MINI / "datapackage.json"))
    built = (mini_site.site / "feed.xml").read_bytes()
    assert feeds.site_feed(site, 0) == built
    assert feeds.site_feed(site, 2_000_000_000) == built
    path, data = feeds.jurisdiction_feed(site, "liandu", 0)
    assert data == (mini_site.site / path).read_bytes()
    assert (
        parse_feed(mini_site.site / "feed.xml").findtext(f"{A}updated")
        == "2023-12-31T00:00:00+08:00"
    )


def test_feed_without_entries_uses_fallback_and_escapes(tmp_path: Path) -> None:
    package = copy_package(tmp_path / "pkg")
    edit_csv(package / "progress.csv", lambda rows: [])
    edit_csv(
        package / "jurisdictions.csv",
        lambda rows: [r | {"name": r["name"] + "<&>\x01"} for r in rows],
    )
    site = Site.from_package(load(package / "datapackage.json"))
    path, data = feeds.jurisdiction_feed(site, "zhejiang", 1_700_000_000)
    root = ET.fromstring(data)
    assert root.findall(f"{A}entry") == []
    assert root.findtext(f"{A}updated") == "2023-11-14T22:13:20+00:00"
    assert root.findtext(f"{A}title") == "浙江省<&>:新文件与进展"


# -- downloads -------------------------------------------------------------------------


def test_latest_status_table(mini_site: Built) -> None:
    data = (mini_site.site / "downloads/progress-latest.csv").read_bytes()
    assert data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    latest = latest_by_task(mini_site)
    assert [r["任务标识"] for r in rows] != [] and len(rows) == len(mini_site.rows("tasks"))
    for row in rows:
        found = latest.get(row["任务标识"])
        assert row["最新状态"] == (STATUSES[found["status"]] if found else "无进展数据")
        assert row["截至日期"] == (found["as_of"] if found else "")
        assert row["完成率"] == (found["rate"] if found else "")
    book = openpyxl.load_workbook(mini_site.site / "downloads/progress-latest.xlsx", read_only=True)
    sheet = book.worksheets[0]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    values = {
        r[0]: dict(zip(header, r, strict=False))
        for r in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert values["liandu-2023-main-001"]["完成率"] == 42  # a number Excel sorts as one
    assert values["liandu-2023-main-001"]["年度"] == 2023
    page = mini_site.html("downloads/")
    heading = page.by_id("表-progress-latest")
    assert heading.tag == "h3"
    linked = {
        a.attrs["href"].rsplit("/", 1)[-1] for a in page.by_id("最新进展表").parent.find_all("a")
    }
    assert {"progress-latest.csv", "progress-latest.xlsx"} <= linked
    text = page.text()
    for name in header:
        assert name in text


# -- colours ---------------------------------------------------------------------------


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_status_colours_pass_wcag_aa() -> None:
    css = (PROJECT / "site_src/assets/stylesheets/luoshi.css").read_text(encoding="utf-8")
    # Light: the :root block; dark: the block the system setting switches on.
    blocks = re.findall(
        r"(:root|\[data-md-color-scheme=\"default\"\]) \{([^}]*--ls-st-[^}]*)\}", css
    )
    assert len(blocks) == 2
    pages = {":root": "#ffffff", '[data-md-color-scheme="default"]': "#1e2129"}
    for scheme, body in blocks:
        colours = dict(re.findall(r"--ls-st-([a-z-]+):\s*(#[0-9a-f]{6}|transparent)", body))
        for status in LABELS:
            fg, bg = colours[f"{status}-fg"], colours[f"{status}-bg"]
            bg = pages[scheme] if bg == "transparent" else bg
            assert _contrast(fg, bg) >= 4.5, (scheme, status)
            assert _contrast(fg, pages[scheme]) >= 4.5, (scheme, status)


def test_progress_changes_rebuild_only_their_part(
    mini_site: Built, tmp_path: Path, epoch_env: None
) -> None:
    """A new progress row changes the report page, the unit page and the feeds."""
    package = copy_package(tmp_path / "pkg")
    first = Built(copy_built(mini_site, tmp_path / "site"), package)  # with its part cache
    before = (first.site / "jurisdictions/liandu/feed.xml").read_bytes()
    edit_csv(
        package / "progress.csv",
        lambda rows: sorted(
            [
                *rows,
                rows[-1]
                | {
                    "id": "liandu-2023-main-002-p20231231",
                    "task_id": "liandu-2023-main-002",
                    "as_of": "2023-12-31",
                    "status": "adjusted",
                    "status_text": "不再推进",
                },
            ],
            key=lambda r: r["id"],
        ),
    )
    second = build(package, tmp_path / "site")
    after = parse_feed(second.site / "jurisdictions/liandu/feed.xml")
    assert (second.site / "jurisdictions/liandu/feed.xml").read_bytes() != before
    first_entry = after.findall(f"{A}entry")[0]
    assert (
        first_entry.findtext(f"{A}id") == "tag:luoshi,2023:progress/liandu-2023-main-002-p20231231"
    )
    assert first_entry.findtext(f"{A}title").startswith("调整(原为已完成)")
    block = second.html("reports/liandu-2023/").by_id("liandu-2023-main-002").parent
    assert block.find(class_="ls-status").text() == "调整"  # type: ignore[union-attr]
    site_feed = parse_feed(second.site / "feed.xml")
    assert "tag:luoshi,2023:progress/liandu-2023-main-002-p20231231" in {
        e.findtext(f"{A}id") for e in site_feed.findall(f"{A}entry")
    }
