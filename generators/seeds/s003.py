"""Seed 003: 丽水市莲都区 2023年莲都区加快跨越式高质量发展建设共同富裕示范区工作要点.

Layout (莲社建委〔2023〕1号): page metadata, the notice, then
- 表1: a flattened table of 72 indicators, one cell a line: 类别 (merged: printed
  once per block and again after each repeated header) / 序号 / 指标 / 2023年目标 /
  责任单位 / 指标属性. Items 37 and 53 have a shared name cell and two sub-rows.
- 二、重点任务: 18 numbered key-result paragraphs "N.title。text(牵头单位:unit)".
- 附表2/3/4: flattened tables of key results, key works and reforms. Each item is
  number, name, first indicator (name, 2022 actual, 2023 target), numbered key
  tasks, the 责任单位 cell, then further indicator rows (name, 2022, 2023).
The parsers below read the cells by position and check each cell's kind, so a
layout change fails loudly instead of shifting cells silently.
"""

from __future__ import annotations

import re

from luoshi.importer.units import split_top
from luoshi.seeds.ir import (
    LEAD,
    RESPONSIBLE,
    IndicatorDraft,
    ListDraft,
    Mention,
    ReportDraft,
    TaskDraft,
)

SOURCE_FILE = "003_1d8b791f9115e740.txt"
ISSUER = "中共丽水市莲都区委社会建设委员会"
RESPONSIBLE_LABEL = "责任单位"
LEAD_LABEL = "牵头单位"

TABLE1_TITLE = "表1:莲都区加快跨越式高质量发展建设共同富裕示范区指标目标"
TABLE1_HEADER = ["类别", "序号", "指标", "2023年", "目标", "责任单位", "指标属性"]
TABLE1_CATEGORIES = ("物质富裕", "城乡富美", "生活富足", "精神富有", "社会富安")
KEY_TASKS_HEADING = "二、重点任务"
SAFEGUARDS_HEADING = "三、保障措施"

# (marker line, list code, list kind, item kind, list title as published)
ANNEXES = (
    ("附表2", "annex2", "key-results", "key-result", "标志性成果清单"),
    ("附表3", "annex3", "key-works", "key-work", "“1+7+N”重点工作清单"),
    ("附表4", "annex4", "reforms", "reform", "“1+5+n”重大改革清单"),
)
ANNEX_END = "附件:"
ANNEX_HEADER_END = "责任单位"  # last header cell of every annex table

ATTRIBUTE_RE = re.compile(r"^(评价|特色|观察)指标$")
CATEGORY_RE = re.compile(r"^.+\(\d+项\)$")  # "经济发展(9项)"
SECTION_RE = re.compile(r"^\([一二三四五六七八九十]+\).+方面$")
KEY_RESULT_RE = re.compile(r"^(\d+)\.(.+?)(\(牵头单位:(.+)\))$")
KEY_TASK_RE = re.compile(r"^(\d+)([.．、]?)(.+)$")
UNIT_NAME = r"(?:区|市|莲都)[^、,，;；。\s]{1,18}?(?:局|办|部|委|中心|院|会|社|校)"
UNIT_LINE_RE = re.compile(rf"^{UNIT_NAME}(?:、{UNIT_NAME})*$")
# A value cell that the flattening broke after its number ("7300" / "以上").
VALUE_CONTINUATIONS = ("以上",)

# Garbling visible in the published text, kept as is; each gets a remark in note.
GARBLED = {
    "40人个以上": "“40人个以上”照录原文(多一个“个”字)",
    "“浙里食安'试点": "引号不成对(“浙里食安'),照录原文",
    "高质量”一网通办“率": "引号方向颠倒(”一网通办“),照录原文",
    "“扩中“提低”": "引号不成对(“扩中“提低”),照录原文",
    "未来社区未来社区": "“未来社区”重复印了两次,照录原文",
    "品牌培训动": "“品牌培训动”照录原文(似缺一字)",
    "公共文化文化城区": "“文化”重复印了两次,照录原文",
    "局关于成立农业“双强”领导小组": "语句错乱(成立…关于成立…),末尾无“。”,照录原文",
    "联 动审批": "“联 动审批”中多一个空格,照录原文",
    "教育人才6": "“教育人才6”照录原文(6后缺量词)",
}

OPEN = "(（〔"
CLOSE = ")）〕"
UNIT_SEPARATORS = "、,，;；"


def split_top_level(cell: str) -> list[str]:
    """Split a unit cell outside brackets, so 各县(市、区)政府 stays one unit."""
    return split_top(cell, UNIT_SEPARATORS)


def mentions_of(cell: str, role: str, label: str) -> list[Mention]:
    """One mention per unit named in the cell; "/" names none."""
    if cell == "/":
        return []
    mentions = []
    for name in split_top_level(cell):
        note = "名称末尾的“等”予以保留:实际单位多于所列" if name.endswith("等") else ""
        mentions.append(Mention(name=name, role=role, label=label, note=note))
    return mentions


def cells_of(text: str) -> list[str]:
    """The non-empty lines: the flattening put one table cell on each line."""
    return [line.strip() for line in text.split("\n") if line.strip()]


def between(cells: list[str], start: str, end: str) -> list[str]:
    """Cells strictly between the first `start` cell and the next `end` cell."""
    first = cells.index(start) + 1
    return cells[first : cells.index(end, first)]


# ---------------------------------------------------------------- table 1


def table1_rows(cells: list[str]) -> list[tuple[tuple[str, ...], str, list[str]]]:
    """Group table 1 into (section, number, cells of the row after its number).

    The 类别 cell is merged over its block, so it is printed once per block and
    repeated after each page-break header; every row in between gets it.
    """
    rows: list[tuple[tuple[str, ...], str, list[str]]] = []
    section: tuple[str, ...] = ()
    i = 0
    while i < len(cells):
        if cells[i : i + len(TABLE1_HEADER)] == TABLE1_HEADER:
            i += len(TABLE1_HEADER)
        elif cells[i] in TABLE1_CATEGORIES:
            section = (cells[i],)
            i += 1
        elif cells[i] == str(len(rows) + 1):
            rows.append((section, cells[i], []))
            i += 1
        else:
            if not rows:
                raise ValueError(f"table 1: cell before the first row: {cells[i]!r}")
            row = rows[-1][2]
            if row and row[-1].endswith("、"):
                # A unit cell wrapped after its separator ("区文广旅体局、" / "区卫健局").
                row[-1] += cells[i]
            else:
                row.append(cells[i])
            i += 1
    return rows


def table1_indicator(
    section: tuple[str, ...], number: str, group: list[str], sub: str, note: str
) -> IndicatorDraft:
    name, target, units, attribute = group
    if not ATTRIBUTE_RE.match(attribute):
        raise ValueError(f"table 1 row {number}: bad 指标属性 cell {attribute!r}")
    return IndicatorDraft(
        name=name,
        target=target,
        number=number,
        sub_number=sub,
        attribute=attribute,
        section=section,
        mentions=mentions_of(units, RESPONSIBLE, RESPONSIBLE_LABEL),
        units_text=units,
        note=note,
    )


def parse_table1(cells: list[str]) -> list[IndicatorDraft]:
    indicators = []
    for section, number, row in table1_rows(cells):
        if len(row) == 4:
            indicators.append(table1_indicator(section, number, row, "", ""))
            continue
        # Items 37 and 53: a shared name cell, then two (name, target, units,
        # attribute) sub-rows; the 序号 and the shared name cells are merged.
        if len(row) != 9:
            raise ValueError(f"table 1 row {number}: {len(row)} cells: {row}")
        shared = row[0]
        for sub, start in (("1", 1), ("2", 5)):
            note = (
                f"第{number}项子指标{sub}:序号单元格和指标单元格“{shared}”为合并单元格,"
                "由子指标1、2共用;指标名称取自本子指标自己的单元格"
            )
            group = row[start : start + 4]
            indicator = table1_indicator(section, number, group, sub, note)
            indicator.shared_name = shared
            indicators.append(indicator)
    return indicators


# ---------------------------------------------------------------- key results (prose)


def parse_key_results(cells: list[str]) -> list[TaskDraft]:
    tasks = []
    section: tuple[str, ...] = (KEY_TASKS_HEADING,)
    for cell in cells:
        if SECTION_RE.match(cell):
            section = (KEY_TASKS_HEADING, cell)
            continue
        match = KEY_RESULT_RE.match(cell)
        if not match:
            continue  # the section's introduction, not a numbered result
        number, body, annotation, units = match.groups()
        if number != str(len(tasks) + 1):
            raise ValueError(f"key result {number} out of order")
        tasks.append(
            TaskDraft(
                number=number,
                text=body,
                kind="key-result",
                title=body.split("。", 1)[0],
                section=section,
                mentions=mentions_of(units, LEAD, LEAD_LABEL),
                units_text=annotation,
            )
        )
    return tasks


# ---------------------------------------------------------------- annex tables


def is_unit_line(cell: str) -> bool:
    return bool(UNIT_LINE_RE.match(cell))


class AnnexReader:
    """Reads one flattened annex table cell by cell."""

    def __init__(self, cells: list[str], code: str, kind: str) -> None:
        self.cells = cells
        self.code = code
        self.kind = kind
        self.i = 0
        self.section: tuple[str, ...] = ()
        self.items: list[TaskDraft] = []

    def peek(self) -> str | None:
        return self.cells[self.i] if self.i < len(self.cells) else None

    def take(self) -> str:
        cell = self.cells[self.i]
        self.i += 1
        return cell

    def at_item_start(self, number: str) -> bool:
        """True at the end, a category heading or the item after `number`."""
        cell = self.peek()
        return cell is None or cell == str(int(number) + 1) or bool(CATEGORY_RE.match(cell))

    def indicator(self, item: TaskDraft) -> IndicatorDraft:
        name, baseline, target = self.take(), self.take(), self.take()
        note = ""
        if self.peek() in VALUE_CONTINUATIONS:
            # "7300" / "以上": one 2023 cell broken over two lines.
            note = f"2023年目标值单元格分两行印出:“{target}” / “{self.peek()}”"
            target += self.take()
        if is_unit_line(name):
            raise ValueError(f"{self.code} item {item.number}: unit cell {name!r} in a name slot")
        return IndicatorDraft(
            name=name, baseline=baseline, target=target, section=item.section, note=note
        )

    def key_tasks(self, item: TaskDraft) -> None:
        """Key task cells run until the unit cell; most start with "N."."""
        while self.peek() is not None and not is_unit_line(self.peek()):
            cell = self.take()
            match = KEY_TASK_RE.match(cell)
            if not match:
                if item.children:
                    raise ValueError(f"{self.code} item {item.number}: stray cell {cell!r}")
                item.children.append(
                    TaskDraft(
                        number="",
                        text=cell,
                        kind="key-task",
                        note="重点任务印成一个无序号的段落",
                    )
                )
                continue
            number, dot, _ = match.groups()
            if number != str(len(item.children) + 1):
                raise ValueError(f"{self.code} item {item.number}: task {number} out of order")
            item.children.extend(split_run_on_tasks(cell[len(number) + len(dot) :], number, dot))

    def units(self, item: TaskDraft) -> None:
        lines = []
        while self.peek() is not None and is_unit_line(self.peek()):
            lines.append(self.take())
        if not lines:
            raise ValueError(f"{self.code} item {item.number}: no 责任单位 cell")
        for line in lines:
            item.mentions.extend(mentions_of(line, RESPONSIBLE, RESPONSIBLE_LABEL))
        item.units_text = "\n".join(lines)
        if len(lines) > 1:
            add_note(item, "责任单位单元格分多行印出:" + " / ".join(lines))

    def item(self) -> TaskDraft:
        number = self.take()
        item = TaskDraft(number=number, text="", kind=self.kind, title=self.take())
        item.section = self.section
        item.indicators.append(self.indicator(item))
        self.key_tasks(item)
        self.units(item)
        while not self.at_item_start(number):
            item.indicators.append(self.indicator(item))
        return item

    def read(self) -> list[TaskDraft]:
        while self.peek() is not None:
            cell = self.peek()
            if CATEGORY_RE.match(cell):
                self.section = (self.take(),)
            elif cell == str(len(self.items) + 1):
                self.items.append(self.item())
            else:
                raise ValueError(f"{self.code}: unexpected cell {cell!r}")
        check_category_counts(self.code, self.items)
        return self.items


def check_category_counts(code: str, items: list[TaskDraft]) -> None:
    """Each heading says how many items it holds: "经济发展(9项)"."""
    for section in dict.fromkeys(item.section for item in items):
        if not section:
            continue
        printed = int(re.search(r"\((\d+)项\)$", section[0]).group(1))
        found = sum(item.section == section for item in items)
        if printed != found:
            raise ValueError(f"{code} {section[0]}: {found} items")


def split_run_on_tasks(body: str, number: str, dot: str) -> list[TaskDraft]:
    """Split "1.…。2.…" printed on one line into its numbered tasks.

    Only the next number right after a 。 counts, so "2.0版" inside a task stays.
    """
    note = "" if dot == "." else f"序号{number}后未印“.”"
    tasks = [TaskDraft(number=number, text=body, kind="key-task", note=note)]
    while True:
        following = str(int(tasks[-1].number) + 1)
        match = re.search(rf"(?<=。){following}\.(?!\d)", tasks[-1].text)
        if not match:
            return tasks
        head, tail = tasks[-1].text[: match.start()], tasks[-1].text[match.end() :]
        tasks[-1].text = head
        run_on = f"与任务{tasks[-1].number}印在同一行"
        add_note(tasks[-1], f"任务{following}{run_on}")
        tasks.append(TaskDraft(number=following, text=tail, kind="key-task", note=run_on))


def parse_annex(cells: list[str], code: str, kind: str) -> list[TaskDraft]:
    body = cells[cells.index(ANNEX_HEADER_END) + 1 :]
    return AnnexReader(body, code, kind).read()


def add_note(draft: TaskDraft | IndicatorDraft, note: str) -> None:
    draft.note = ";".join(filter(None, [draft.note, note]))


def note_garbling(lists: list[ListDraft]) -> None:
    """Remark on the garbled strings listed in GARBLED wherever they occur."""
    drafts: list[TaskDraft | IndicatorDraft] = []
    for draft_list in lists:
        drafts.extend(draft_list.indicators)
        for task in draft_list.tasks:
            drafts.extend([task, *task.children, *task.indicators])
    for draft in drafts:
        if isinstance(draft, TaskDraft):
            wording = draft.text + draft.title
        else:
            wording = draft.name + draft.baseline + draft.target
        for garbled, remark in GARBLED.items():
            if garbled in wording:
                add_note(draft, remark)


# ---------------------------------------------------------------- metadata


def metadata(text: str) -> dict[str, str]:
    page_title = re.search(r"^(关于印发《.+》的通知)$", text, re.M).group(1)
    published = re.search(r"发布时间:\s*(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)", text)
    return {
        "page_title": page_title,
        "title": re.search(r"《(.+)》", page_title).group(1),
        "doc_number": re.search(r"文号 (\S+)", text).group(1),
        "dated": re.search(r"成文日期 (\d{4}-\d\d-\d\d)", text).group(1),
        "published": f"{published.group(1)}T{published.group(2)}",
        "signed": re.search(rf"{ISSUER}\s+(\d{{4}}年\d+月\d+日)", text).group(1),
        "page_issuer": re.search(r"^发布机构 (\S+)$", text, re.M).group(1),
    }


def extract(text: str) -> ReportDraft:
    cells = cells_of(text)
    meta = metadata(text)
    annex_markers = [marker for marker, *_ in ANNEXES] + [ANNEX_END]
    lists = [
        ListDraft(
            code="indicators",
            title=TABLE1_TITLE.split(":", 1)[1],
            kind="indicators",
            indicators=parse_table1(between(cells, TABLE1_TITLE, KEY_TASKS_HEADING)),
        ),
        ListDraft(
            code="key-results",
            title="标志性成果",
            kind="key-results",
            tasks=parse_key_results(between(cells, KEY_TASKS_HEADING, SAFEGUARDS_HEADING)),
        ),
    ]
    for (marker, code, kind, item_kind, title), end in zip(ANNEXES, annex_markers[1:], strict=True):
        annex_cells = between(cells, marker, end)
        if annex_cells[0] != title:
            raise ValueError(f"{marker}: title {annex_cells[0]!r}")
        lists.append(
            ListDraft(
                code=code, title=title, kind=kind, tasks=parse_annex(annex_cells, code, item_kind)
            )
        )
    note_garbling(lists)
    return ReportDraft(
        source_file=SOURCE_FILE,
        title=meta["title"],
        lists=lists,
        page_title=meta["page_title"],
        issuer=ISSUER,
        doc_number=meta["doc_number"],
        dated=meta["dated"],
        published=meta["published"],
        note=(
            f"发布单位取落款单位,页面所列发布机构为{meta['page_issuer']}。"
            f"成文日期取页面所列成文日期,落款日期为{meta['signed']}。"
            "表1:类别单元格在每组内合并(每组印一次,每次重复表头后再印一次),"
            "组内各行均归入该类别;指标属性和责任单位每行都有,第37、53项的子行也不例外。"
            "附表1(系统架构图)为图片,无文字;"
            "“三、保障措施”含四段无序号的保障措施,未作为任务提取。"
        ),
    )
