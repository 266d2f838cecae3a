"""Progress told in prose: numbered paragraphs, 一是…二是… enumerations, items listed
under a status (已完成8项(A、B…), 分别是:A、B, A、B 3项未达到序时进度) and clauses that
each give an item and its figure (X已完成8个(53%); Y完成率110%)."""

from __future__ import annotations

import re

from luoshi.importer.read import Line
from luoshi.progress import status as vocab
from luoshi.progress.figures import QUANTITY, figure
from luoshi.progress.model import Item, item_from, split_top, trim

CN_NUMBER = "[一二三四五六七八九十百零〇两]+"
_NUMBERED = re.compile(r"^(?:(\d{1,3})[、.．](?!\d)|[((](\d{1,3})[))])\s*(.+)$")
_HEADING = re.compile(f"^(?:{CN_NUMBER}[、.．]|[((]{CN_NUMBER}[))])")
_ENUM = re.compile(f"(?:^|[;;。,,:: ])({CN_NUMBER})是")
_LABEL = re.compile(
    r"[,,;;]?\s*(?:牵头部门|牵头单位|责任单位|责任部门|牵头领导|主办单位)[::]\s*([^。;;]+)[。;;]?"
)
_ITEM_NO = re.compile(f"[((]第?({CN_NUMBER}|\\d+)项[))]")
_COUNT = re.compile(f"(?:\\d+|{CN_NUMBER})(?:项|个|件)")
_LIST_WORD = re.compile(r"(?:[,,]|(?<=[项个件]))(?:分别是|分别为|包括|具体为|为)[::]?")
_BEFORE_STATUS = re.compile(f"^(.*?)(?:\\d+|{CN_NUMBER})(?:项|个)(?:指标|任务|项目|工程|事项)?$")
# Words that open a clause about the report's counts or other items, not one item.
_AGGREGATE = re.compile(r"^(其他|其余|剩余|这\d*|上述|以上|全部|共|合计|总体)")
# Scope and time words before an item's name (上半年,全市完成地区生产总值…).
_SCOPE = re.compile(
    r"^(?:[^,,]*?(?:\d+项中|截至[^,,]*|月底|月份|上半年|全年)[,,]?|其中[,,]?|全市|全县|全区|累计|共|完成|实现)+"
)
# Where an item's name ends and its progress begins.
_PROGRESS_START = re.compile(
    r"已[^\d,,。;;]{0,3}?(?=\d)|完成(?=\d)|均达到|达到(?=\d)|新增|已为|正在|可比增长|同比|比上年|增长|下降|完成率|(?<!^)\d"
)
_RATE_END = re.compile(r"(?:完成率(?:为|达到?)?\d+(?:\.\d+)?%|[((]\d+(?:\.\d+)?%[))])(?=.)")


def read_narrative(lines: list[Line]) -> list[Item]:
    items: list[Item] = []
    heading: tuple[str, str, int] | None = None  # the status a heading gives (二、滞后项目)
    for number, text in lines:
        if _HEADING.match(text) and len(text) < 40:
            heading = _lead(text)
            continue
        numbered = _NUMBERED.match(text)
        if numbered:
            item = _numbered(number, numbered.group(1) or numbered.group(2), numbered.group(3))
            if heading and not item.status:
                item.set_status(heading)
            items.append(item)
            continue
        items += _paragraph(number, text)
    return items


def _numbered(line: int, no: str, text: str) -> Item:
    """1、name,牵头部门:unit。progress — or 1.task text。progress."""
    label = _LABEL.search(text)
    if label:
        name, unit, progress = text[: label.start()], label.group(1), text[label.end() :]
        return item_from(line, name, progress, no=no, unit=unit.strip())
    first = split_top(text, "。")
    name = first[0] if first else text
    progress = text[len(name) :].lstrip("。")
    return item_from(line, name, progress, no=no)


def _paragraph(line: int, text: str) -> list[Item]:
    enum = list(_ENUM.finditer(text))
    if len(enum) >= 2:
        return _enumeration(line, text, enum)
    items: list[Item] = []
    group: tuple[str, str, int] | None = None
    for sentence in split_top(text, "。"):
        found, group = _sentence(line, sentence, group)
        items += found
    return items


def _enumeration(line: int, text: str, enum: list[re.Match[str]]) -> list[Item]:
    """一是 A(第三项)progress;二是 … under a lead-in such as 滞后项目:."""
    group = _lead(text[: enum[0].start()])
    items = []
    for i, match in enumerate(enum):
        end = enum[i + 1].start() + 1 if i + 1 < len(enum) else len(text)
        body = trim(text[match.end() : end], left=False)
        items.append(_named(line, body, group))
    return items


def _named(line: int, body: str, group: tuple[str, str, int] | None, listed: bool = False) -> Item:
    """An item that may carry its number as (第N项) after its name. A listed item
    (已完成8项(A、B)) is its name alone, with its own status where one closes it."""
    numbered = _ITEM_NO.search(body)
    if numbered:
        name, progress, no = body[: numbered.start()], body[numbered.end() :], numbered.group(1)
    elif listed:
        name, progress, no = body, "", None
    else:
        name, progress, no = _split_clause(body) + (None,)
    item = item_from(line, name, progress, no=no)
    item.span = body
    _apply_group(item, group, name if numbered or listed else body)
    return item


def _apply_group(item: Item, group: tuple[str, str, int] | None, text: str) -> None:
    """The group's status, unless the item's own status closes its text (X已竣工)."""
    own = vocab.find_all(text)
    text = trim(text, left=False)
    if own and own[-1][2] + len(own[-1][1]) >= len(text):
        item.set_status(own[-1])
        if not item.progress:
            item.name = text[: own[-1][2]].rstrip()
            item.value = item.rate = None
    elif group:
        item.set_status(group)


def _sentence(
    line: int, sentence: str, group: tuple[str, str, int] | None
) -> tuple[list[Item], tuple[str, str, int] | None]:
    """Items of one sentence, and the group status in force after it (a lead-in that
    ends with a colon opens a group that runs to the end of the paragraph)."""
    for reader in (_bracket_list, _word_list, _list_before_status):
        found = reader(line, sentence)
        if found is not None:
            return found, group
    colon = re.search(r"[::]", sentence)
    if colon and _COUNT.search(sentence[: colon.start()]):
        lead = _lead(sentence[: colon.start()])
        if lead:
            group, sentence = lead, sentence[colon.end() :]
    return _clauses(line, sentence, group), group


def _bracket_list(line: int, sentence: str) -> list[Item] | None:
    """已完成8项(A、B、C): a status and a count, then the items in brackets."""
    for match in re.finditer(f"({_COUNT.pattern})[((]([^()()]+)[))]", sentence):
        lead = _lead(_last_clause(sentence[: match.start(2)]))
        listed = match.group(2)
        if lead and not _COUNT.search(listed) and not re.fullmatch(r"[\d.%%]+", listed):
            return [_listed(line, part, lead) for part in split_top(match.group(2), "、;;")]
    return None


def _last_clause(text: str) -> str:
    return re.split("[,,;;]", text)[-1]


def _lead(text: str) -> tuple[str, str, int] | None:
    """The status of a lead-in, which counts its items (已完成8项, 未达到序时进度11项)."""
    return vocab.find_status(re.sub("[0-9]", "", text))


def _word_list(line: int, sentence: str) -> list[Item] | None:
    """…N项已完成,分别是:A、B — a lead-in with a status and a count, then 分别是/为."""
    for match in _LIST_WORD.finditer(sentence):
        lead_text = _last_clause(sentence[: match.start()])
        lead = _lead(lead_text)
        # a bare 为 opens a list only after a count of items (未达到序时进度11项,为…)
        count = r"\d+项" if trim(match.group(0)) == "为" else _COUNT.pattern
        if lead and re.search(count, lead_text):
            body = sentence[match.end() :]
            separator = "、" if len(split_top(body, "、")) > 1 else ",,"
            parts = [p for p in split_top(body, separator + ";;") if not _AGGREGATE.match(p)]
            return [_listed(line, part, lead) for part in parts]
    return None


def _list_before_status(line: int, sentence: str) -> list[Item] | None:
    """A、B、C 3项指标未达到序时进度: the items, their count, then the status."""
    for status_key, words, start in vocab.find_all(sentence):
        match = _BEFORE_STATUS.match(sentence[:start])
        if not match:
            continue
        body = re.sub(r"^.*(?:其中|[,,])", "", match.group(1)) or match.group(1)
        parts = split_top(body, "、")
        if len(parts) > 1:
            return [_listed(line, part, (status_key, words, start)) for part in parts]
    return None


def _listed(line: int, part: str, group: tuple[str, str, int]) -> Item:
    return _named(line, part.strip(), group, listed=True)


def _clauses(line: int, text: str, group: tuple[str, str, int] | None) -> list[Item]:
    """Clauses each naming an item with its figure: split at ;, at 。 and after a rate."""
    pieces = []
    for piece in split_top(text, ";;"):
        pieces += _after_rates(piece)
    items = []
    for piece in pieces:
        item = _clause(line, piece, group)
        if item:
            items.append(item)
    return items


def _after_rates(piece: str) -> list[str]:
    """X(53%),Y(95%) or X完成率286%,Y完成率122%: a rate closes its item."""
    parts, start = [], 0
    for match in _RATE_END.finditer(piece):
        parts.append(piece[start : match.end()])
        start = match.end()
    parts.append(piece[start:])
    return [trim(p) for p in parts if trim(p)]


def _clause(line: int, piece: str, group: tuple[str, str, int] | None) -> Item | None:
    piece = trim(_SCOPE.sub("", piece))
    if not piece or _AGGREGATE.match(piece) or "占比" in piece or re.search(r"\d+项", piece):
        return None
    own = vocab.find_status(piece)
    name, progress = _split_clause(piece)
    if len(name) < 2 or not (own or figure(piece) or figure(progress, name)):
        return None
    item = item_from(line, name, progress)
    item.span = piece
    # a group's status wins over words inside the clause, except a phrase saying
    # that work is under way (正在施工中), which is the item's own
    if group and not (own and own[1].startswith("正在")):
        item.set_status(group)
    return item


def _split_clause(piece: str) -> tuple[str, str]:
    """Name, progress: the name ends where the progress begins (已完成8个, 正在施工,
    增长, a figure after the name; a leading figure belongs to the name: 2个养老机构)."""
    lead = QUANTITY.match(piece)
    offset = lead.end() if lead else 0
    first_cut = re.search("[,,]", piece)
    match = _PROGRESS_START.search(piece, offset)
    status = vocab.find_status(piece[offset:])
    cuts = [m for m in (match.start() if match else None,) if m is not None and m > offset]
    if status and status[2] + offset > offset:
        cuts.append(status[2] + offset)
    if first_cut:
        cuts.append(first_cut.start())
    cut = min(cuts) if cuts else len(piece)
    return piece[:cut], piece[cut:]
