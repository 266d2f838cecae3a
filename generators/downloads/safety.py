"""Spreadsheet safety: a text cell a spreadsheet would run as a formula is written
with a leading "'" in the CSV and XLSX downloads."""

from __future__ import annotations

import re

import pyarrow as pa
import pyarrow.compute as pc

# A text cell that Excel, WPS or LibreOffice would read as a formula begins with one
# of these (OWASP, "CSV Injection"). Such a cell is written with a leading "'" in the
# CSV and XLSX downloads: spreadsheets show it as text, and the value is the cell
# without its first character. A plain number ("-3.5", "+20%") is no formula and is
# left as it is, and so is a lone sign ("=" is a comparator in indicators.csv); typed
# columns (integer, number, boolean) never change.
FORMULA_START = "=+-@\t\r"
FORMULA_NOTE = (
    "CSV 与 XLSX 文件中,以 = + - @ 或制表符、回车开头的文本单元格(数字除外)前加了一个英文单引号 ',"
    "以免电子表格软件把它当作公式执行;去掉开头的这个单引号即为原值。JSON 与 Parquet 文件保持原值。"
)
_TYPED = ("integer", "number", "boolean")
_PLAIN_NUMBER = r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?%?"
_MAYBE_FORMULA = re.compile(r'(?:^|[,\n])"?[=+\-@\t\r]', re.M)
_FORMULA_RE2 = "^[=+\\-@\\t\\r][\\s\\S]"


def _s(text: str) -> pa.Scalar:
    return pa.scalar(text, pa.large_string())


def neutralise(value: str) -> str:
    """`value` as a spreadsheet must show it: "'" before a formula-like text."""
    if len(value) > 1 and value[0] in FORMULA_START and not re.fullmatch(_PLAIN_NUMBER, value):
        return "'" + value
    return value


def neutralise_array(text: pa.Array) -> pa.Array:
    """neutralise() over an Arrow string array (nulls stay null)."""
    risky = pc.and_(
        pc.match_substring_regex(text, _FORMULA_RE2),
        pc.invert(pc.match_substring_regex(text, f"^{_PLAIN_NUMBER}$")),
    )
    if not pc.any(risky).as_py():
        return text
    return pc.if_else(risky, pc.binary_join_element_wise(_s("'"), text, _s("")), text)
