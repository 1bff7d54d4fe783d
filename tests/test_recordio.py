"""The resumable journal: append-only, keyed, and whole after a SIGKILL at any moment."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from codedistill.recordio import Journal


def key(record: dict) -> str:
    return record["id"]


def test_resume_skips_finished_keys_and_never_appends_twice(tmp_path):
    path = tmp_path / "out.partial"
    with Journal(path, key) as journal:
        assert journal.append({"id": "a", "v": 1})
        assert not journal.append({"id": "a", "v": 2})  # a key is finished once
    again = Journal(path, key)
    assert again.done == {"a": {"id": "a", "v": 1}} and "a" in again
    with again:
        again.append({"id": "b", "v": 3})
    again.commit(tmp_path / "out.jsonl")
    assert not path.exists()
    assert [json.loads(line)["id"] for line in (tmp_path / "out.jsonl").read_text().splitlines()] == ["a", "b"]


def test_a_torn_last_line_is_ignored_and_terminated_not_rewritten(tmp_path):
    path = tmp_path / "out.partial"
    path.write_text('{"id": "a"}\n{"id": "b", "v"', encoding="utf-8")
    before = path.read_bytes()
    journal = Journal(path, key)
    assert set(journal.done) == {"a"}
    assert path.read_bytes() == before  # reading never rewrites
    with journal:
        journal.append({"id": "b", "v": 1})
    assert path.read_bytes().startswith(before)  # appended to, never rewritten in place
    assert set(Journal(path, key).done) == {"a", "b"}


def test_append_outside_the_context_is_an_error(tmp_path):
    with pytest.raises(RuntimeError):
        Journal(tmp_path / "x", key).append({"id": "a"})


WRITER = """
import sys
from codedistill.recordio import Journal
journal = Journal(sys.argv[1], key=lambda r: r["id"])
with journal:
    for i in range(200000):
        journal.append({"id": str(i), "payload": "x" * (i % 977)})
"""


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.2])
def test_sigkill_at_any_moment_loses_only_the_line_in_flight(tmp_path, delay):
    path = tmp_path / "out.partial"
    for _round in range(3):  # kill, resume, kill again: the file stays consistent
        start = path.stat().st_size if path.exists() else 0
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)])
        while not path.exists() or path.stat().st_size <= start:  # writing has begun
            time.sleep(0.005)
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        lines = path.read_bytes().split(b"\n")[:-1]  # the last piece is torn or empty
        whole, garbled = [], 0
        for line in lines:
            try:
                whole.append(json.loads(line))
            except ValueError:
                garbled += 1  # a line torn by an earlier kill, terminated on resume
        assert garbled <= _round
        ids = [r["id"] for r in whole]
        assert len(ids) == len(set(ids)), "a finished record was written twice"
        assert ids == [str(i) for i in range(len(ids))], "a finished record was lost"
        assert set(Journal(path, key).done) == set(ids)
