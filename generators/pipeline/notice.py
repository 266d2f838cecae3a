"""What a notice prints about itself: title, issuer, document number, dates, address.

Only what is printed is read; anything not found stays empty for `luoshi add`'s
options (or a later edit of the catalog entry) to fill.
"""

from __future__ import annotations

import re
from pathlib import Path

from luoshi.importer.read import read_lines

HEAD = 60  # metadata is printed before the lists
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[（(]\d{4}[〕\]）)]\d{1,4}号")
_DATED = re.compile(r"成文日期[:：\s]*(\d{4})-(\d{1,2})-(\d{1,2})")
_PUBLISHED = re.compile(
    r"(?m)(?:发布时间|发布日期|发文日期|^时间)[:：\s]*(\d{4})-(\d\d)-(\d\d)(?:\s+(\d\d:\d\d)(:\d\d)?)?"
)
_SIGNED = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_ISSUER_END = re.compile(r"(办公室|人民政府|委员会|领导小组|[局委办厅])$")
_NOTICE = re.compile(r"^关于印发.{2,80}的通知$")
_TITLE_WORDS = re.compile(r"分解|分工|清单|要点|实事|方案|计划|任务")
_URL = re.compile(r"https?://[^\s\"'<>]+")


def iso(year: str, month: str, day: str) -> str:
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


def title_of(lines: list[str]) -> str:
    for line in lines:
        if _NOTICE.match(line):
            inner = re.search(r"《(.+)》", line)
            return inner[1] if inner else line
    for line in lines:
        if _TITLE_WORDS.search(line) and len(line) <= 60 and not line.endswith(("。", ":", "：")):
            return line
    return ""


def signature(lines: list[str]) -> tuple[str, str]:
    """(issuer, ISO date) of the first "office / date" signature pair."""
    for before, line in zip(lines, lines[1:], strict=False):
        date = _SIGNED.match(line)
        if date and _ISSUER_END.search(before) and len(before) <= 30:
            return before, iso(*date.groups())
    return "", ""


def read_metadata(path: Path) -> dict[str, str]:
    lines = [text for _, text in read_lines(path)][:HEAD]
    head = "\n".join(lines)
    issuer, signed = signature(lines)
    meta = {"title": title_of(lines), "issuer": issuer, "dated": signed}
    if number := _DOC_NUMBER.search(head):
        meta["doc_number"] = number[0]
    if dated := _DATED.search(head):
        meta["dated"] = iso(*dated.groups())
    if published := _PUBLISHED.search(head):
        day = iso(*published.groups()[:3])
        clock = published[4]
        meta["published"] = f"{day}T{clock}{published[5] or ':00'}" if clock else day
    if url := _URL.search(head):
        meta["source_url"] = url[0]
    return meta
