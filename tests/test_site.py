"""The built site compared with its data: every page, task, unit, role and count."""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit

import pytest
from conftest import MINI, Built, Node, build, copy_package, edit_csv, parse_html
from luoshi.build import PROJECT, BuildFailed
from luoshi.pages import indicator as indicator_page
from luoshi.pages import meta, views
from luoshi.pages import report as report_page
from luoshi.pages.model import comparison_key, indicator_slug
from luoshi.vocab import ROLE_LABELS


def task_order(built: Built, report_id: str) -> list[str]:
    """The report's task ids in published order: list, top-level task, key task."""
    lists = {
        r["id"]: int(r["position"]) for r in built.rows("lists") if r["report_id"] == report_id
    }
    tasks = {t["id"]: t for t in built.rows("tasks") if t["list_id"] in lists}

    def key(task: dict[str, str]) -> tuple[int, int, int]:
        parent = tasks.get(task["parent_id"])
        if parent:
            return (lists[task["list_id"]], int(parent["position"]), int(task["position"]))
        return (lists[task["list_id"]], int(task["position"]), 0)

    return [t["id"] for t in sorted(tasks.values(), key=key)]


def task_heading(page: Node, task_id: str) -> Node:
    heading = page.by_id(task_id)
    assert heading.tag in {"h3", "h4", "h5", "h6"}
    return heading


def task_block(page: Node, task_id: str) -> Node:
    return task_heading(page, task_id).parent  # type: ignore[return-value]


def test_every_row_has_its_page(mini_site: Built) -> None:
    for row in mini_site.rows("jurisdictions"):
        assert (
            mini_site.html(f"jurisdictions/{row['id']}/")
            .find("h1")
            .text()
            .startswith(row["short_name"])
        )
    for row in mini_site.rows("reports"):
        assert mini_site.html(f"reports/{row['id']}/").find("h1").text() == row["title"]
    for row in mini_site.rows("units"):
        assert mini_site.html(f"units/{row['id']}/").find("h1").text() == row["name"]
    for row in mini_site.rows("indicators"):
        slug = indicator_slug(row["name"], row["base_name"])
        assert mini_site.html(f"indicators/{slug}/").find("h1").text() == row["name"]


def test_report_lists_every_task_in_published_order(mini_site: Built) -> None:
    tasks = {t["id"]: t for t in mini_site.rows("tasks")}
    for report in mini_site.rows("reports"):
        page = mini_site.html(f"reports/{report['id']}/")
        anchored = [h.attrs["id"] for h in page.iter() if h.attrs.get("id") in tasks]
        assert anchored == task_order(mini_site, report["id"])
        for task_id in anchored:
            task = tasks[task_id]
            heading = task_heading(page, task_id)
            assert heading.find("a", class_="ls-task__num").text() == task["number"]
            assert heading.find("a").attrs["href"] == f"#{task_id}"
            shown = task_block(page, task_id).text()
            assert (task["text"] or "(原文无内容)") in shown
            if task["title"]:
                assert task["title"] in heading.text()


def test_report_sections_and_child_tasks_nest(mini_site: Built) -> None:
    page = mini_site.html("reports/liandu-2023/")
    sections = [h.text() for h in page.find_all(class_="ls-section")]
    assert sections == ["发展目标", "激发市场活力"]
    gongfu = mini_site.html("reports/liandu-2023-gongfu/")
    child = task_block(gongfu, "liandu-2023-gongfu-annex2-001-001")
    assert child.parent is task_block(gongfu, "liandu-2023-gongfu-annex2-001")
    assert "出台《莲都区建设青年发展型市区的实施意见》。" in child.text()


def test_empty_task_text_is_marked_and_note_shown(mini_site: Built) -> None:
    block = task_block(mini_site.html("reports/liandu-2023/"), "liandu-2023-main-003")
    assert block.find(class_="ls-empty").text() == "(原文无内容)"
    assert "原文此项无内容。" in block.text()


def test_units_linked_with_their_roles(mini_site: Built) -> None:
    page = mini_site.html("reports/liandu-2023/")
    units = {u["id"]: u for u in mini_site.rows("units")}
    for row in mini_site.rows("assignments"):
        if row["task_id"] not in {t for t in task_order(mini_site, "liandu-2023")}:
            continue
        block = task_block(page, row["task_id"])
        roles = {
            role.find(class_="ls-role__name").text(): [
                (a.text(), a.attrs["href"]) for a in role.find_all("a", class_="ls-unit")
            ]
            for role in block.find_all(class_="ls-role")
        }
        link = (row["name_as_published"], f"../../units/{row['unit_id']}/")
        assert link in roles[ROLE_LABELS[row["role"]]], (row["id"], roles)
        assert units[row["unit_id"]]
    first = task_block(page, "liandu-2023-main-001")
    names = [r.find(class_="ls-role__name").text() for r in first.find_all(class_="ls-role")]
    assert names == ["责任", "牵头"]


def test_ambiguous_assignment_is_marked_with_its_note(mini_site: Built) -> None:
    block = task_block(mini_site.html("reports/liandu-2023/"), "liandu-2023-main-002")
    marks = block.find_all("mark", class_="ls-doubt")
    assert marks and marks[0].text() == "存疑"
    assert marks[0].attrs["title"] == "原表格拉平后无法确定此单元格所属栏目"
    assert "原表格拉平后无法确定此单元格所属栏目" in block.text()
    clear = task_block(mini_site.html("reports/liandu-2023/"), "liandu-2023-main-001")
    assert not clear.find_all("mark", class_="ls-doubt")


def test_report_metadata_deadlines_and_downloads(mini_site: Built) -> None:
    page = mini_site.html("reports/liandu-2023-gongfu/")
    meta = {
        dt.text(): dd.text()
        for dt, dd in zip(page.find_all("dt"), page.find_all("dd"), strict=True)
    }
    assert meta["文号"] == "莲社建委〔2023〕1号"
    assert meta["发布机构"] == "中共丽水市莲都区委社会建设委员会"
    assert meta["成文日期"] == "2023-07-24"
    assert meta["来源"] == "原文未载明网址"  # mini ships no source copy
    slice_links = [
        a.attrs["href"]
        for a in page.find_all("a")
        if "downloads/reports/" in a.attrs.get("href", "")
    ]
    folder = mini_site.site / "downloads" / "reports" / "liandu-2023-gongfu"
    page_folder = mini_site.site / "reports" / "liandu-2023-gongfu"
    linked = {(page_folder / href).resolve() for href in slice_links}
    assert linked == set(folder.iterdir())  # every file of the report's slice, nothing else
    assert {path.name for path in linked} == {"tasks.csv", "tasks.xlsx"}


def test_report_indicators_with_baseline_and_target(mini_site: Built) -> None:
    page = mini_site.html("reports/liandu-2023-gongfu/")
    row = page.by_id("liandu-2023-gongfu-indicators-i002")
    cells = [td.text() for td in row.find_all("td")]
    assert cells[:6] == ["2", "物质富裕", "生态系统生产总值(亿元)", "", "增长1.3%", "增长 1.3%"]
    nested = page.by_id("liandu-2023-gongfu-annex2-001-i01")
    assert [td.text() for td in nested.find_all("td")][1:4] == ["青年友好型项目数(个)", "0", "15"]


def test_progress_status_shown(mini_site: Built) -> None:
    block = task_block(mini_site.html("reports/liandu-2023/"), "liandu-2023-main-001")
    progress = block.find(class_="ls-progress")
    rows = sorted(
        (r for r in mini_site.rows("progress") if r["task_id"] == "liandu-2023-main-001"),
        key=lambda r: r["as_of"],
    )
    labels = {"on-schedule": "序时推进", "behind": "滞后"}
    assert progress.find(class_="ls-status").text() == labels[rows[-1]["status"]]  # the latest
    for row in rows:  # every report, the earlier ones in the history
        assert row["as_of"] in progress.text() and row["text"] in progress.text()


def unit_task_rows(page: Node) -> list[Node]:
    """Rows with cells, but not those of the progress scorecard."""
    return [
        tr
        for tr in page.find_all("tr")
        if tr.find_all("td")
        and not any("ls-rollup-table" in a.attrs.get("class", "") for a in tr.ancestors())
    ]


def test_unit_page_lists_tasks_roles_and_aliases(mini_site: Built) -> None:
    page = mini_site.html("units/liandu-qujingshangju/")
    aliases = [a.text() for a in page.find_all(class_="ls-alias")]
    assert aliases == ["区经济商务局", "区经商局"]
    rows = unit_task_rows(page)
    task_rows = [[td.text() for td in tr.find_all("td")] for tr in rows[:1]]
    assert task_rows[0][:3] == ["1", "地区生产总值增长6.5%以上。", "责任"]
    assert task_rows[0][3].startswith("滞后 截至 2023-09-30")  # main-001's latest progress
    assert rows[0].find("a").attrs["href"] == "../../reports/liandu-2023/#liandu-2023-main-001"
    content = page.find(class_="ls-page")
    indicator_links = [a.text() for a in content.find_all("a") if "/indicators/" in a.attrs["href"]]
    assert indicator_links == ["人均生产总值(万元)"]
    both = mini_site.html("units/liandu-qufagaiju/")
    roles = [tr.find_all("td")[2].text() for tr in unit_task_rows(both)]
    assert roles == ["责任、牵头", "责任"]  # main-001 (liandu-2023), then gongfu annex2-001
    gongfu_row = unit_task_rows(both)[1]
    assert gongfu_row.find("small").text() == "标志性成果清单"  # the report has several lists


def test_jurisdiction_page_lists_reports_units_and_indicators(mini_site: Built) -> None:
    page = mini_site.html("jurisdictions/liandu/").find(class_="ls-page")
    links = [a.attrs["href"] for a in page.find_all("a")]
    assert "../../reports/liandu-2023/" in links and "../../reports/liandu-2023-gongfu/" in links
    unit_rows = {
        tr.find("a").text(): [td.text() for td in tr.find_all("td")]
        for tr in page.find_all("tr")
        if tr.find_all("a") and "/units/" in tr.find("a").attrs["href"]
    }
    assert unit_rows["区发改局"][2:4] == ["2", "1"]  # tasks named for, tasks led
    assert unit_rows["各乡镇(街道)"][2] == "1"
    assert list(unit_rows) == ["各乡镇(街道)", "区发改局", "区经商局"]  # by pinyin
    parent = mini_site.html("jurisdictions/lishui/")
    assert "../../jurisdictions/liandu/" in [a.attrs["href"] for a in parent.find_all("a")]


def test_indicator_page_rows_and_chart(mini_site: Built) -> None:
    slug = indicator_slug("青年友好型项目数(个)", "青年友好型项目数")
    page = mini_site.html(f"indicators/{slug}/")
    cells = [td.text() for td in page.find("tbody").find("tr").find_all("td")]
    assert cells[:7] == ["2023", "莲都区", cells[2], "0", "= 0", "15", "= 15"]
    # One place and one year: no chart, and the page says why.
    assert not page.find_all(id="ls-chart-data")
    assert page.find(class_="ls-chart-note").text() == "只有一地一年的数值,不作图。"
    assert not any("chart.umd.min.js" in s.attrs.get("src", "") for s in page.find_all("script"))
    qualitative = mini_site.html(
        f"indicators/{indicator_slug('青年创业帮扶数(次)', '青年创业帮扶数')}/"
    )
    assert not qualitative.find_all(id="ls-chart-data")  # 稳步提升 is not a number
    home = mini_site.html("")
    assert not any("chart" in s.attrs.get("src", "") for s in home.find_all("script"))


def test_indicator_slug_is_stable() -> None:
    assert (
        indicator_slug("人均生产总值(万元)", "人均生产总值")
        == "ren-jun-sheng-chan-zong-zhi-"
        + (hashlib.sha256("人均生产总值(万元)".encode()).hexdigest()[:8])
    )
    assert indicator_slug("人均生产总值(元)", "人均生产总值") != indicator_slug(
        "人均生产总值(万元)", "人均生产总值"
    )


def test_home_counts_match_the_csvs(mini_site: Built) -> None:
    page = mini_site.html("")
    reports = mini_site.rows("reports")
    list_report = {r["id"]: r["report_id"] for r in mini_site.rows("lists")}
    for jurisdiction in mini_site.rows("jurisdictions"):
        own = {r["id"] for r in reports if r["jurisdiction_id"] == jurisdiction["id"]}
        expected = [
            str(len(own)),
            str(sum(list_report[t["list_id"]] in own for t in mini_site.rows("tasks"))),
            str(sum(list_report[i["list_id"]] in own for i in mini_site.rows("indicators"))),
        ]
        row = page.find("tr", **{"data-jurisdiction": jurisdiction["id"]})
        assert [td.text() for td in row.find_all("td")][2:] == expected
    assert page.by_id("ls-total-tasks").text() == str(len(mini_site.rows("tasks")))
    text = page.text()
    assert "2023-07-25" in text  # the latest report date
    assert "2023-11-14" in text  # the build date from SOURCE_DATE_EPOCH


def test_downloads_page_lists_every_file_with_its_hash(mini_site: Built) -> None:
    page = mini_site.html("downloads/")
    listed = {}
    for tr in page.find_all("tr"):
        link = tr.find_all("a")
        if link and link[0].attrs["href"].startswith("../downloads/"):
            listed[link[0].attrs["href"].removeprefix("../downloads/")] = tr.find("code").text()
    assert "luoshi-data.zip" in listed and "datapackage.json" in listed and "tasks.csv" in listed
    for path, digest in listed.items():
        data = (mini_site.site / "downloads" / path).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest
    assert "Creative Commons Attribution 4.0" in page.text()
    descriptor = json.loads((mini_site.package / "datapackage.json").read_text("utf-8"))
    for resource in descriptor["resources"]:  # one table a resource: its fields, in order
        table = table_after(page, page.by_id(f"表-{resource['name']}"))
        names = [tr.find("td").text() for tr in table.find("tbody").find_all("tr")]
        assert names == [f["name"] for f in resource["schema"]["fields"]], resource["name"]
    fields = [
        code.text() for code in page.find_all("code") if code.parent and code.parent.tag == "td"
    ]
    for name in ("ambiguous", "name_as_published", "target_comparator", "source_file"):
        assert name in fields


def table_after(page: Node, heading: Node) -> Node:
    """The first table after `heading` in document order."""
    nodes = list(page.iter())
    start = next(i for i, node in enumerate(nodes) if node is heading)
    return next(node for node in nodes[start:] if node.tag == "table")


def test_internal_links_and_anchors_resolve(mini_site: Built) -> None:
    ids: dict[Path, set[str]] = {}
    for path in mini_site.html_files():
        page = parse_html(path.read_text(encoding="utf-8"))
        ids[path] = {n.attrs["id"] for n in page.iter() if "id" in n.attrs}
    for path in mini_site.html_files():
        page = parse_html(path.read_text(encoding="utf-8"))
        base = "http://site/" + path.relative_to(mini_site.site).as_posix()
        for node in page.iter():
            ref = node.attrs.get("href") or node.attrs.get("src")
            if not ref or node.tag not in {"a", "link", "script", "img"}:
                continue
            url = urlsplit(urljoin(base, ref))
            if url.netloc != "site":
                continue
            local = unquote(url.path)
            if path.name == "404.html" and not ref.startswith("#"):  # from site_url's path
                prefix = urlsplit(meta.site_url()).path
                assert local.startswith(prefix), f"{path}: link outside the site {ref}"
                local = "/" + local[len(prefix) :]
            target = mini_site.site / local.lstrip("/")
            if target.is_dir() or url.path.endswith("/"):
                target = target / "index.html"
            assert target.is_file(), f"{path}: broken link {ref}"
            if url.fragment and target.suffix == ".html" and node.tag == "a":
                assert unquote(url.fragment) in ids[target], f"{path}: no anchor {ref}"


def test_no_page_carries_a_nav_of_all_pages(mini_site: Built) -> None:
    for url in ("", "reports/liandu-2023/", "units/liandu-qufagaiju/"):
        page = mini_site.html(url)
        nav = page.find("nav", class_="md-nav--primary")
        hrefs = [a.attrs["href"] for a in nav.find_all("a") if a.attrs.get("href")]
        assert len(hrefs) <= 12
        assert not [h for h in hrefs if "liandu" in h]


def test_no_request_to_another_host_is_written_into_pages(mini_site: Built) -> None:
    for path in mini_site.html_files():
        page = parse_html(path.read_text(encoding="utf-8"))
        for node in page.find_all("script") + page.find_all("link"):
            ref = node.attrs.get("src") or node.attrs.get("href") or ""
            if node.tag == "link" and node.attrs.get("rel") not in (
                "stylesheet",
                "icon",
                "preload",
            ):
                continue
            assert "//" not in ref, f"{path}: {ref}"


def test_our_scripts_are_published_without_their_comments(mini_site: Built) -> None:
    """site_src's scripts reach readers minified: no comment, a fraction of the bytes,
    the same code (the browser tests run it)."""
    source = PROJECT / "site_src" / "assets" / "javascripts"
    for script in sorted(source.glob("*.js")):
        written = script.read_text(encoding="utf-8")
        published = (mini_site.site / "assets" / "javascripts" / script.name).read_text("utf-8")
        assert "// " not in published and "/*" not in published, script.name
        assert published.count("function") == written.count("function"), script.name
        if script.name != "search-fold.js":  # a table of characters, hardly a comment
            assert len(published) < 0.8 * len(written), script.name


def test_generated_pages_are_indexed_for_search(mini_site: Built) -> None:
    report = mini_site.html("reports/liandu-2023/")
    body = report.find(**{"data-pagefind-body": ""})
    assert body.find_all(id="liandu-2023-main-002")
    assert (
        report.find(**{"data-pagefind-meta": "title"}).text()
        == "2023年莲都区政府工作报告重点工作责任分解"
    )
    # Pagefind writes filter indexes in a random order: no filters, so builds stay reproducible.
    assert not [n for n in report.iter() if "data-pagefind-filter" in n.attrs]
    assert not mini_site.html("").find_all(**{"data-pagefind-body": ""})
    assert (mini_site.site / "pagefind" / "pagefind-ui.js").is_file()
    assert (mini_site.site / "search" / "index.html").is_file()


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_same_data_builds_the_same_bytes(mini_site: Built, tmp_path: Path) -> None:
    again = build(MINI, tmp_path / "site")
    first, second = snapshot(mini_site.site), snapshot(again.site)
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []


def test_broken_package_fails_and_leaves_out_untouched(mini_site: Built, tmp_path: Path) -> None:
    package = copy_package(tmp_path / "broken")
    edit_csv(
        package / "assignments.csv",
        lambda rows: [
            r | {"unit_id": "liandu-nosuchunit"} if r["id"] == "liandu-2023-main-001-u02" else r
            for r in rows
        ],
    )
    out = tmp_path / "out" / "site"
    shutil.copytree(mini_site.site, out)
    before = snapshot(out)
    with pytest.raises(BuildFailed) as failure:
        build(package, out)
    message = str(failure.value)
    assert "assignments.csv:5" in message and "liandu-nosuchunit" in message
    assert snapshot(out) == before
    kept = (".luoshi-cache", ".site.lock")  # the cache, and the lock one build at a time holds
    assert sorted(p.name for p in out.parent.iterdir() if p.name not in kept) == ["site"]
    for folder in (out.parent / ".luoshi-cache" / "parts").glob("*/*"):
        assert (
            folder / "part.json"
        ).is_file()  # the store holds finished parts only  # no leftovers


def test_data_that_breaks_loading_is_reported_by_validation(tmp_path: Path) -> None:
    """Loading runs beside validation; a value it cannot read must still end in the
    validation report (file, row, column), not in a reading error."""
    package = copy_package(tmp_path / "broken")
    edit_csv(
        package / "tasks.csv",
        lambda rows: [
            r | {"position": "二"} if r["id"] == "liandu-2023-main-002" else r for r in rows
        ],
    )
    with pytest.raises(BuildFailed) as failure:
        build(package, tmp_path / "out" / "site")
    message = str(failure.value)
    assert "tasks.csv:" in message and "[position] type-error" in message
    assert not (tmp_path / "out" / "site").exists()


def test_failure_after_validation_leaves_out_untouched(tmp_path: Path, mini_site: Built) -> None:
    project = tmp_path / "project"  # a project whose mkdocs config names a missing theme
    shutil.copytree(PROJECT / "site_src", project / "site_src")
    (project / "mkdocs.yml").write_text(
        f"INHERIT: {PROJECT / 'mkdocs.yml'}\ntheme:\n  name: no-such-theme\n", encoding="utf-8"
    )
    out = tmp_path / "out" / "site"
    shutil.copytree(mini_site.site, out)
    before = snapshot(out)
    with pytest.raises(BuildFailed, match="mkdocs build exited 1"):
        build(MINI, out, project=project)
    assert snapshot(out) == before
    kept = (".luoshi-cache", ".site.lock")  # the cache, and the lock one build at a time holds
    assert sorted(p.name for p in out.parent.iterdir() if p.name not in kept) == ["site"]
    for folder in (out.parent / ".luoshi-cache" / "parts").glob("*/*"):
        assert (folder / "part.json").is_file()  # the store holds finished parts only


def test_builds_with_properdocs(mini_site: Built, tmp_path: Path) -> None:
    other = build(MINI, tmp_path / "site", engine="properdocs")
    for url in ("reports/liandu-2023/", "units/liandu-qufagaiju/", "downloads/", ""):
        ours = mini_site.html(url).find(class_="ls-page").text()
        theirs = other.html(url).find(class_="ls-page").text()
        assert ours == theirs
    assert (other.site / "pagefind" / "pagefind-ui.js").is_file()


def test_engine_runs_keep_compiled_templates(tmp_path: Path) -> None:
    """The staging config names the engine hook, which gives Jinja a file bytecode cache
    in the user's own temporary folder (the same bytes either way: see the determinism
    tests, whose builds read what earlier ones compiled)."""
    import jinja2
    from luoshi.build import engine_hook, write_config

    config = write_config(PROJECT, tmp_path, tmp_path / "docs", tmp_path / "html")
    text = config.read_text(encoding="utf-8")
    assert f"hooks:\n  - {json.dumps(engine_hook.__file__)}" in text
    env = engine_hook.on_env(jinja2.Environment(), config=None, files=None)
    cache = env.bytecode_cache
    assert isinstance(cache, jinja2.FileSystemBytecodeCache)
    assert Path(cache.directory).stat().st_uid == os.getuid()


def test_task_with_groups_officials_and_a_source_copy(rich_site: Built) -> None:
    page = rich_site.html("reports/liandu-2023/")
    block = task_block(page, "liandu-2023-main-004")
    groups = block.find("ol", class_="ls-groups").find_all("li")
    assert [g.find(class_="ls-groups__label").text() for g in groups] == ["第1部分", "第2部分"]
    assert [a.text() for a in groups[0].find_all("a")] == ["区发改局"]
    second = groups[1].find(class_="ls-role")
    assert second.find(class_="ls-role__name").text() == "协办"
    assert second.find("a").attrs == {
        "class": "ls-unit",
        "href": "../../units/liandu-qujingshangju/",
        "title": "规范名称:区经商局",
    }
    officials = block.find(class_="ls-officials")
    assert officials.text() == "牵头区领导张三"
    assert not officials.find_all("a")  # people, not units
    source = [a for a in page.find_all("a") if a.text() == "原文副本"]
    assert source[0].attrs["href"] == "../../sources/000_39c49c8ad27c7f18.txt"
    copy = rich_site.site / "sources" / "000_39c49c8ad27c7f18.txt"
    assert copy.read_text(encoding="utf-8").startswith("2023年莲都区政府工作报告")


def test_listing_pages(mini_site: Built) -> None:
    reports = mini_site.html("reports/").find(class_="ls-page")
    assert [h.text() for h in reports.find_all("h2")] == ["2023 年"]
    titles = [a.text() for a in reports.find_all("a") if "/reports/" in a.attrs["href"]]
    assert sorted(titles) == sorted(r["title"] for r in mini_site.rows("reports"))
    jurisdictions = mini_site.html("jurisdictions/").find(class_="ls-page")
    names = [a.text() for a in jurisdictions.find_all("a")]
    assert names == ["浙江省", "丽水市", "丽水市莲都区"]  # parents before children
    units = mini_site.html("units/").find(class_="ls-page")
    rows = [[td.text() for td in tr.find_all("td")] for tr in units.find_all("tr")[1:]]
    assert rows == [["丽水市莲都区", "3"]]
    assert units.find("a").attrs["href"] == "../jurisdictions/liandu/#单位"
    letters = mini_site.html("indicators/").find(class_="ls-page")
    assert [a.text() for a in letters.find_all("a")] == ["Q", "R", "S"]
    q_page = mini_site.html("indicators/letter-q/").find(class_="ls-page")
    names = [a.text() for a in q_page.find("tbody").find_all("a")]
    assert names == ["青年创业帮扶数(次)", "青年友好型项目数(个)"]


# -- the reader's site: metadata, contents, charts (issue 13) --------------------------


def page_urls(built: Built) -> list[str]:
    """Every page's directory URL (404.html aside)."""
    return sorted(
        p.relative_to(built.site).as_posix().removesuffix("index.html")
        for p in built.site.rglob("index.html")
        if not p.relative_to(built.site).as_posix().startswith(("assets/", "pagefind/"))
    )


def test_every_page_has_canonical_and_open_graph_under_site_url(mini_site: Built) -> None:
    base = meta.site_url()
    assert base.startswith("https://") and base.endswith("/")
    for url in page_urls(mini_site):
        head = mini_site.html(url).find("head")
        canonical = head.find("link", rel="canonical").attrs["href"]
        assert canonical == base + url
        og = {
            m.attrs["property"]: m.attrs["content"]
            for m in head.find_all("meta")
            if "property" in m.attrs
        }
        assert og["og:url"] == canonical and og["og:type"] == "website"
        title = head.find("title").text()
        assert og["og:title"] and title.startswith(og["og:title"].split(" ")[0][:4])


def test_sitemap_lists_every_page(mini_site: Built) -> None:
    """sitemap.xml (which the theme fetches on every page load) is an index of small
    sitemaps, one per kind of page, that together list every page once."""
    index = (mini_site.site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<sitemapindex" in index and "<urlset" not in index
    assert gzip.decompress((mini_site.site / "sitemap.xml.gz").read_bytes()).decode() == index
    sitemaps = re.findall(r"<loc>([^<]+)</loc>", index)
    names = [url.removeprefix(meta.site_url()) for url in sitemaps]
    assert "sitemap-reports.xml" in names and "sitemap-units.xml" in names
    listed = []
    for name in names:
        text = (mini_site.site / name).read_text(encoding="utf-8")
        kind = name.removeprefix("sitemap-").removesuffix(".xml")
        urls = [
            url.removeprefix(meta.site_url()) for url in re.findall(r"<loc>([^<]+)</loc>", text)
        ]
        assert all(url.startswith(f"{kind}/") or kind == "pages" for url in urls), name
        listed += urls
    assert sorted(listed) == sorted(page_urls(mini_site))
    assert "reports/liandu-2023/" in listed


def test_report_page_carries_the_gov_fields_and_its_dataset(mini_site: Built) -> None:
    for report in mini_site.rows("reports"):
        page = mini_site.html(f"reports/{report['id']}/")
        fields = dict(
            zip(
                [dt.text() for dt in page.find("dl", class_="ls-meta").find_all("dt")],
                [dd.text() for dd in page.find("dl", class_="ls-meta").find_all("dd")],
                strict=True,
            )
        )
        for column, label in (
            ("issuer", "发布机构"),
            ("doc_number", "文号"),
            ("dated", "成文日期"),
        ):
            assert fields.get(label, "") == report[column]
        assert fields.get("发布日期", "") == report["published"].replace("T", " ")
        script = page.find("script", type="application/ld+json").text()
        assert "</" not in script  # escaped for a <script> element
        data = json.loads(script)
        assert data["@type"] == "Dataset" and data["name"] == report["title"]
        assert data["url"] == meta.site_url() + f"reports/{report['id']}/"
        urls = sorted(d["contentUrl"] for d in data["distribution"])
        links = sorted(
            urljoin(meta.site_url() + f"reports/{report['id']}/", a.attrs["href"])
            for a in page.find_all("a")
            if "download" in a.attrs
        )
        assert urls == links and urls


def test_downloads_page_dataset_and_dcat_catalog(mini_site: Built) -> None:
    page = mini_site.html("downloads/")
    data = json.loads(page.find("script", type="application/ld+json").text())
    assert data["@type"] == "Dataset"
    tables = {r["name"] for r in json.loads((MINI / "datapackage.json").read_text())["resources"]}
    csvs = {d["contentUrl"].rsplit("/", 1)[-1] for d in data["distribution"]}
    assert {f"{t}.csv" for t in tables} <= csvs
    catalog = json.loads((mini_site.site / "downloads" / "catalog.jsonld").read_text())
    assert catalog["@type"] == "dcat:Catalog"
    package, *reports = catalog["dcat:dataset"]
    files = {
        d["dcat:downloadURL"]["@id"].removeprefix(meta.site_url() + "downloads/")
        for d in package["dcat:distribution"]
    }
    on_disk = {
        p.relative_to(mini_site.site / "downloads").as_posix()
        for p in (mini_site.site / "downloads").iterdir()
        if p.is_file()
        and p.suffix in (".csv", ".xlsx", ".json", ".parquet", ".zip")
        and p.name != "catalog.jsonld"
    }
    assert files == on_disk
    for dataset in reports:
        for dist in dataset["dcat:distribution"]:
            path = dist["dcat:downloadURL"]["@id"].removeprefix(meta.site_url())
            assert (mini_site.site / path).is_file(), path
    assert {d["dct:title"] for d in reports} == {r["title"] for r in mini_site.rows("reports")}
    toc = [a.attrs["href"] for a in page.find("details", class_="ls-toc").find_all("a")]
    assert {f"#表-{t}" for t in tables} <= set(toc)


def test_every_page_links_to_report_a_data_error(mini_site: Built) -> None:
    for url in ("reports/liandu-2023/", "units/liandu-qufagaiju/", "about/"):
        link = mini_site.html(url).find("p", class_="ls-report-error").find("a")
        href = link.attrs["href"]
        assert href.startswith("https://") and "/issues/new?" in href
        assert quote("/" + url, safe="/") in href


def test_long_report_gets_a_table_of_contents() -> None:
    headings = tuple(
        report_page.SectionHeading(id=f"r-main-s{n}", title=f"第{n}节", level=3) for n in range(3)
    )
    lists = [blank(report_page.ListView, id="r-main", title="清单", blocks=headings)]
    entries = report_page.toc_entries(lists)
    assert [e.id for e in entries] == ["r-main-s0", "r-main-s1", "r-main-s2"]
    assert [e.level for e in entries] == [3, 3, 3]
    assert report_page.toc_entries(lists[:0]) == []


def blank(cls: type[Any], **given: object) -> Any:
    """A view dataclass with "" in every field not given."""
    return cls(**({f.name: "" for f in dataclasses.fields(cls)} | given))


def chart_row(
    year: int,
    place: str,
    baseline: object,
    target: object,
    comparator: str = ">=",
    actuals: tuple[str, ...] = (),
) -> indicator_page.IndicatorRow:
    """An indicator page row with only what the chart reads filled in."""
    progress = tuple(blank(views.ProgressLine, value=value) for value in actuals)
    indicator = blank(views.IndicatorView, units=(), progress=progress)
    return indicator_page.IndicatorRow(
        indicator=indicator,
        report={"year": year},
        report_url="",
        jurisdiction={"short_name": place},
        jurisdiction_url="",
        baseline_value=baseline,
        target_value=target,
        target_comparator=comparator,
    )


def test_chart_only_where_it_shows_something() -> None:
    one = [chart_row(2023, "莲都区", 81.5, 81.6)]
    chart, why = indicator_page.chart_data(one, "岁")
    assert chart is None and "一地一年" in why
    # A baseline in one list and the target in another are one point, not two bars.
    split = [chart_row(2023, "莲都区", None, 81.6), chart_row(2023, "莲都区", 81.5, None, "")]
    assert indicator_page.chart_data(split, "岁")[0] is None
    growth = [
        chart_row(2023, "莲都区", None, 6.5, "growth"),
        chart_row(2022, "莲都区", None, 6, "growth"),
    ]
    chart, why = indicator_page.chart_data(growth, "%")
    assert chart is None and "不作图" in why
    years = [
        chart_row(2023, "莲都区", 80, 81),
        chart_row(2022, "莲都区", 79, 80),
        chart_row(2022, "丽水市", 78, 79),
    ]
    chart, why = indicator_page.chart_data(years, "岁")
    assert why == "" and chart is not None
    assert chart.data["labels"] == ["2022 丽水市", "2022 莲都区", "2023 莲都区"]
    assert chart.data["unit"] == "岁" and chart.caption == "基期值、目标值"
    assert chart.data["series"] == {"baseline": [78, 79, 80], "target": [79, 80, 81]}
    assert not chart.left_out


def test_chart_takes_the_latest_actual_and_merges_agreeing_rows() -> None:
    # One place and year: the baseline from one list, the target from another and the
    # latest published value are one point; a year with a qualitative target is left out.
    rows = [
        chart_row(2023, "莲都区", None, 81.6, actuals=("81.2", "81.9")),
        chart_row(2023, "莲都区", 81.5, None, ""),
        chart_row(2022, "莲都区", 80.5, "稳步提升", "qualitative"),
    ]
    chart, why = indicator_page.chart_data(rows, "岁")
    assert why == "" and chart is not None and chart.left_out
    assert chart.data["labels"] == ["2022 莲都区", "2023 莲都区"]
    assert chart.caption == "基期值、目标值、完成值"
    assert chart.data["series"] == {
        "baseline": [80.5, 81.5],
        "target": [None, 81.6],
        "actual": [None, 81.9],
    }
    # Only one point with an actual: drawn, since it sets the value against the target.
    chart, why = indicator_page.chart_data(rows[:1], "岁")
    assert chart is not None and chart.data["series"]["actual"] == [81.9]


def test_indicator_names_differing_in_punctuation_compare_as_one() -> None:
    assert comparison_key("人均GDP(万元)") == comparison_key("人均GDP（万元）")
    assert comparison_key("人均GDP(万元)") == comparison_key("人均 GDP 万元")
    assert comparison_key("人均GDP(万元)") != comparison_key("人均GDP(元)")
