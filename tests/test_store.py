import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from codedistill.store import SCHEMA_VERSION, Store


def test_migrates_and_reopens(workspace):
    with Store(workspace) as store:
        assert store.schema_version == SCHEMA_VERSION
        store.upsert_run("r1", "eval", name="baseline", config={"n": 1})
        store.log_metrics("r1", {"pass@1": 0.25, "completion_rate": 0.5})
    with Store(workspace) as store:
        assert store.get_run("r1")["config"] == {"n": 1}
        assert {m["name"]: m["value"] for m in store.metrics("r1")} == {"completion_rate": 0.5, "pass@1": 0.25}


def test_migrates_an_older_schema(workspace):
    workspace.mkdir()
    from codedistill.store import DB_NAME, MIGRATIONS

    conn = sqlite3.connect(workspace / DB_NAME)
    conn.executescript(MIGRATIONS[0])
    conn.execute("PRAGMA user_version=1")
    conn.close()
    with Store(workspace) as store:
        assert store.schema_version == SCHEMA_VERSION
        store.put_generation("k", "m", "p", 0, {"text": "x"})
        assert store.get_generations(["k", "other"]) == {"k": {"text": "x"}}


def test_artifacts_are_atomic_and_named_by_hash(workspace):
    with Store(workspace) as store:
        path = store.write_artifact("manifests", "abc123", '{"ids": []}', suffix=".json", meta={"rows": 0})
        assert path.name == "abc123.json" and path.read_text() == '{"ids": []}'
        assert store.get_artifact("abc123")["meta"] == {"rows": 0}
        assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]  # no temp files left
        path.unlink()
        assert store.get_artifact("abc123") is None  # a registered artifact whose file is gone is not reused


WRITER = textwrap.dedent(
    """
    import sys
    from codedistill.store import Store
    store = Store(sys.argv[1])
    for i in range(int(sys.argv[3])):
        store.log_metrics(f"run-{sys.argv[2]}", {"value": float(i)}, step=i)
    store.close()
    """
)


def test_concurrent_writers_lose_nothing(workspace):
    Store(workspace).close()
    # Separate interpreters (not multiprocessing): the test module is not importable by name in a child.
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(workspace), str(w), "150"]) for w in range(4)]
    for p in procs:
        assert p.wait(60) == 0
    with Store(workspace) as store:
        assert all(len(store.metrics(f"run-{w}")) == 150 for w in range(4))


KILLED_WRITER = textwrap.dedent(
    """
    import sys, time
    from codedistill.store import Store
    store = Store(sys.argv[1])
    with store.transaction() as conn:
        for i in range(1000):
            conn.execute("INSERT INTO metrics (run_id, name, step, value, created_at) VALUES ('half', 'x', ?, 1, 0)", (i,))
        print("inside", flush=True)
        time.sleep(60)  # killed here, mid-transaction
    """
)


def test_sigkill_mid_transaction_leaves_no_rows(workspace):
    Store(workspace).close()
    proc = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(workspace)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "inside"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with Store(workspace) as store:
        assert store.metrics("half") == []
        store.log_metrics("after", {"ok": 1.0})  # the database is not left locked
        assert len(store.metrics("after")) == 1


@pytest.mark.parametrize("status", ["done", "failed"])
def test_steps_record_outcome(workspace, status):
    with Store(workspace) as store:
        store.start_step("s1", "train", input_hash="h")
        time.sleep(0.01)
        store.finish_step("s1", artifact="a", error="boom" if status == "failed" else None)
        step = store.get_step("s1")
        assert step["status"] == status and step["input_hash"] == "h" and step["finished_at"] > step["started_at"]
