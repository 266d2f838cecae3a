"""Printed numbers and samples: a sample keeps the original order, and its printed
numbers are made continuous again."""

from __future__ import annotations

import random

from luoshi_tools.synth.real import Row

_DIGITS = "零一二三四五六七八九"


def _from_chinese(text: str) -> int | None:
    if not text or any(c not in _DIGITS + "十" for c in text):
        return None
    if "十" not in text:
        return _DIGITS.index(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    return (_DIGITS.index(tens) if tens else 1) * 10 + (_DIGITS.index(ones) if ones else 0)


def _to_chinese(n: int) -> str:
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return (_DIGITS[tens] if tens > 1 else "") + "十" + (_DIGITS[ones] if ones else "")


def renumber(numbers: list[str]) -> list[str]:
    """Printed numbers of a sample made continuous again; restarts (1, 2 | 1, 2) are kept."""
    out, previous, current, last = [], None, 0, ""
    for number in numbers:
        value = int(number) if number.isdigit() else _from_chinese(number)
        if value is None:
            out.append(number)
            continue
        if number != last:
            current = 1 if previous is None or value <= previous else current + 1
        previous, last = value, number
        out.append(str(current) if number.isdigit() else _to_chinese(current))
    return out


def sample_in_order(rng: random.Random, items: list, count: int) -> list:
    """`count` of `items` in their original order."""
    if count >= len(items):
        return list(items)
    return [items[i] for i in sorted(rng.sample(range(len(items)), max(count, 1)))]


def indicator_groups(indicators: list[Row]) -> list[list[Row]]:
    """Indicator rows with sub-rows under one printed number stay together."""
    groups: list[list[Row]] = []
    for row in indicators:
        if groups and row["number"] and row["number"] == groups[-1][-1]["number"]:
            groups[-1].append(row)
        else:
            groups.append([row])
    return groups
