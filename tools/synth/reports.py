"""One synthetic report: its lists sampled from real lists, their sections, tasks,
indicators, assignments and officials rewritten for the invented place, and a little
published progress."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from luoshi.seeds.assemble import Tables
from luoshi.vocab import STATUS_LABELS as STATUSES
from luoshi_tools.synth.numbering import indicator_groups, renumber, sample_in_order
from luoshi_tools.synth.places import Local
from luoshi_tools.synth.real import Real, Row

SYNTHETIC_NOTE = "合成数据:由真实样本重组生成,仅用于规模测试,不是真实文件。"
# Sizes, tuned so a report averages ~150 tasks and ~70 indicator rows, as the
# scale targets (500 reports, 75,000 tasks, 35,000 indicators) require.
MAIN_TOP_LEVEL = (58, 100)  # top-level tasks sampled from the main list
EXTRAS = {  # list kind -> (chance a report has such a list, share of its items kept)
    "tasks": (0.2, 1.0),
    "livelihood": (0.5, 1.0),
    "indicators": (0.6, 0.75),
    "key-results": (0.3, 0.5),
    "key-works": (0.3, 0.45),
    "reforms": (0.3, 0.45),
}
PROGRESS_SHARE = 0.08  # top-level tasks (and indicators) with published progress
HALF_YEAR = (("on-schedule", 6), ("ahead", 2), ("behind", 1), ("not-started", 1))
FULL_YEAR = (("completed", 8), ("behind", 1), ("adjusted", 1))
PROGRESS_NOTES = ("", "", "按计划推进。", "已完成年度目标任务。", "受要素制约,进度滞后。")


@dataclass
class Writer:
    real: Real
    rng: random.Random
    tables: Tables = field(default_factory=Tables)

    def report(self, local: Local, year: int, work_plan: bool, last_year: int) -> None:
        report_id = f"{local.place.id}-{year}"
        plan = self.plan(local, work_plan)
        reports = [self.real.reports[self.real.lists[list_id]["report_id"]] for list_id, _ in plan]
        kind = "work-plan" if work_plan else "government-work-report"
        template = next((r for r in reports if r["kind"] == kind), reports[0])
        self.report_row(local, report_id, year, template, kind)
        for n, deadline in enumerate(self.real.deadlines.get(template["id"], []), 1):
            self.tables.add("deadlines", {
                **deadline, "id": f"{report_id}-d{n:02d}", "report_id": report_id,
                "applies_to": local.text(deadline["applies_to"]),
                "due": f"{year}{deadline['due'][4:]}",
            })  # fmt: skip
        codes: set[str] = set()
        for position, (list_id, keep) in enumerate(plan, 1):
            code = "main" if position == 1 and not work_plan else self.real.lists[list_id]["code"]
            while code in codes:
                code += "-2"
            codes.add(code)
            self.list(local, list_id, f"{report_id}-{code}", year, code, position, keep)
            self.progress(f"{report_id}-{code}", year, last_year, local)

    def plan(self, local: Local, work_plan: bool) -> list[tuple[str, float]]:
        """The real lists this report is sampled from, with how much of each to keep."""
        plan: list[tuple[str, float]] = []
        if not work_plan:
            mains = self.real.main_lists()
            own = [m for m in mains if self.real.list_jurisdiction[m] == local.place.base]
            main = self.rng.choice(own or mains)
            count = self.rng.randint(*MAIN_TOP_LEVEL)
            plan.append((main, count / len(self.real.tasks[main])))
        for kind, (chance, share) in EXTRAS.items():
            candidates = self.real.extra_lists(kind)
            if candidates and self.rng.random() < (chance * 2 if work_plan else chance):
                plan.append((self.rng.choice(candidates), share))
        if not plan:  # a work plan needs at least one list
            plan.append((self.rng.choice(self.real.extra_lists("key-works")), 0.5))
        return plan

    def report_row(self, local: Local, report_id: str, year: int, template: Row, kind: str) -> None:
        month, day = self.rng.randint(2, 4), self.rng.randint(1, 28)
        dated = f"{year}-{month:02d}-{day:02d}"
        hour, minute = self.rng.randint(8, 17), self.rng.randint(0, 59)
        published = f"{year}-{month:02d}-{min(day + 2, 28):02d}T{hour:02d}:{minute:02d}:00"
        title = _year(local.text(template["title"]), year)
        number = self.rng.randint(1, 40)
        self.tables.add("reports", {
            "id": report_id, "jurisdiction_id": local.place.id, "year": str(year),
            "title": title, "page_title": _year(local.text(template["page_title"]), year),
            "kind": kind, "issuer": f"{local.place.row['name']}人民政府办公室",
            "doc_number": f"{local.place.stem[0]}政办发〔{year}〕{number}号",
            "dated": dated, "published": published, "source_url": "",
            "source_file": f"{report_id}.txt", "note": SYNTHETIC_NOTE,
        })  # fmt: skip

    def list(
        self, local: Local, real_list: str, list_id: str, year: int, code: str,
        position: int, keep: float,
    ) -> None:  # fmt: skip
        real = self.real
        tasks = real.tasks.get(real_list, [])
        tasks = sample_in_order(self.rng, tasks, round(len(tasks) * keep)) if tasks else []
        groups = indicator_groups(real.list_indicators.get(real_list, []))
        groups = sample_in_order(self.rng, groups, round(len(groups) * keep)) if groups else []
        indicators = [row for group in groups for row in group]
        row = real.lists[real_list]
        self.tables.add("lists", {
            "id": list_id, "report_id": f"{local.place.id}-{year}", "code": code,
            "title": _year(local.text(row["title"]), year),
            "kind": row["kind"], "position": str(position),
        })  # fmt: skip
        sections = self.sections(local, real_list, list_id, tasks + indicators)
        numbers = renumber([t["number"] for t in tasks])
        for n, (task, number) in enumerate(zip(tasks, numbers, strict=True), 1):
            self.task(local, task, f"{list_id}-{n:03d}", list_id, "", n, number, sections)
        numbers = renumber([i["number"] for i in indicators])
        for n, (indicator, number) in enumerate(zip(indicators, numbers, strict=True), 1):
            self.indicator(
                local, indicator, f"{list_id}-i{n:03d}", list_id, "", n, number, sections
            )

    def sections(self, local: Local, real_list: str, list_id: str, used: list[Row]) -> dict:
        """The real list's sections that hold a kept row (and their ancestors), renumbered."""
        real_sections = self.real.sections.get(real_list, [])
        by_id = {s["id"]: s for s in real_sections}
        needed: set[str] = set()
        for item in used:
            section = item["section_id"]
            while section and section not in needed:
                needed.add(section)
                section = by_id[section]["parent_id"]
        ids: dict[str, str] = {}
        for section in real_sections:
            if section["id"] not in needed:
                continue
            ids[section["id"]] = f"{list_id}-s{len(ids) + 1:03d}"
            self.tables.add("sections", {
                **section, "id": ids[section["id"]], "list_id": list_id,
                "parent_id": ids.get(section["parent_id"], ""), "position": str(len(ids)),
                "title": local.text(section["title"]),
            })  # fmt: skip
        return ids

    def task(
        self, local: Local, task: Row, task_id: str, list_id: str, parent: str, position: int,
        number: str, sections: dict,
    ) -> None:  # fmt: skip
        mentions = self.real.task_assignments.get(task["id"], [])
        units_text = self.mentions(local, mentions, task_id, "task_id", task["units_text"])
        self.tables.add("tasks", {
            **task, "id": task_id, "list_id": list_id,
            "section_id": sections.get(task["section_id"], ""), "parent_id": parent,
            "position": str(position), "number": number, "units_text": units_text,
        })  # fmt: skip
        for n, link in enumerate(self.real.task_officials.get(task["id"], []), 1):
            self.tables.add("task_officials", {
                "id": f"{task_id}-o{n:02d}", "task_id": task_id,
                "official_id": local.official(link["official_id"]),
                "label": local.text(link["label"]), "position": str(n),
            })  # fmt: skip
        children = self.real.children.get(task["id"], [])
        for n, child in enumerate(children, 1):
            self.task(
                local, child, f"{task_id}-{n:03d}", list_id, task_id, n, child["number"], sections
            )
        for n, indicator in enumerate(self.real.task_indicators.get(task["id"], []), 1):
            self.indicator(
                local, indicator, f"{task_id}-i{n:02d}", list_id, task_id, n,
                indicator["number"], sections,
            )  # fmt: skip

    def indicator(
        self, local: Local, indicator: Row, indicator_id: str, list_id: str, task_id: str,
        position: int, number: str, sections: dict,
    ) -> None:  # fmt: skip
        mentions = self.real.indicator_assignments.get(indicator["id"], [])
        units_text = self.mentions(
            local, mentions, indicator_id, "indicator_id", indicator["units_text"]
        )
        self.tables.add("indicators", {
            **indicator, "id": indicator_id, "list_id": list_id, "task_id": task_id,
            "section_id": sections.get(indicator["section_id"], ""),
            "position": str(position), "number": number, "units_text": units_text,
        })  # fmt: skip

    def mentions(
        self, local: Local, mentions: list[Row], owner: str, column: str, units_text: str
    ) -> str:
        """Add the owner's assignments; return its units cell with the new spellings in it."""
        respelled: dict[str, str] = {}
        for n, mention in enumerate(mentions, 1):
            unit_id, spelling = local.unit(mention)
            if spelling != mention["name_as_published"]:
                respelled[mention["name_as_published"]] = spelling
            row = {"task_id": "", "indicator_id": ""}
            row[column] = owner
            self.tables.add("assignments", {
                **mention, **row, "id": f"{owner}-u{n:03d}", "unit_id": unit_id,
                "name_as_published": spelling, "position": str(n),
            })  # fmt: skip
        if not respelled:
            return units_text
        pattern = "|".join(re.escape(s) for s in sorted(respelled, key=len, reverse=True))
        return re.sub(pattern, lambda m: respelled[m.group(0)], units_text)

    def progress(self, list_id: str, year: int, last_year: int, local: Local) -> None:
        """Published progress for a few top-level tasks and indicators of a list."""
        rows = self.tables.rows
        tasks = _tail(rows.get("tasks", []), list_id)
        owners = [("task_id", t["id"]) for t in tasks if not t["parent_id"]]
        owners += [("indicator_id", i["id"]) for i in _tail(rows.get("indicators", []), list_id)]
        checkpoints = [("0630", "半年", HALF_YEAR)]
        if year < last_year:
            checkpoints.append(("1231", "全年", FULL_YEAR))
        for column, owner in owners:
            if self.rng.random() >= PROGRESS_SHARE:
                continue
            for day, period, statuses in checkpoints:
                status = self.rng.choices(
                    [s for s, _ in statuses], weights=[w for _, w in statuses]
                )[0]
                row = {"task_id": "", "indicator_id": ""}
                row[column] = owner
                self.tables.add("progress", {
                    "id": f"{owner}-p{year}{day}", **row, "as_of": f"{year}-{day[:2]}-{day[2:]}",
                    "status": status, "status_text": STATUSES[status], "value": "", "rate": "",
                    "text": self.rng.choice(PROGRESS_NOTES), "note": "",
                    "source": f"{local.place.row['name']}{year}年重点工作{period}进展情况通报",
                })  # fmt: skip


def _tail(rows: list[Row], list_id: str) -> list[Row]:
    """The rows just added for `list_id` (they are appended in one run at the end)."""
    start = len(rows)
    while start > 0 and rows[start - 1]["list_id"] == list_id:
        start -= 1
    return rows[start:]


def _year(text: str, year: int) -> str:
    return re.sub(r"(?:19|20)\d\d(?=年)", str(year), text)
