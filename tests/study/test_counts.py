"""Counts add up: every step records rows in, rows out and rows dropped by reason; bad input rows are
kept in a rejects file and make `study run` exit 1; the report flags controlled arms trained on
different counts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from codedistill.store import StepCounts, Store
from codedistill.study import load_study, run_plan
from codedistill.study.results import unbalanced_pairs

SPEC = {
    "name": "counts",
    "students": [{"name": "tiny", "model": "tiny-random"}],
    "subsets": {"ladders": [{"name": "ladder", "sizes": [4]}],
                "splits": [{"name": "correctness", "factor": "correctness", "size": 2, "seeds": [0, 1]}]},
    "stages": [{"name": "base", "subsets": ["ladder-*", "correctness-*"]}],
}


def write(tmp_path: Path, spec: dict) -> Path:
    path = tmp_path / "study.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False))
    return path


def test_counts_must_add_up():
    StepCounts(10, 7, {"over_length": 2, "empty_prompt": 1})
    with pytest.raises(ValueError, match="do not add up: 10 in, 7 out"):
        StepCounts(10, 7, {"over_length": 2})


def test_an_import_that_skips_bad_rows_writes_them_counts_them_and_the_study_exits_1(tmp_path):
    import typer

    from codedistill.cli.study import exit_on_rejects

    traces = tmp_path / "traces.jsonl"
    good = [{"id": f"t{i}", "problem_id": "starter/train/001", "text": "<think>\nx\n</think>\n\nok"} for i in range(3)]
    traces.write_text("\n".join([json.dumps(good[0]), "{not json", json.dumps({"text": "no ids"}),
                                 json.dumps(good[1]), json.dumps(good[2])]) + "\n")
    spec = {**SPEC, "data": {"traces": [{"format": "jsonl", "path": "traces.jsonl",
                                         "options": {"record": "trace", "skip_bad": True}}]}}
    _, plan = load_study(write(tmp_path, spec))
    with Store(tmp_path / "ws") as store:
        run_plan(plan, store, model_cache=tmp_path / "models", only=lambda step: step.id == "data/traces")
        step = plan.by_id["data/traces"]
        counts = store.step_counts(step.digest)
        assert (counts.rows_in, counts.rows_out, counts.rejected) == (5, 3, 2)
        assert sum(counts.dropped.values()) == 2 and all(r.startswith("rejected: ") for r in counts.dropped)
        rejects = [json.loads(line) for line in (store.step_dir("traces", step.digest) / "0.rejects.jsonl").read_text().splitlines()]
        assert len(rejects) == 2 and "traces.jsonl:2" in rejects[0]["reason"] and "traces.jsonl:3" in rejects[1]["reason"]
        with pytest.raises(typer.Exit) as exit_info:
            exit_on_rejects(plan, store)
        assert exit_info.value.exit_code == 1


def test_the_report_flags_controlled_arms_trained_on_counts_more_than_1_percent_apart(tmp_path):
    _, plan = load_study(write(tmp_path, SPEC))
    trained = {"correctness-correct-s0": 1000, "correctness-incorrect-s0": 995,   # 0.5% apart: fine
               "correctness-correct-s1": 1000, "correctness-incorrect-s1": 980}   # 2% apart: flagged
    with Store(tmp_path / "ws") as store:
        for subset, kept in trained.items():
            step = plan.by_id[f"train/base/tiny/{subset}"]
            store.start_step(step.digest, step.id)
            store.finish_step(step.digest, counts=StepCounts(1000, kept, {"over_length": 1000 - kept}))
        warnings = unbalanced_pairs(plan, store)
    assert len(warnings) == 1
    assert "seed 1" in warnings[0] and "correctness-correct-s1 1,000 vs correctness-incorrect-s1 980" in warnings[0]
    assert "2.0% apart" in warnings[0]
