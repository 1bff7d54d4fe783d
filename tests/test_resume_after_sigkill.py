"""Each resumable writer (judge run, labelling, evaluation) killed with SIGKILL mid-run, twice, then run
to the end: nothing finished before a kill is lost, judged again or rewritten, and nothing is repeated.

All three append to a `recordio.Journal`; the test reads the journal between kills, through the real
CLI entry point, with submissions slow enough (0.3 s of CPU each) that a kill lands mid-run.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

SLOW = "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.3:\n    pass\nprint(int(input()) * 2)\n"
N = 24


def problems_file(path: Path) -> Path:
    rows = [{"id": f"p{i}", "source": "test", "statement": f"double {i}", "tests": [{"input": "3\n", "output": "6\n"}]}
            for i in range(6)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def whole_lines(path: Path) -> list[bytes]:
    """The journal's finished lines (a line torn by the kill has no newline yet)."""
    if not path.exists():
        return []
    return [line for line in path.read_bytes().split(b"\n")[:-1] if line.strip()]


def run_and_kill(workspace: Path, args: list[str], journal: Callable[[], Path], after: int, timeout_s: float = 300) -> list[bytes]:
    """Start the command, SIGKILL it once the journal holds `after` finished lines, return those lines."""
    proc = subprocess.Popen([sys.executable, "-m", "codedistill", "-w", str(workspace), *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    deadline = time.monotonic() + timeout_s
    while len(whole_lines(journal())) < after:
        assert proc.poll() is None, f"finished before the kill: {proc.stderr.read().decode()[-2000:]}"
        assert time.monotonic() < deadline, "the journal did not grow"
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    lines = whole_lines(journal())
    assert len(lines) < N, "the kill came too late to interrupt the run"
    return lines


def kill_twice_then_finish(workspace: Path, args: list[str], journal: Callable[[], Path], key) -> list[dict]:
    """Kill, resume and kill, resume to the end; check the journal between kills; return the records
    finished before each kill (whole lines parse; torn ones are skipped)."""
    first = run_and_kill(workspace, args, journal, after=3)
    second = run_and_kill(workspace, args, journal, after=len(first) + 3)
    assert second[: len(first)] == first, "a finished line was rewritten"
    records = [json.loads(line) for line in second if _parses(line)]
    keys = [key(r) for r in records]
    assert len(keys) == len(set(keys)), "a finished record was judged twice"
    done = subprocess.run([sys.executable, "-m", "codedistill", "-w", str(workspace), *args], capture_output=True,
                          text=True, env={**os.environ, "HF_HUB_OFFLINE": "1"}, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return records


def _parses(line: bytes) -> bool:
    try:
        json.loads(line)
    except ValueError:
        return False
    return True


@pytest.mark.slow
def test_judge_run(tmp_path):
    samples = tmp_path / "s.jsonl"
    samples.write_text("".join(json.dumps({"problem_id": f"p{i % 6}", "sample_id": i, "code": SLOW}) + "\n" for i in range(N)))
    out = tmp_path / "v.jsonl"
    args = ["judge", "run", "--problems", str(problems_file(tmp_path / "p.jsonl")), "--samples", str(samples),
            "--out", str(out), "--workers", "1"]
    before = kill_twice_then_finish(tmp_path / "ws", args, lambda: out.with_name("v.jsonl.partial"),
                                    key=lambda r: (r["problem_id"], r["sample_id"]))
    verdicts = [json.loads(line) for line in out.read_text().splitlines()]
    assert sorted(v["sample_id"] for v in verdicts) == list(range(N))  # each sample once, none lost
    by_key = {(v["problem_id"], v["sample_id"]): v for v in verdicts}
    assert all(by_key[(r["problem_id"], r["sample_id"])] == r for r in before)  # kept as written, not re-judged
    assert {v["status"] for v in verdicts} == {"accepted"}


@pytest.mark.slow
def test_labelling(tmp_path):
    traces = tmp_path / "t.jsonl"
    traces.write_text("".join(json.dumps({"id": f"t{i}", "problem_id": f"p{i % 6}", "code": SLOW, "text": "x"}) + "\n"
                              for i in range(N)))
    out = tmp_path / "labelled.jsonl"
    args = ["data", "label", str(traces), "--problems", str(problems_file(tmp_path / "p.jsonl")), "--out", str(out),
            "--workers", "1"]
    before = kill_twice_then_finish(tmp_path / "ws", args, lambda: out.with_name("labelled.jsonl.partial"),
                                    key=lambda r: r["id"])
    labelled = {t["id"]: t for t in map(json.loads, out.read_text().splitlines())}
    assert sorted(labelled) == sorted(f"t{i}" for i in range(N))
    assert all(labelled[r["id"]]["verdict"] == r["verdict"] == "accepted" for r in before)
    assert not out.with_name("labelled.jsonl.partial").exists()


@pytest.mark.slow
def test_evaluation(tmp_path):
    generations = tmp_path / "g.jsonl"
    text = f"<think>\nslow but right\n</think>\n\n```python\n{SLOW}```"
    generations.write_text("".join(json.dumps({"problem_id": f"p{i % 6}", "sample_index": i // 6, "text": text,
                                               "finish_reason": "stop"}) + "\n" for i in range(N)))
    workspace = tmp_path / "ws"
    args = ["eval", "score", "--generations", str(generations), "--problems", str(problems_file(tmp_path / "p.jsonl")),
            "judge.workers=1"]
    journals = workspace / "artifacts" / "eval"

    def journal() -> Path:  # named by the run id, which the command derives from its inputs
        found = list(journals.glob("*.partial.jsonl")) if journals.exists() else []
        return found[0] if found else journals / "not-yet.partial.jsonl"

    before = kill_twice_then_finish(workspace, args, journal, key=lambda r: (r["problem_id"], r["sample_index"]))
    with sqlite3.connect(workspace / "codedistill.db") as conn:
        rows = conn.execute("SELECT problem_id, sample_index, record FROM sample_results").fetchall()
    assert len(rows) == N and len({(p, i) for p, i, _ in rows}) == N
    stored = {(p, i): json.loads(record) for p, i, record in rows}
    assert all(stored[(r["problem_id"], r["sample_index"])] == r for r in before)
    assert {r["status"] for r in stored.values()} == {"accepted"}
    assert not list(journals.glob("*.partial.jsonl")) and len(list(journals.glob("*.results.jsonl"))) == 1
