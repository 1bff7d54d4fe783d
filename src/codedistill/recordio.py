"""JSONL (optionally gzipped) and Parquet reading and writing; a bad line is reported as `path:line`."""

from __future__ import annotations

import gzip
import io
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any, TypeVar

from pydantic import BaseModel, ValidationError

from codedistill.errors import DataError, data_error

R = TypeVar("R", bound=BaseModel)


def _open_text(path: Path, mode: str) -> IO[str]:
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, mode + "b"), encoding="utf-8", newline="\n")
    return open(path, mode, encoding="utf-8", newline="\n")


def iter_jsonl(
    path: str | Path, on_bad: Callable[[DataError], None] | None = None
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, object) for every non-blank line.

    A bad line raises a `DataError` naming it, or, with `on_bad`, is handed to it and skipped.
    """
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: file not found")
    if path.suffix == ".parquet":
        yield from enumerate(_iter_parquet(path), start=1)
        return
    with open(path, "rb") as raw:
        stream = gzip.open(raw) if path.suffix == ".gz" else raw
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line.decode("utf-8"))
                if not isinstance(obj, dict):
                    raise data_error(path, number, None, f"expected a JSON object, got {type(obj).__name__}")
            except UnicodeDecodeError as exc:
                error = data_error(path, number, None, f"not UTF-8 ({exc.reason} at byte {exc.start}); re-encode the file as UTF-8")
            except json.JSONDecodeError as exc:
                error = data_error(path, number, None, f"bad JSON: {exc.msg} at column {exc.colno}")
            except DataError as exc:
                error = exc
            else:
                yield number, obj
                continue
            if on_bad is None:
                raise error
            on_bad(error)


def _iter_parquet(path: Path) -> Iterator[dict[str, Any]]:
    import pyarrow.parquet as pq

    for batch in pq.ParquetFile(path).iter_batches(batch_size=4096):
        yield from batch.to_pylist()


def read_records(path: str | Path, model: type[R]) -> Iterator[R]:
    """Stream records of `model` from JSONL/Parquet; a validation error names file, line and field."""
    for number, obj in iter_jsonl(path):
        try:
            yield model.model_validate(obj)
        except ValidationError as exc:
            err = exc.errors()[0]
            field = ".".join(str(p) for p in err["loc"]) or None
            raise data_error(path, number, field, f"{err['msg']} (got {_short(err.get('input'))})") from None


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    return [obj for _, obj in iter_jsonl(path)]


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _dump(record: BaseModel | dict[str, Any]) -> str:
    if isinstance(record, BaseModel):
        return record.model_dump_json(exclude_none=False)
    return json.dumps(record, ensure_ascii=False)


def write_jsonl(path: str | Path, records: Iterable[BaseModel | dict[str, Any]]) -> int:
    """Write records atomically (temp file + rename) and return how many were written."""
    path = Path(path)
    if path.suffix == ".parquet":
        return write_parquet(path, records)
    count = 0
    with atomic_path(path) as tmp, _open_text(tmp, "w") as out:
        for record in records:
            out.write(_dump(record) + "\n")
            count += 1
    return count


def append_jsonl(handle: IO[str], record: BaseModel | dict[str, Any]) -> None:
    """Append one record and flush, so a killed run keeps every finished record."""
    handle.write(_dump(record) + "\n")
    handle.flush()


class Journal:
    """The one resumable writer: an append-only JSONL file of finished records, keyed.

    Long stages (judging, labelling, evaluation) append each finished record as it arrives, and a
    re-run skips the keys already there. The file is only ever appended to: a SIGKILL at any moment
    loses at most the line being written (a torn last line is ignored on resume and terminated
    before anything new is appended), and no finished record is written twice.

        with Journal(out.with_name(out.name + ".partial"), key=lambda r: (r["problem_id"], r["sample_id"])) as journal:
            for verdict in judge(todo(journal.done)):
                journal.append(verdict)
        journal.commit(out)  # atomic rename once every record is in
    """

    def __init__(self, path: str | Path, key: Callable[[dict[str, Any]], Any]):
        self.path = Path(path)
        self.key = key
        self.done: dict[Any, dict[str, Any]] = {}  # key -> record, for the records already finished
        self._torn = False
        self._garbled = 0  # lines that are not whole records (torn by a kill); the output leaves them out
        self._handle: IO[str] | None = None
        if self.path.exists():
            self._read_existing()

    def _read_existing(self) -> None:
        with open(self.path, "rb") as handle:
            for line in handle:
                if not line.endswith(b"\n"):
                    self._torn = True  # the line a killed writer was in the middle of
                    self._garbled += 1
                    break
                try:
                    record = json.loads(line)
                    self.done.setdefault(self.key(record), record)
                except (ValueError, KeyError, TypeError, IndexError):
                    self._garbled += 1  # left in place, never rewritten; the output leaves it out

    def __contains__(self, key: Any) -> bool:
        return key in self.done

    def __enter__(self) -> Journal:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._handle = open(self.path, "a", encoding="utf-8", newline="\n")
        if self._torn:
            self._handle.write("\n")  # end the torn line so the next record starts on a line of its own
            self._torn = False
        return self

    def __exit__(self, *exc: object) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def append(self, record: BaseModel | dict[str, Any]) -> bool:
        """Write one finished record and flush it to the OS; False (nothing written) if its key is done."""
        if self._handle is None:
            raise RuntimeError("Journal.append outside `with journal:`")
        data = record.model_dump(mode="json") if isinstance(record, BaseModel) else record
        key = self.key(data)
        if key in self.done:
            return False
        self._handle.write(json.dumps(data, ensure_ascii=False) + "\n")
        self._handle.flush()
        self.done[key] = data
        return True

    def commit(self, final: str | Path) -> None:
        """Make the finished journal the stage's output `final`, atomically.

        A clean journal is renamed; one with torn lines from a kill is written out whole, without them.
        """
        if self._handle is not None:
            raise RuntimeError("Journal.commit inside `with journal:`; close it first")
        final = Path(final)
        if self._garbled or not self.path.exists():
            write_jsonl(final, self.done.values())
            self.path.unlink(missing_ok=True)
        else:
            os.replace(self.path, final)


def write_parquet(path: Path, records: Iterable[BaseModel | dict[str, Any]]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [r.model_dump(mode="json") if isinstance(r, BaseModel) else r for r in records]
    with atomic_path(path) as tmp:
        pq.write_table(pa.Table.from_pylist(rows), tmp)
    return len(rows)


class atomic_path:
    """Context manager yielding a temp path next to `path`, renamed onto it only on success."""

    def __init__(self, path: str | Path):
        self.path = Path(path)

    def __enter__(self) -> Path:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp" + self.path.suffix, dir=self.path.parent)
        os.close(fd)
        self.tmp = Path(name)
        return self.tmp

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            os.replace(self.tmp, self.path)
        else:
            self.tmp.unlink(missing_ok=True)
