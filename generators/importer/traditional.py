"""Notices printed in traditional characters: read with the same rules, names as printed.

The rules (labels, suffixes, headers, rule statements) are written in simplified
characters. A traditional notice is folded character by character to simplified for
reading (one character for one, so positions do not move); every string the importer
returns is then restored to the characters the notice printed.
"""

from __future__ import annotations

from luoshi.importer.model import Result, Task

# Traditional -> simplified, for the characters of the words the rules look for.
_PAIRS = (
    "牽牵頭头單单責责協协辦办時时領领導导負负職职門门務务項项號号實实為为區区縣县長长書书"
    "記记匯汇彙汇總总廳厅會会處处隊队團团館馆園园鎮镇鄉乡聯联組组場场間间節节點点進进內内"
    "舉举標标編编類类別别體体參参與与續续態态稱称計计劃划發发現现開开關关個个應应掃扫讀读"
    "閱阅頁页閉闭刪删減减錄录專专業业議议黨党員员範范環环衛卫檢检測测設设構构屬属級级產产"
    "經经濟济財财稅税統统資资農农醫医療疗學学龍龙門门衆众眾众"
)
FOLD = str.maketrans(dict(zip(_PAIRS[0::2], _PAIRS[1::2], strict=True)))

Line = tuple[int, str]


def fold_lines(lines: list[Line]) -> list[Line]:
    return [(number, text.translate(FOLD)) for number, text in lines]


class Restorer:
    """Maps a folded string back to the characters printed in the notice."""

    def __init__(self, lines: list[Line], folded: list[Line]) -> None:
        self.original = "\n".join(text for _, text in lines)
        self.folded = "\n".join(text for _, text in folded)
        sources: dict[str, set[str]] = {}
        for printed, read in zip(self.original, self.folded, strict=True):
            sources.setdefault(read, set()).add(printed)
        # A character folded from one printed form only is restored anywhere.
        self.chars = {read: next(iter(p)) for read, p in sources.items() if len(p) == 1}
        self.ambiguous = {read for read, p in sources.items() if len(p) > 1}

    def __call__(self, text: str) -> str:
        """Character by character; a search of the notice only where a character was
        printed in both forms."""
        if self.ambiguous.intersection(text):
            at = self.folded.find(text)
            if at >= 0:
                return self.original[at : at + len(text)]
        return "".join(self.chars.get(char, char) for char in text)


def restore(result: Result, restore_text: Restorer) -> None:
    for task in result.tasks:
        restore_task(task, restore_text)
    result.list_titles = {n: restore_text(t) for n, t in result.list_titles.items()}
    result.warnings = [restore_text(w) for w in result.warnings]


def restore_task(task: Task, restore_text: Restorer) -> None:
    task.no, task.text = restore_text(task.no), restore_text(task.text)
    task.section = tuple(restore_text(title) for title in task.section)
    for mention in task.mentions:
        mention.name, mention.label = restore_text(mention.name), restore_text(mention.label)
    task.officials = [(restore_text(n), restore_text(label)) for n, label in task.officials]
    task.deadline = restore_text(task.deadline) if task.deadline else task.deadline
    task.units_text, task.detail = restore_text(task.units_text), restore_text(task.detail)
