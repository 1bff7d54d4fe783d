"""`codedistill quickstart` end to end through the installed entry point, with the real SmolLM2 on CPU.

Sizes and budgets are shrunk by overrides so the test fits CI; the README's command runs the full spec.
"""

import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

SHRINK = [
    "subsets.ladders.0.sizes=[4, 8, 16]",
    "subsets.splits.0.size=6",
    "train.max_length=768",
    "eval.infer.sampling.max_new_tokens=64",
]


def quickstart(workspace: Path, cache: Path) -> subprocess.CompletedProcess:
    exe = shutil.which("codedistill")
    assert exe, "the `codedistill` entry point is not installed"
    env = {**os.environ, "CODEDISTILL_CACHE": str(cache), "HF_HUB_OFFLINE": "1", "COLUMNS": "200"}
    return subprocess.run([exe, "-w", str(workspace), "quickstart", *SHRINK], env=env, capture_output=True,
                          text=True, timeout=1800)


@pytest.mark.slow
def test_quickstart_runs_the_whole_study_and_then_reuses_it(tmp_path, smollm2_cache):
    workspace = tmp_path / "ws"
    first = quickstart(workspace, smollm2_cache)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    report = Path(re.search(r"report: (\S+report\.html)", first.stdout).group(1))
    html = report.read_text()
    assert "quickstart" in html and "pass@1" in html and "<img" in html
    assert (report.parent / "report.md").exists()
    with sqlite3.connect(workspace / "codedistill.db") as conn:
        runs = conn.execute("SELECT COUNT(DISTINCT run_id) FROM sample_results").fetchone()[0]
        names = {row[0] for row in conn.execute("SELECT name FROM metrics")}
        steps = conn.execute("SELECT COUNT(*), SUM(status = 'done') FROM steps WHERE run_id = 'study/quickstart'").fetchone()
        manifests = conn.execute("SELECT COUNT(*) FROM steps WHERE id LIKE 'subset:%'").fetchone()[0]
    assert runs == 6  # baseline, three ladder sizes, correct and incorrect arms
    assert {"pass@1", "completion_rate", "think_tag_rate", "loss"} <= names
    assert steps[0] == steps[1] == 6 + 5 + 6 + 1  # data+subsets, trainings, evaluations, report
    assert manifests == 5  # the study's manifests, where `codedistill subsets show` finds them
    again = quickstart(workspace, smollm2_cache)
    assert again.returncode == 0 and again.stdout.count("reuse") == 18 and " start " not in again.stdout
