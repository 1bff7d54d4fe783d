"""The embedded results store: one SQLite database (WAL) per workspace, and the workspace's layout.

Several processes may write at once (WAL + busy timeout + `BEGIN IMMEDIATE`); every write is one
transaction, so a writer killed with SIGKILL leaves either all of its rows or none. Artifacts are
files named by the hash of their inputs and config, written to a temp file and renamed into place.
Every command finds what another wrote through the layout methods here:

    codedistill.db                      runs, steps (with their row counts), artifacts, metrics, caches
    artifacts/<kind>/<digest>/          a finished step's directory (`step_dir`)
    artifacts/<kind>/<digest>.partial/  the step while it runs (`partial_dir`), renamed when it finishes
    artifacts/<kind>/<name>.partial.jsonl   a resumable writer's journal (`journal_path`)
    artifacts/subset/<hash>.json        subset manifests, found by name (`codedistill subsets show`)
    reports/<study>/                    a study's published report (`report_dir`)
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from codedistill.recordio import atomic_path

DB_NAME = "codedistill.db"

# Each entry migrates the schema from version i to i + 1. Append; never edit a released entry.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE runs (
        id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL DEFAULT '',
        config TEXT NOT NULL DEFAULT '{}', status TEXT NOT NULL DEFAULT 'created',
        parent TEXT, created_at REAL NOT NULL, updated_at REAL NOT NULL
    );
    CREATE TABLE steps (
        id TEXT PRIMARY KEY, run_id TEXT, name TEXT NOT NULL, status TEXT NOT NULL,
        input_hash TEXT NOT NULL DEFAULT '', artifact TEXT, error TEXT,
        started_at REAL, finished_at REAL
    );
    CREATE INDEX steps_run ON steps(run_id);
    CREATE TABLE artifacts (
        hash TEXT PRIMARY KEY, kind TEXT NOT NULL, path TEXT NOT NULL,
        meta TEXT NOT NULL DEFAULT '{}', created_at REAL NOT NULL
    );
    CREATE TABLE metrics (
        run_id TEXT NOT NULL, name TEXT NOT NULL, step INTEGER NOT NULL DEFAULT 0,
        value REAL, extra TEXT NOT NULL DEFAULT '{}', created_at REAL NOT NULL,
        PRIMARY KEY (run_id, name, step)
    );
    """,
    # Inference cache (one row per finished sample) and per-sample evaluation results.
    """
    CREATE TABLE generations (
        key TEXT PRIMARY KEY, model TEXT NOT NULL, problem_id TEXT NOT NULL DEFAULT '',
        sample_index INTEGER NOT NULL DEFAULT 0, record TEXT NOT NULL, created_at REAL NOT NULL
    );
    CREATE TABLE sample_results (
        run_id TEXT NOT NULL, problem_id TEXT NOT NULL, sample_index INTEGER NOT NULL,
        status TEXT NOT NULL, record TEXT NOT NULL, created_at REAL NOT NULL,
        PRIMARY KEY (run_id, problem_id, sample_index)
    );
    """,
    # Row counts of each finished step: rows in, rows out, rows dropped by reason.
    """
    ALTER TABLE steps ADD COLUMN counts TEXT NOT NULL DEFAULT '{}';
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


@dataclass(frozen=True)
class StepCounts:
    """What a step did with its rows: each row that came in went out or was dropped, for a reason.

    `notes` holds counts that are neither (e.g. `truncated`: kept, but cut to the length limit)."""

    rows_in: int
    rows_out: int
    dropped: Mapping[str, int] = field(default_factory=dict)
    notes: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.rows_in != self.rows_out + sum(self.dropped.values()):
            raise ValueError(f"counts do not add up: {self.rows_in} in, {self.rows_out} out, dropped {dict(self.dropped)}")

    @property
    def rejected(self) -> int:
        """Rows refused as bad input (under `skip_bad`), as opposed to dropped by a policy."""
        return sum(n for reason, n in self.dropped.items() if reason.startswith("rejected"))


class Store:
    """Runs, steps, artifacts, metrics and caches of one workspace directory."""

    def __init__(self, workspace: str | Path):
        self.workspace = Path(workspace)
        self.workspace.mkdir(parents=True, exist_ok=True)
        self.path = self.workspace / DB_NAME
        self._conn = sqlite3.connect(self.path, timeout=60, isolation_level=None, check_same_thread=False)
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")  # durable against process crashes in WAL mode
        self._conn.execute("PRAGMA foreign_keys=ON")
        self.migrate()

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic write: all statements inside commit together or not at all."""
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    @property
    def schema_version(self) -> int:
        return self._conn.execute("PRAGMA user_version").fetchone()[0]

    def migrate(self) -> None:
        """Bring the schema to `SCHEMA_VERSION`; safe when several processes open the store at once."""
        with self.transaction() as conn:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                from codedistill.errors import CodedistillError

                raise CodedistillError(
                    f"{self.path}: schema version {version} is newer than this codedistill ({SCHEMA_VERSION}); upgrade codedistill"
                )
            for script in MIGRATIONS[version:]:
                for statement in filter(str.strip, script.split(";")):
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    # Runs ---------------------------------------------------------------------------------------
    def upsert_run(self, run_id: str, kind: str, *, name: str = "", config: Any = None, status: str = "created",
                   parent: str | None = None) -> None:
        now = time.time()
        with self.transaction() as conn:
            conn.execute(
                """INSERT INTO runs (id, kind, name, config, status, parent, created_at, updated_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT(id) DO UPDATE SET status=excluded.status, updated_at=excluded.updated_at""",
                (run_id, kind, name, json.dumps(config or {}, default=str), status, parent, now, now),
            )

    def set_run_status(self, run_id: str, status: str) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE runs SET status=?, updated_at=? WHERE id=?", (status, time.time(), run_id))

    def get_run(self, run_id: str) -> dict[str, Any] | None:
        row = self._conn.execute("SELECT * FROM runs WHERE id=?", (run_id,)).fetchone()
        return _row(row, "config")

    def list_runs(self, kind: str | None = None) -> list[dict[str, Any]]:
        query, args = "SELECT * FROM runs", ()
        if kind is not None:
            query, args = query + " WHERE kind=?", (kind,)
        return [_row(r, "config") for r in self._conn.execute(query + " ORDER BY created_at", args)]

    # Steps --------------------------------------------------------------------------------------
    def start_step(self, step_id: str, name: str, *, run_id: str | None = None, input_hash: str = "") -> None:
        with self.transaction() as conn:
            conn.execute(
                """INSERT INTO steps (id, run_id, name, status, input_hash, started_at) VALUES (?, ?, ?, 'running', ?, ?)
                   ON CONFLICT(id) DO UPDATE SET status='running', input_hash=excluded.input_hash,
                   started_at=excluded.started_at, error=NULL""",
                (step_id, run_id, name, input_hash, time.time()),
            )

    def finish_step(self, step_id: str, *, artifact: str | None = None, error: str | None = None,
                    counts: StepCounts | None = None) -> None:
        status = "failed" if error else "done"
        with self.transaction() as conn:
            conn.execute(
                "UPDATE steps SET status=?, artifact=?, error=?, finished_at=?, counts=? WHERE id=?",
                (status, artifact, error, time.time(), json.dumps(asdict(counts) if counts else {}), step_id),
            )

    def get_step(self, step_id: str) -> dict[str, Any] | None:
        return _row(self._conn.execute("SELECT * FROM steps WHERE id=?", (step_id,)).fetchone(), "counts")

    def step_counts(self, step_id: str) -> StepCounts | None:
        """The row counts a finished step recorded, or None."""
        row = self.get_step(step_id)
        return StepCounts(**row["counts"]) if row and row["counts"] else None

    def list_steps(self, run_id: str | None = None) -> list[dict[str, Any]]:
        query, args = "SELECT * FROM steps", ()
        if run_id is not None:
            query, args = query + " WHERE run_id=?", (run_id,)
        return [_row(r, "counts") for r in self._conn.execute(query + " ORDER BY started_at", args)]

    # Layout -------------------------------------------------------------------------------------
    def step_dir(self, kind: str, digest: str) -> Path:
        """A finished step's directory."""
        return self.artifact_path(kind, digest)

    def partial_dir(self, kind: str, digest: str) -> Path:
        """Where the step works until it finishes (then renamed to `step_dir`)."""
        return self.artifact_path(kind, digest, ".partial")

    def journal_path(self, kind: str, name: str) -> Path:
        """The `recordio.Journal` of a resumable writer (e.g. an evaluation run's judged samples)."""
        return self.artifact_path(kind, name, ".partial.jsonl")

    def report_dir(self, study: str) -> Path:
        """Where a study's report is published; `study run` and `study report` both write it here."""
        return self.workspace / "reports" / study

    # Artifacts ----------------------------------------------------------------------------------
    def artifact_path(self, kind: str, digest: str, suffix: str = "") -> Path:
        """Where the artifact of `kind` named by `digest` lives (it may not exist yet)."""
        return self.workspace / "artifacts" / kind / f"{digest}{suffix}"

    def write_artifact(self, kind: str, digest: str, content: bytes | str, *, suffix: str = "",
                       meta: dict[str, Any] | None = None) -> Path:
        """Write a small artifact atomically and register it."""
        path = self.artifact_path(kind, digest, suffix)
        with atomic_path(path) as tmp:
            tmp.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        self.register_artifact(kind, digest, path, meta)
        return path

    def register_artifact(self, kind: str, digest: str, path: str | Path, meta: dict[str, Any] | None = None) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO artifacts (hash, kind, path, meta, created_at) VALUES (?, ?, ?, ?, ?)",
                (digest, kind, str(path), json.dumps(meta or {}, default=str), time.time()),
            )

    def get_artifact(self, digest: str) -> dict[str, Any] | None:
        """The registered artifact with this hash, or None if unknown or its file has gone."""
        row = _row(self._conn.execute("SELECT * FROM artifacts WHERE hash=?", (digest,)).fetchone(), "meta")
        if row is None or not Path(row["path"]).exists():
            return None
        return row

    # Metrics ------------------------------------------------------------------------------------
    def log_metrics(self, run_id: str, values: dict[str, float | None], *, step: int = 0,
                    extra: dict[str, Any] | None = None) -> None:
        now = time.time()
        payload = json.dumps(extra or {}, default=str)
        with self.transaction() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO metrics (run_id, name, step, value, extra, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                [(run_id, name, step, value, payload, now) for name, value in values.items()],
            )

    def metrics(self, run_id: str, name: str | None = None) -> list[dict[str, Any]]:
        query, args = "SELECT * FROM metrics WHERE run_id=?", (run_id,)
        if name is not None:
            query, args = query + " AND name=?", (run_id, name)
        return [_row(r, "extra") for r in self._conn.execute(query + " ORDER BY name, step", args)]

    # Caches -------------------------------------------------------------------------------------
    def get_generations(self, keys: list[str]) -> dict[str, dict[str, Any]]:
        """Finished samples among `keys`, as stored records."""
        found: dict[str, dict[str, Any]] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self._conn.execute(f"SELECT key, record FROM generations WHERE key IN ({marks})", chunk):
                found[row["key"]] = json.loads(row["record"])
        return found

    def put_generation(self, key: str, model: str, problem_id: str, sample_index: int, record: dict[str, Any]) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO generations (key, model, problem_id, sample_index, record, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (key, model, problem_id, sample_index, json.dumps(record, default=str), time.time()),
            )

    def put_sample_results(self, run_id: str, rows: list[tuple[str, int, str, dict[str, Any]]]) -> None:
        """Store (problem_id, sample_index, status, record) rows of one evaluation run."""
        now = time.time()
        with self.transaction() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO sample_results (run_id, problem_id, sample_index, status, record, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                [(run_id, pid, idx, status, json.dumps(rec, default=str), now) for pid, idx, status, rec in rows],
            )

    def sample_results(self, run_id: str) -> list[dict[str, Any]]:
        rows = self._conn.execute(
            "SELECT * FROM sample_results WHERE run_id=? ORDER BY problem_id, sample_index", (run_id,)
        )
        return [_row(r, "record") for r in rows]


def _row(row: sqlite3.Row | None, *json_fields: str) -> dict[str, Any] | None:
    if row is None:
        return None
    data = dict(row)
    for name in json_fields:
        data[name] = json.loads(data[name])
    return data
