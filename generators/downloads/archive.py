"""Byte-deterministic zips: the whole package as one download, and every XLSX."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Iterable

from luoshi.downloads.safety import FORMULA_NOTE

ZIP_NAME = "luoshi-data.zip"
ZIP_ROOT = "luoshi-data"  # the zip unpacks into one folder, not loose files
CSV_ENCODING = "utf-8-sig"  # in datapackage.json: the BOM is part of the file
_ZIP_LEVEL = 6
_ZIP_MIN_TIME = (1980, 1, 1, 0, 0, 0)  # the zip format cannot store earlier times


def _zip_bytes(
    members: Iterable[tuple[str, bytes]],
    stamp: dt.datetime,
    keep_order: bool = False,
    level: int = _ZIP_LEVEL,
) -> bytes:
    """A byte-deterministic zip: fixed times, permissions and compression."""
    date_time = max(stamp.timetuple()[:6], _ZIP_MIN_TIME)
    ordered = list(members) if keep_order else sorted(members)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in ordered:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix, so the permissions below are read as such
            info.external_attr = (0o100644 & 0xFFFF) << 16
            archive.writestr(info, data, compresslevel=level)
    return buffer.getvalue()


def download_descriptor(descriptor: dict) -> dict:
    """The package descriptor for the download folder: each resource is its BOM'd CSV."""
    copy = json.loads(json.dumps(descriptor))
    for resource in copy["resources"]:
        resource["path"] = f"{resource['name']}.csv"
        resource["encoding"] = CSV_ENCODING
    copy["luoshi:spreadsheet-safety"] = FORMULA_NOTE
    return copy


def _zip_members(
    descriptor: bytes, csv_bytes: dict[str, bytes], sources: list[tuple[str, bytes]]
) -> list[tuple[str, bytes]]:
    members = [(f"{ZIP_ROOT}/datapackage.json", descriptor)]
    members += [(f"{ZIP_ROOT}/{name}.csv", data) for name, data in csv_bytes.items()]
    return members + [(f"{ZIP_ROOT}/{relative}", data) for relative, data in sources]
