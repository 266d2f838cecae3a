"""Unit annotations: labels, separators, lead rules, trailing 等."""

from __future__ import annotations

import re

from luoshi.importer.model import Mention
from luoshi.vocab import CO_ORGANISER, LEAD, LEAD_OR_COLLECT, RESPONSIBLE

OPEN = "(（〔[【"
CLOSE = ")）〕]】"
UNIT_SEPS = "、,，;；"
SPACES = " \t\u00a0\u3000"

# Published label -> what it names. "official" are people, never units.
LABELS: dict[str, str] = {
    "牵头市领导": "official",
    "牵头区领导": "official",
    "牵头县领导": "official",
    "牵头领导": "official",
    "牵头负责领导": "official",
    "分管市领导": "official",
    "分管区领导": "official",
    "分管县领导": "official",
    "责任领导": "official",
    "分管领导": "official",
    "责任市领导": "official",
    "责任区领导": "official",
    "联系领导": "official",
    "牵头责任单位": LEAD,
    "主办单位": LEAD,
    "牵头单位": LEAD,
    "牵头部门": LEAD,
    "责任单位": RESPONSIBLE,
    "责任部门": RESPONSIBLE,
    "协办单位": CO_ORGANISER,
    "配合单位": CO_ORGANISER,
    "配合部门": CO_ORGANISER,
    "协同单位": CO_ORGANISER,
    "协同责任单位": CO_ORGANISER,
    "参与单位": CO_ORGANISER,
    "责任人": "person",  # persons per unit: neither units nor leading officials
    "具体责任人": "person",
    "工作要求": "requirement",  # free text; "由X牵头" in it names the lead
    "主责单位": LEAD,
    "牵头处室": LEAD,
    "责任处室": RESPONSIBLE,
    "领衔领导": "official",
    "联系市领导": "official",
    "完成时限": "deadline",
    "完成期限": "deadline",
    "时间节点": "deadline",
    "办结时限": "deadline",
    "完成时间": "deadline",
    "时限要求": "deadline",
    "时间要求": "deadline",
    "主责部门": LEAD,
    "牵头责任部门": LEAD,
    "协办部门": CO_ORGANISER,
    "参与部门": CO_ORGANISER,
    "责任主体": RESPONSIBLE,
    "承办单位": RESPONSIBLE,
    "实施单位": RESPONSIBLE,
}
# Officials: "牵头领导", "包抓县领导", "联系市领导", … are people, never units.
for _role in ("牵头", "责任", "分管", "联系", "包抓", "领衔", "挂帅", "主管", "督办"):
    for _level in ("", "省", "市", "区", "县", "镇", "乡"):
        LABELS.setdefault(f"{_role}{_level}领导", "official")
_LABEL_ALT = "|".join(sorted(LABELS, key=len, reverse=True))
# "牵头单位(部门):" - a short bracket may follow the label.
_AFTER_LABEL = r"\s*(?:[(（][^)）:：]{1,6}[)）])?\s*[:：]"
LABEL_AT = re.compile(rf"({_LABEL_ALT}){_AFTER_LABEL}")
LABEL_LINE = re.compile(rf"^({_LABEL_ALT}){_AFTER_LABEL}")
# "责 任 人:" - a label printed with spaces between its characters.
_SPACED_LABEL = re.compile(
    r"^([\u4e00-\u9fff](?:[ \t\u00a0\u3000]+[\u4e00-\u9fff]){1,6})(\s*[:：])"
)
# "由市发改委牵头" in a free-text requirement.
STATED_LEAD = re.compile(r"由([^,，;；。、由]{2,30}?)牵头")

# "列第一位的为牵头单位", "首位单位为牵头单位,下同", "列第一位为牵头或汇总单位".
_RULE = re.compile(
    r"(列第一位|列首位|排名第一|首位单位|排在第一位|排在首位|列在第一位|列在首位|位列第一"
    r"|第一个单位|第一家单位|排第一位|排名首位)[^。;；]{0,10}?"
    r"(为|是)(?:工作)?牵头(单位)?(或汇总)?"
)
_ETC = re.compile(r"等(有关|相关)?(部门|单位)?$")
_SUFFIX_LEADS = ("分别牵头", "牵头")
_SUFFIX_CO = ("配合", "协办")
_SUFFIX_DROP = ("按职责分工负责", "按职责负责", "负责")


def lead_rule(text: str) -> str | None:
    """The lead rule a sentence states, if any."""
    match = _RULE.search(text)
    if not match:
        return None
    return LEAD_OR_COLLECT if match[4] or "汇总" in text[match.end() : match.end() + 6] else LEAD


def normalise_label(text: str) -> str:
    """ "责 任 人:x" -> "责任人:x" where the spaced characters make a known label."""
    match = _SPACED_LABEL.match(text)
    if not match:
        return text
    label = "".join(match[1].split())
    return label + match[2] + text[match.end() :] if label in LABELS else text


def strip_rule_statement(value: str) -> str:
    """Drop a bracketed rule statement such as "(除标注…外,列第一位为牵头或汇总单位,下同)"."""
    for start, end in bracket_spans(value):
        if lead_rule(value[start:end]):
            return (value[:start] + value[end:]).strip()
    return value


def bracket_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each outermost bracket pair."""
    spans, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char in OPEN:
            if depth == 0:
                start = index
            depth += 1
        elif char in CLOSE and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, index + 1))
    return spans


def split_top(text: str, seps: str) -> list[str]:
    """Split at separators outside brackets: 各县(市、区)政府 stays one name."""
    return [part.strip() for part in split_outside(text, seps) if part.strip()]


def split_outside(text: str, seps: str, opening: str = OPEN, closing: str = CLOSE) -> list[str]:
    """Every piece between separators that stand outside brackets, empty ones included."""
    parts, current, depth = [], "", 0
    for char in text:
        if char in opening:
            depth += 1
        elif char in closing:
            depth = max(depth - 1, 0)
        if char in seps and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return parts


def clean_name(raw: str) -> tuple[str, str]:
    """Name without closing punctuation or a trailing 等…; the note says what was dropped."""
    name = raw.strip().strip("。.").strip()
    match = _ETC.search(name)
    if match and len(name) > len(match[0]):
        return name[: match.start()], f"trailing '{match[0]}' dropped: more units than listed"
    return name, ""


# "市发改委(牵头)": a unit marked as the lead inside a list.
_MARKED_LEAD = re.compile(r"^(.+?)\s*[(（](?:牵头|牵头单位|主办|主办单位)[)）]$")


_UNIT_END = re.compile(
    r"(局|委|办|厅|部|会|府|处|室|院|所|站|队|司|团|中心|公司|集团|馆|园|区|县|市|镇|乡|"
    r"街道|单位|部门|联|社|行|组|校|台|港|场|社区|办事处|分局|支行)(\(.*\)|（.*）)?$"
)
# "王某(副市长)", "王某副市长": an official's name without the title.
_TITLE = re.compile(
    r"(常务)?副?(省长|市长|县长|区长|镇长|乡长|州长|旗长|主任|书记|秘书长|部长|主席|局长)$"
)


def looks_like_units(text: str) -> bool:
    """Every name is short and ends like a unit (局, 委, 中心, 政府, …)."""
    names = split_top(text, UNIT_SEPS + SPACES)
    short = all(len(name) <= 25 and "。" not in name for name in names)
    return bool(names) and short and all(_UNIT_END.search(name.rstrip("等")) for name in names)


def official_names(value: str) -> list[str]:
    """Names of a 牵头领导 value: "王某(副市长)、李某 张某" -> 王某, 李某, 张某."""
    out = []
    for raw in split_top(value, UNIT_SEPS + SPACES):
        name = raw.strip("。")
        for start, end in reversed(bracket_spans(name)):
            name = name[:start] + name[end:]
        bare = _TITLE.sub("", name)
        out.append(bare if len(bare) >= 2 else name)
    return [name for name in out if name]


def split_spaces(names: list[str]) -> list[str]:
    """ "市发改委 五县五区政府 开发区管委会": units separated by spaces, not 、."""
    out = []
    for name in names:
        parts = split_top(name, SPACES)
        out += parts if all(len(part) >= 2 for part in parts) else ["".join(parts)]
    return out


def mentions_of(names: list[str], role: str, label: str) -> list[Mention]:
    out = []
    for raw in split_spaces(names):
        name, note = clean_name(raw)
        marked = _MARKED_LEAD.match(name)
        if marked:
            out.append(Mention(name=marked[1], role=LEAD, label=label, note=note))
        elif name:
            out.append(Mention(name=name, role=role, label=label, note=note))
    return out


def run_role(run: str, default: str) -> tuple[str, str]:
    """A run's role from a suffix such as 分别牵头 / 配合; the run without the suffix."""
    for suffix in _SUFFIX_LEADS:
        if run.endswith(suffix) and len(run) > len(suffix):
            return LEAD, run[: -len(suffix)]
    for suffix in _SUFFIX_CO:
        if run.endswith(suffix) and len(run) > len(suffix):
            return CO_ORGANISER, run[: -len(suffix)]
    for suffix in _SUFFIX_DROP:
        if run.endswith(suffix) and len(run) > len(suffix):
            return default, run[: -len(suffix)]
    return default, run


def responsible(value: str, label: str, rule: str | None) -> list[Mention]:
    """Mentions of a 责任单位 value: suffixes (分别牵头) first, then the stated rule."""
    value = strip_rule_statement(value)
    mentions: list[Mention] = []
    for run in split_top(value, ",，;；"):
        role, names = run_role(run, RESPONSIBLE)
        mentions += mentions_of(split_top(names, "、"), role, label)
    if rule and mentions and not any(m.role == LEAD for m in mentions):
        mentions[0].role = rule
    return mentions


def labelled(label: str, value: str, rule: str | None) -> list[Mention]:
    """Mentions of one "label:value" segment."""
    kind = LABELS.get(label, RESPONSIBLE)
    if kind == RESPONSIBLE:
        return responsible(value, label, rule)
    return mentions_of(split_top(strip_rule_statement(value), UNIT_SEPS), kind, label)


def segments(text: str) -> list[tuple[str, str]]:
    """(label, value) pairs of "主办单位:a、b;协办单位:c" ("" label for an unlabelled head)."""
    found = list(LABEL_AT.finditer(text))
    out = []
    head = text[: found[0].start()] if found else text
    if head.strip(" ;；,，"):
        out.append(("", head.strip(" ;；,，")))
    for index, match in enumerate(found):
        end = found[index + 1].start() if index + 1 < len(found) else len(text)
        out.append((match[1], text[match.end() : end].strip(" ;；,，")))
    return out


def unlabelled_tail(value: str) -> tuple[str, str]:
    """A labelled value may end with ";x、y": units after a ';' that no label names."""
    parts = split_top(value, ";；")
    if len(parts) < 2:
        return value, ""
    return parts[0], "；".join(parts[1:])


def is_annotation(inner: str) -> bool:
    """True for the inside of a bracket that assigns units: a label, or "…牵头"."""
    if LABEL_AT.search(inner):
        return True
    runs = split_top(inner, ",，;；")
    if not runs:
        return False
    if runs[0].endswith(_SUFFIX_LEADS) or runs[-1].endswith(_SUFFIX_CO + _SUFFIX_DROP[:2]):
        return True
    # "(市发改委、市财政局负责)": only where what precedes 负责 reads as units.
    return runs[-1].endswith("负责") and looks_like_units(runs[-1][:-2])
