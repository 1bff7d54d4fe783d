"""A small real study through the CLI: every command finds what another wrote, the plan's cost line is
what the run did, and every step's row counts add up."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from codedistill.store import Store
from codedistill.study import load_study
from codedistill.subsets import read_manifest

SPEC = {
    "name": "workspace",
    "students": [{"name": "tiny", "model": "tiny-random"}],
    "subsets": {"ladders": [{"name": "ladder", "sizes": [4]}],
                "splits": [{"name": "correctness", "factor": "correctness", "size": 2}]},
    "stages": [{"name": "base", "subsets": ["ladder-*", "correctness-*"]}],
    "train": {"num_train_epochs": 1, "max_length": 2048, "use_cpu": True, "global_batch_size": None,
              "lora": {"r": 4, "lora_alpha": 8}},
    "eval": {"infer": {"backend": "transformers", "sampling": {"preset": "cpu-smoke", "n": 2, "max_new_tokens": 8}}},
}


def cli(workspace: Path, cache: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "CODEDISTILL_CACHE": str(cache), "HF_HUB_OFFLINE": "1", "COLUMNS": "300"}
    return subprocess.run([sys.executable, "-m", "codedistill", "-w", str(workspace), *args], env=env,
                          capture_output=True, text=True, timeout=900)


@pytest.mark.slow
def test_commands_find_each_others_output_and_counts_add_up(tmp_path):
    spec_path = tmp_path / "study.yaml"
    spec_path.write_text(yaml.safe_dump(SPEC, sort_keys=False))
    workspace, cache = tmp_path / "ws", tmp_path / "models"

    planned = cli(workspace, cache, "study", "plan", str(spec_path))
    assert planned.returncode == 0, planned.stderr
    cost = re.search(r"to train: ([\d,]+) examples .*to generate: ([\d,]+) samples", planned.stdout.replace("\n", " "))
    train_examples, samples = (int(x.replace(",", "")) for x in cost.groups())

    ran = cli(workspace, cache, "study", "run", str(spec_path))
    assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-3000:]
    printed = Path(re.search(r"report: (\S+report\.html)", ran.stdout.replace("\n", "")).group(1))
    assert printed.is_file() and printed.parent.name == "workspace"
    reported = cli(workspace, cache, "study", "report", str(spec_path))
    assert reported.returncode == 0 and Path(re.search(r"report: (\S+)", reported.stdout.replace("\n", "")).group(1)) == printed

    shown = cli(workspace, cache, "subsets", "show")
    assert shown.returncode == 0 and "3 manifests" in shown.stdout
    for name in ("ladder-4-s0", "correctness-correct-s0", "correctness-incorrect-s0"):
        assert name in shown.stdout
        assert cli(workspace, cache, "subsets", "show", name).returncode == 0
    assert cli(workspace, cache, "study", "status", str(spec_path)).returncode == 0

    _, plan = load_study(spec_path)
    with Store(workspace) as store:
        counts = {step.id: store.step_counts(step.digest) for step in plan.steps}
        manifests = {s.config.subset: read_manifest(store.step_dir("subsets", plan.by_id["subsets"].digest) / f"{s.config.subset}.json")
                     for s in plan.of_kind("train")}
    assert all(c is not None and c.rows_in == c.rows_out + sum(c.dropped.values()) for c in counts.values()), counts
    # The cost line is what the run did: examples handed to training, samples generated and judged.
    assert train_examples == sum(len(m.ids) for m in manifests.values()) == sum(counts[s.id].rows_in for s in plan.of_kind("train"))
    with sqlite3.connect(workspace / "codedistill.db") as conn:
        judged = conn.execute("SELECT COUNT(*) FROM sample_results").fetchone()[0]
    assert samples == judged == sum(counts[s.id].rows_out for s in plan.of_kind("eval"))
    # The chain of rows: what curation kept is what labelling saw, and what labelling wrote the subsets drew from.
    assert counts["data/curate"].rows_in == counts["data/traces"].rows_out
    assert counts["data/label"].rows_in == counts["data/curate"].rows_out == counts["subsets"].rows_in
