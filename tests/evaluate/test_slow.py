"""End-to-end evaluations: the embedded SmolLM2 on the starter set, and LCB's official verdicts."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from codedistill.evaluate import EvalConfig, evaluate_model, load_benchmark, load_run_metrics
from codedistill.evaluate.benchmarks import BenchmarkSpec, read_benchmark, select_problems
from codedistill.evaluate.run import score_file
from codedistill.store import Store


@pytest.mark.slow
def test_smollm2_on_the_starter_eval_set(workspace, smollm2_cache):
    from codedistill.models import resolve_model

    model = resolve_model("smollm2-135m", smollm2_cache)
    problems = load_benchmark(BenchmarkSpec(name="starter-eval"))
    cfg = EvalConfig(style="generic", infer={"sampling": {"preset": "cpu-smoke", "n": 1, "max_new_tokens": 64}})
    with Store(workspace) as store:
        m = evaluate_model(str(model), problems, cfg, store)
        assert m.overall.problems == 14 and m.overall.samples == 14
        for name in ("completion_rate", "think_tag_rate", "think_closed_rate", "answer_block_rate", "code_rate"):
            assert 0.0 <= getattr(m.overall, name) <= 1.0
        assert 0 < m.overall.tokens_mean <= 64 and set(m.overall.tokens_percentiles) == {50, 90, 99}
        assert sum(m.overall.verdicts.values()) == pytest.approx(1.0)
        assert set(m.by_difficulty) == {"easy", "medium", "hard"} and set(m.by_platform) == {"codedistill"}
        assert load_run_metrics(store, m.run_id) == m
        assert len(store.sample_results(m.run_id)) == 14
        stored = {r["name"] for r in store.metrics(m.run_id)}
        assert {"pass@1", "completion_rate", "think_tag_rate", "tokens_mean", "difficulty/hard/pass@1"} <= stored
        # A second run of the same call reuses every cached generation and judged sample.
        assert evaluate_model(str(model), problems, cfg, store) == m
    shown = subprocess.run([sys.executable, "-m", "codedistill", "-w", str(workspace), "eval", "show", m.run_id],
                           capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"})
    assert shown.returncode == 0 and "pass@1" in shown.stdout, shown.stderr


@pytest.mark.slow
@pytest.mark.parametrize("name", ["lcb-v5_O1-Mini-2024-09-12_N1_eval_all.json", "lcb-v6_Qwen2.5-Ins-7B_N1_eval_all.json"])
def test_official_lcb_verdicts_are_reproduced_on_atcoder(shared_data, workspace, name):
    """Officially accepted AtCoder samples pass the parsed sample tests; official wrong answers fail on
    their recorded failing pair."""
    path = shared_data / "lcb" / name
    spec = BenchmarkSpec(name="lcb-graded", path=path, platforms=["atcoder"])
    universe = read_benchmark(spec)
    problems = select_problems(universe, spec)
    with Store(workspace) as store:
        metrics, agreement = score_file(path, problems, EvalConfig(), store, all_problems=universe)
    assert agreement is not None and agreement.official_pass > 100 and agreement.fail_pair > 100
    print(f"\n{name}: agreement {agreement.agreed}/{agreement.checked} = {agreement.rate:.4f} "
          f"(pass {agreement.pass_agree}/{agreement.official_pass}, wrong-answer pairs "
          f"{agreement.fail_pair_agree}/{agreement.fail_pair}); disagreements {agreement.disagreements[:5]}")
    assert agreement.rate >= 0.97
    assert metrics.overall.problems == len({p.id for p in problems})
