"""The download files as jobs: each made on a thread, or linked from the cache when
its inputs were seen before (a cached file is used only while its recorded digest,
size and modification time hold)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from luoshi import status_table, urls
from luoshi.downloads.archive import ZIP_NAME, _zip_bytes, _zip_members, download_descriptor
from luoshi.downloads.formats import _csv_download, _json_bytes, _json_text, _parquet_bytes
from luoshi.downloads.xlsx import _resource_xlsx
from luoshi.package import Package, source_files
from luoshi.trees import replace_with_link


@dataclass(frozen=True)
class DownloadFile:
    path: str  # relative to dest, posix
    resource: str  # resource name, "" for package-level files
    format: str  # "csv" | "xlsx" | "parquet" | "json" | "zip"
    size: int  # bytes
    sha256: str  # hex
    report_id: str = ""  # set for a report's slice

    @property
    def url(self) -> str:
        """The file's address on the site, relative to the root."""
        return urls.download(self.path)


@dataclass(frozen=True)
class _Job:
    path: str
    resource: str
    format: str
    make: Callable[[], bytes]
    report_id: str = ""
    key: str = ""  # a hash of everything the bytes depend on ("" : never cached)


def write_downloads(
    package: Package,
    dest: Path,
    epoch: int,
    *,
    workers: int = 2,
    cache: Path | None = None,
    salt: str = "",
) -> list[DownloadFile]:
    """Write the package-level downloads into `dest`; one DownloadFile per file, in a
    stable order: per resource its CSV, XLSX, Parquet and JSON; datapackage.json; the zip.

    With `cache`, a file whose inputs (its resource's CSV, the epoch and `salt`, the
    caller's code version) were seen before is linked from there, not made again.
    Files are made on `workers` threads. Arrow, zlib, hashing and file writes release
    the GIL, the rest does not: at 107,000 tasks and 308,000 assignments a second
    thread took the whole run from about 14.7 s to 12.6-13.9 s on two cores.
    """
    stamp = _stamp(epoch)
    resources = package.descriptor["resources"]
    raw = {res["name"]: (package.root / res["path"]).read_bytes() for res in resources}
    fields = {res["name"]: res["schema"]["fields"] for res in resources}

    made: dict[str, bytes] = {}

    def csv_of(name: str) -> bytes:  # made only for a file not in the cache, once
        if name not in made:
            made[name] = _csv_download(raw[name], fields[name])
        return made[name]

    descriptor = _json_text(download_descriptor(package.descriptor)).encode("utf-8")
    jobs = [job for res in resources for job in _resource_jobs(package, res, csv_of, stamp)]
    jobs += _status_jobs(package, stamp)
    jobs.append(_Job("datapackage.json", "", "json", lambda: descriptor))
    sources = [
        (path.relative_to(package.root).as_posix(), path.read_bytes())
        for path in source_files(package.root)
    ]  # never a file a symlink leads to outside

    def zipped() -> bytes:
        csvs = {name: _from_cache(cache, csv_keys[name]) or csv_of(name) for name in raw}
        return _zip_bytes(_zip_members(descriptor, csvs, sources), stamp)

    jobs.append(_Job(ZIP_NAME, "", "zip", zipped))
    # A file's key hashes what it is made from: the source CSVs as read (the code that
    # makes them is in `salt`), so nothing is made to find out whether it is cached.
    inputs = {name: hashlib.sha256(data).hexdigest() for name, data in raw.items()}
    inputs["datapackage.json"] = hashlib.sha256(descriptor).hexdigest()
    inputs[status_table.NAME] = status_table.inputs_digest(inputs)
    zip_inputs = hashlib.sha256()
    for name, digest in [
        *inputs.items(),
        *((n, hashlib.sha256(d).hexdigest()) for n, d in sources),
    ]:
        zip_inputs.update(f"{name}\0{digest}\0".encode())
    inputs[ZIP_NAME] = zip_inputs.hexdigest()
    keyed = [_keyed(job, inputs[job.resource or job.path], epoch, salt) for job in jobs]
    # The zip holds every resource's CSV: one the cache has is read, not made again.
    csv_keys = {job.resource: job.key for job in keyed if job.path == f"{job.resource}.csv"}
    return _run_all(dest, keyed, workers, cache)


def _status_jobs(package: Package, stamp: dt.datetime) -> list[_Job]:
    """The latest status per task (luoshi.status_table), as CSV and XLSX."""
    frame = cache(lambda: status_table.table(package))
    name = status_table.NAME
    return [
        _Job(f"{name}.csv", name, "csv", lambda: status_table.csv_bytes(frame())),
        _Job(f"{name}.xlsx", name, "xlsx", lambda: status_table.xlsx_bytes(frame(), stamp)),
    ]


def _keyed(job: _Job, inputs: str, dated: int | str, salt: str) -> _Job:
    """`job` with the key of its path, its inputs' hash, the time it is stamped with
    (the build's epoch; a report slice's own date) and the code (`salt`)."""
    key = hashlib.sha256(f"{job.path}|{inputs}|{dated}|{salt}".encode()).hexdigest()
    return dataclasses.replace(job, key=key)


def _run_all(dest: Path, jobs: list[_Job], workers: int, cache: Path | None) -> list[DownloadFile]:
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return list(pool.map(lambda job: _run(Path(dest), job, cache), jobs))


def _resource_jobs(
    package: Package, resource: dict, csv_of: Callable[[str], bytes], stamp: dt.datetime
) -> list[_Job]:
    name, fields = resource["name"], resource["schema"]["fields"]
    table = package[name]
    makers: dict[str, Callable[[], bytes]] = {
        "csv": lambda: csv_of(name),
        "xlsx": lambda: _resource_xlsx(name, table, fields, stamp),
        "parquet": lambda: _parquet_bytes(table, fields),
        "json": lambda: _json_bytes(table, fields),
    }
    return [_Job(f"{name}.{fmt}", name, fmt, make) for fmt, make in makers.items()]


def _stamp(epoch: int) -> dt.datetime:
    """The epoch as a naive UTC datetime (XLSX properties and zip times are UTC here)."""
    return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).replace(tzinfo=None)


def _run(dest: Path, job: _Job, cache: Path | None) -> DownloadFile:
    target = dest / job.path
    target.parent.mkdir(parents=True, exist_ok=True)
    cached = cache / job.key[:2] / job.key if cache is not None and job.key else None
    whole = _cached(cached)
    if whole is not None:
        size, digest = whole
        replace_with_link(cached, target)  # type: ignore[arg-type]
    else:
        data = job.make()
        size, digest = len(data), hashlib.sha256(data).hexdigest()
        target.write_bytes(data)
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            replace_with_link(target, cached)
            _write_atomic(_sidecar(cached), _stamp_of(cached, digest).encode())
    return DownloadFile(job.path, job.resource, job.format, size, digest, job.report_id)


def _from_cache(cache: Path | None, key: str) -> bytes | None:
    """The bytes of the cached file of `key`, if the cache has it whole."""
    cached = cache / key[:2] / key if cache is not None else None
    if _cached(cached) is None:
        return None
    try:
        return cached.read_bytes()  # type: ignore[union-attr]
    except OSError:
        return None


def _sidecar(cached: Path) -> Path:
    return cached.with_name(cached.name + ".sha256")


def _stamp_of(path: Path, digest: str) -> str:
    stat = path.stat()
    return f"{digest} {stat.st_size} {stat.st_mtime_ns}"


def _cached(cached: Path | None) -> tuple[int, str] | None:
    """A cached file's size and digest, if it is whole: its sidecar, written once the
    file was complete, records its digest, size and modification time. A file whose
    size or time differs (a build killed while writing, a file edited in place) is
    hashed again, and made again unless its bytes still match the digest."""
    if cached is None:
        return None
    try:
        recorded = _sidecar(cached).read_text(encoding="ascii").split()
        if len(recorded) == 3 and _stamp_of(cached, recorded[0]) == " ".join(recorded):
            return int(recorded[1]), recorded[0]
        data = cached.read_bytes()
    except (OSError, ValueError):
        return None
    digest = hashlib.sha256(data).hexdigest()
    return (len(data), digest) if recorded and digest == recorded[0] else None


def _write_atomic(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)
