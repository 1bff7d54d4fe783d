"""A study killed with SIGKILL at any kind of step resumes with no lost and no repeated work."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

SPEC = {
    "name": "resume",
    "students": [{"name": "tiny", "model": "tiny-random"}],
    "subsets": {"ladders": [{"name": "ladder", "sizes": [4, 8]}]},
    "stages": [{"name": "base", "subsets": ["ladder-*"]}],
    # Enough work per step that a kill lands mid-step even on a quiet machine.
    "train": {"num_train_epochs": 30, "max_length": 512, "per_device_train_batch_size": 1, "packing": False,
              "use_cpu": True, "save_steps": 2, "logging_steps": 1, "lora": {"r": 4, "lora_alpha": 8, "merge": True}},
    "eval": {"style": "generic",
             "infer": {"backend": "transformers", "transformers": {"batch_size": 2},
                       "sampling": {"preset": "cpu-smoke", "n": 2, "max_new_tokens": 96}}},
}


def steps(db: Path) -> dict[str, tuple[str, float | None]]:
    if not db.exists():
        return {}
    with sqlite3.connect(db, timeout=30) as conn:
        try:
            rows = conn.execute("SELECT name, status, finished_at FROM steps WHERE run_id LIKE 'study/%'").fetchall()
        except sqlite3.OperationalError:  # schema not created yet
            return {}
    return {name: (status, finished) for name, status, finished in rows}


def generations(db: Path) -> dict[str, float]:
    if not db.exists():
        return {}
    with sqlite3.connect(db, timeout=30) as conn:
        try:
            return dict(conn.execute("SELECT key, created_at FROM generations").fetchall())
        except sqlite3.OperationalError:
            return {}


def study(workspace: Path, spec: Path, cache: Path) -> subprocess.Popen:
    env = {**os.environ, "CODEDISTILL_CACHE": str(cache), "HF_HUB_OFFLINE": "1"}
    return subprocess.Popen([sys.executable, "-m", "codedistill", "-w", str(workspace), "study", "run", str(spec)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def partial_work(workspace: Path, prefix: str, samples_before: int) -> bool:
    """The running step has finished part of its work: a training checkpoint, or some generated samples."""
    if prefix.startswith("train/"):
        return any((workspace / "artifacts" / "train").glob("*.partial/run/**/checkpoint-*"))
    if prefix.startswith("eval/"):
        return len(generations(workspace / "codedistill.db")) > samples_before
    return True


def kill_when_running(proc: subprocess.Popen, db: Path, prefix: str, settle_s: float, timeout_s: float = 600) -> str:
    deadline = time.monotonic() + timeout_s
    samples_before = len(generations(db))
    while time.monotonic() < deadline:
        running = [n for n, (status, _) in steps(db).items() if status == "running" and n.startswith(prefix)]
        if running and partial_work(db.parent, prefix, samples_before):
            time.sleep(settle_s)
            os.kill(proc.pid, signal.SIGKILL)  # mid-step: some of its work is done, some is not
            proc.wait()
            return running[0]
        assert proc.poll() is None, (
            f"study ended (exit {proc.returncode}) before a {prefix} step ran; steps: {steps(db)}; "
            f"stderr: {proc.stderr.read()[-2000:]}"
        )
        time.sleep(0.2)
    raise AssertionError(f"no {prefix} step started within {timeout_s}s")


@pytest.mark.slow
def test_kill_at_each_kind_of_step_then_resume(tmp_path):
    spec = tmp_path / "study.yaml"
    spec.write_text(yaml.safe_dump(SPEC))
    workspace, cache = tmp_path / "ws", tmp_path / "models"
    db = workspace / "codedistill.db"
    killed, samples_before_kill = [], {}
    for prefix, settle in [("data/label", 0.5), ("train/", 0.0), ("eval/", 0.0)]:
        before = {n: f for n, (s, f) in steps(db).items() if s == "done"}
        proc = study(workspace, spec, cache)
        killed.append(kill_when_running(proc, db, prefix, settle))
        after = steps(db)
        # every step finished before this run kept its row: nothing was redone
        assert all(after[n] == ("done", f) for n, f in before.items())
        samples_before_kill.update(generations(db))
    proc = study(workspace, spec, cache)
    assert proc.wait(timeout=900) == 0, proc.stderr.read()[-3000:]
    final = steps(db)
    assert all(status == "done" for status, _ in final.values()) and len(final) == 6 + 2 * 2 + 1 + 1
    assert [k.split("/")[0] for k in killed] == ["data", "train", "eval"]
    # each sample was generated once: samples finished before a kill were reused, never regenerated
    final_samples = generations(db)
    assert samples_before_kill and all(final_samples[k] == t for k, t in samples_before_kill.items())
    assert len(final_samples) == 14 * 2 * 3  # problems x n x evaluated models
    assert len(samples_before_kill) < len(final_samples)  # the eval kill really interrupted generation
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(DISTINCT run_id) FROM sample_results").fetchone()[0] == 3
    report = next((workspace / "artifacts" / "report").glob("*/report.html"))
    assert "resume" in report.read_text()


@pytest.mark.slow
def test_submitit_executor_runs_train_and_eval_steps_as_jobs(tmp_path):
    """`executor: submitit` with submitit's local cluster: train and eval steps run as separate job processes."""
    pytest.importorskip("submitit")
    spec = {**SPEC, "name": "jobs", "subsets": {"ladders": [{"name": "ladder", "sizes": [4]}]},
            "train": {**SPEC["train"], "num_train_epochs": 1},
            "executor": {"kind": "submitit", "cluster": "local", "parameters": {"timeout_min": 20}}}
    path = tmp_path / "study.yaml"
    path.write_text(yaml.safe_dump(spec))
    workspace = tmp_path / "ws"
    proc = study(workspace, path, tmp_path / "models")
    assert proc.wait(timeout=900) == 0, proc.stderr.read()[-3000:]
    final = steps(workspace / "codedistill.db")
    assert all(status == "done" for status, _ in final.values())
    job_logs = list((workspace / "submitit").glob("*_log.out"))
    assert len(job_logs) == 3  # one train job, two eval jobs (baseline and trained); data steps ran locally
