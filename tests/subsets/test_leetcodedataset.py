"""Subsets of a real distillation corpus: LeetCodeDataset train (1,890 model-written responses).

Correctness labels: judged by execution, 1888 of the 1889 responses with tests pass (the tests are the
statement examples), too few failures for a split. These tests derive a deterministic stand-in from a
field instead: `meta.question_id` even -> accepted, odd -> wrong_answer. It exercises the selection
logic on real ids, questions and difficulty labels; it says nothing about real correctness. The last test
splits on real verdicts of real model outputs (LiveCodeBench v6).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from codedistill.config import load_config
from codedistill.errors import DataError
from codedistill.records import Trace
from codedistill.subsets import (
    LadderSpec,
    SplitSpec,
    SubsetSpec,
    build_subsets,
    export_manifest,
    manifest_json,
)

TRAIN = "leetcodedataset/LeetCodeDataset-v0.2.0-train.jsonl.gz"
CONFIGS = Path(__file__).parents[2] / "src" / "codedistill" / "configs" / "subsets"


def read_train_traces(path: Path) -> list[Trace]:
    """Traces of the train split (the sources reader), with the stand-in correctness label above."""
    from codedistill.sources.leetcodedataset import read_leetcodedataset_traces

    question_ids = {}
    for line in gzip.open(path, "rt", encoding="utf-8"):
        row = json.loads(line)
        question_ids[row["task_id"]] = row["meta"]["question_id"]
    return [
        trace.model_copy(
            update={"verdict": "accepted" if question_ids[trace.problem_id] % 2 == 0 else "wrong_answer"}
        )
        for trace in read_leetcodedataset_traces(path)
    ]


@pytest.fixture(scope="module")
def leetcode(shared_data: Path) -> list[Trace]:
    traces = read_train_traces(shared_data / TRAIN)
    assert len(traces) == 1890
    return traces


def test_nested_ladder_100_400_1600(leetcode):
    spec = SubsetSpec(ladders=[LadderSpec(name="lc", sizes=[100, 400, 1600], seeds=[0, 1, 2])])
    manifests = {m.name: m for m in build_subsets(leetcode, spec)}
    for seed in (0, 1, 2):
        sets = [set(manifests[f"lc-{n}-s{seed}"].ids) for n in (100, 400, 1600)]
        assert [len(s) for s in sets] == [100, 400, 1600]
        assert sets[0] < sets[1] < sets[2]
    assert manifests["lc-100-s0"].ids != manifests["lc-100-s1"].ids
    again = build_subsets(leetcode, spec)
    assert [manifest_json(m) for m in again] == [manifest_json(m) for m in manifests.values()]


def test_300_correct_vs_300_incorrect_matched_on_difficulty(leetcode):
    spec = SubsetSpec(splits=[SplitSpec(name="c", factor="correctness", size=300, match=["difficulty"])])
    correct, incorrect = build_subsets(leetcode, spec)
    by_id = {t.id: t for t in leetcode}
    assert len(correct.ids) == len(incorrect.ids) == 300 and not set(correct.ids) & set(incorrect.ids)
    assert {by_id[i].verdict for i in correct.ids} == {"accepted"}
    assert {by_id[i].verdict for i in incorrect.ids} == {"wrong_answer"}
    assert correct.balance["difficulty"]["smd"] == 0.0
    mix = [sorted(by_id[i].difficulty_raw for i in arm.ids) for arm in (correct, incorrect)]
    assert mix[0] == mix[1]


def test_300_easy_vs_300_hard(leetcode):
    spec = SubsetSpec(
        splits=[
            SplitSpec(name="d", factor="difficulty", size=300, groups={"easy": ["easy"], "hard": ["hard"]})
        ]
    )
    easy, hard = build_subsets(leetcode, spec)
    by_id = {t.id: t for t in leetcode}
    assert {by_id[i].difficulty_raw for i in easy.ids} == {"Easy"}
    assert {by_id[i].difficulty_raw for i in hard.ids} == {"Hard"}
    assert len(easy.ids) == len(hard.ids) == 300 and not set(easy.ids) & set(hard.ids)
    too_many = SubsetSpec(splits=[spec.splits[0].model_copy(update={"size": 400})])
    with pytest.raises(DataError, match=r"'easy': 515, 'hard': 375"):
        build_subsets(leetcode, too_many)


def test_shipped_small_study_spec_and_export(leetcode, tmp_path):
    spec = load_config(SubsetSpec, CONFIGS / "small_study.yaml")
    manifests = {m.name: m for m in build_subsets(leetcode, spec)}
    assert len(manifests) == 9 + 6
    short, long = manifests["length-short-s0"], manifests["length-long-s0"]
    by_id = {t.id: t for t in leetcode}
    assert max(len(by_id[i].text) for i in short.ids) < min(len(by_id[i].text) for i in long.ids)
    assert short.balance["difficulty"]["smd"] == 0.0
    count = export_manifest(manifests["small-100-s0"], leetcode, tmp_path / "train.jsonl")
    first = json.loads((tmp_path / "train.jsonl").read_text().splitlines()[0])
    assert count == 100 and first["messages"][1]["content"] == by_id[manifests["small-100-s0"].ids[0]].text


@pytest.mark.slow
def test_correct_vs_incorrect_from_judged_labels(shared_data):
    """The real thing: judge real model outputs, then split on the verdicts.

    LeetCodeDataset's responses nearly all pass their (example-only) tests, so the outputs are Qwen2.5-7B's
    LiveCodeBench v6 AtCoder solutions, judged by execution on the sample tests of their statements.
    """
    from codedistill.judge import JudgeConfig, judge_samples
    from codedistill.records import Sample
    from codedistill.sources.lcb_graded import read_lcb_graded, read_lcb_graded_samples

    path = shared_data / "lcb" / "lcb-v6_Qwen2.5-Ins-7B_N1_eval_all.json"
    problems = {p.id: p for p in read_lcb_graded(path) if p.tests and p.platform == "atcoder"}
    traces = [Trace(id=f"{g.problem_id}/{i}", problem_id=g.problem_id, text=g.code, code=g.code,
                    difficulty=problems[g.problem_id].difficulty)
              for i, g in enumerate(read_lcb_graded_samples(path)) if g.problem_id in problems]
    samples = [Sample(problem_id=t.problem_id, sample_id=t.id, code=t.code) for t in traces]
    verdicts = {v.sample_id: v.status for v in judge_samples(problems, samples, JudgeConfig(time_limit_s=4))}
    judged = [t.model_copy(update={"verdict": verdicts[t.id]}) for t in traces]
    spec = SubsetSpec(splits=[SplitSpec(name="judged", factor="correctness", match=["difficulty"])])
    correct, incorrect = build_subsets(judged, spec)
    assert len(correct.ids) == len(incorrect.ids) > 100 and not set(correct.ids) & set(incorrect.ids)
    assert all(verdicts[i] == "accepted" for i in correct.ids)
    assert all(verdicts[i] != "accepted" for i in incorrect.ids)
    assert correct.balance["difficulty"]["smd"] == 0.0
