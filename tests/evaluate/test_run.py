"""Evaluation runs: config presets, scoring with the real judge, storing, resuming, and early errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from codedistill.config import load_config
from codedistill.errors import ConfigError, DataError
from codedistill.evaluate import (
    EvalConfig,
    evaluate_model,
    load_run_metrics,
    load_sample_results,
    score_generations,
    score_run,
)
from codedistill.records import Generation, Verdict
from codedistill.starter import starter_problems
from codedistill.store import Store

DATA = Path(__file__).parents[1] / "data" / "evaluate"
CONFIGS = Path(__file__).parents[2] / "src" / "codedistill" / "configs" / "evaluate"


def fenced(code: str) -> str:
    return f"<think>\nplan\n</think>\n\n```python\n{code}\n```"


@pytest.fixture(scope="module")
def problems():
    return starter_problems("eval")[:4]


def test_presets_fill_sampling_and_explicit_fields_win():
    cfg = EvalConfig()
    s = cfg.infer.sampling
    assert (s.temperature, s.top_p, s.max_new_tokens, s.n, s.stop) == (0.6, 0.95, 32768, 4, [])
    smoke = EvalConfig(infer={"sampling": {"preset": "cpu-smoke", "n": 2}})
    assert (smoke.infer.sampling.n, smoke.infer.sampling.max_new_tokens, smoke.infer.sampling.temperature) == (2, 128, 0.0)
    plain = EvalConfig(infer={"sampling": {"preset": None}})  # null: the plain SamplingParams defaults
    assert (plain.infer.sampling.n, plain.infer.sampling.temperature) == (1, 1.0)
    with pytest.raises(ConfigError, match="Did you mean `study`"):
        load_config(EvalConfig, None, ["infer.sampling.preset=studdy"])
    with pytest.raises(ConfigError, match=r"preset: Extra inputs"):  # one preset key, under infer.sampling
        load_config(EvalConfig, None, {"preset": "study"})
    with pytest.raises(ConfigError, match="ks"):
        load_config(EvalConfig, None, {"ks": [0]})


@pytest.mark.parametrize("name", ["study.yaml", "smoke.yaml"])
def test_shipped_configs_validate(name):
    cfg = load_config(EvalConfig, CONFIGS / name)
    assert cfg.benchmark is not None and cfg.prompt_style() in ("deepseek-r1", "generic")


def test_score_run_is_pure_and_matches_by_sample(problems):
    p = problems[0]
    gens = [Generation(problem_id=p.id, sample_index=i, text=fenced("print(1)"), finish_reason="stop",
                       completion_tokens=5) for i in range(2)]
    verdicts = [Verdict(problem_id=p.id, sample_id=1, status="accepted", passed=6, total=6),
                Verdict(problem_id=p.id, sample_id=0, status="wrong_answer", passed=0, total=6)]
    m = score_run(problems, gens, verdicts, EvalConfig(ks=[1, 2]))
    assert m.overall.pass_at == {1: 0.5, 2: 1.0} and m.overall.verdicts == {"accepted": 0.5, "wrong_answer": 0.5}


def test_score_generations_judges_stores_and_resumes(problems, workspace):
    gens = []
    for p in problems:
        gens.append(Generation(problem_id=p.id, sample_index=0, text=fenced(p.solutions[0]), finish_reason="stop",
                               completion_tokens=100))
        gens.append(Generation(problem_id=p.id, sample_index=1, text="<think>\nno idea", finish_reason="length",
                               completion_tokens=300))
    cfg = EvalConfig(ks=[1], infer={"sampling": {"preset": "cpu-smoke"}})
    calls: list[tuple[str, int]] = []
    with Store(workspace) as store:
        m = score_generations(problems, gens, cfg, store, on_progress=lambda phase, n: calls.append((phase, n)))
        assert m.overall.pass_at[1] == pytest.approx(0.5)
        assert m.overall.completion_rate == 0.5 and m.overall.think_tag_rate == 1.0
        assert m.overall.verdicts == {"accepted": 0.5, "no_code": 0.5}
        assert load_run_metrics(store, m.run_id) == m
        rows = load_sample_results(store, m.run_id)
        assert len(rows) == 8 and {r.status for r in rows if r.sample_index == 0} == {"accepted"}
        names = {r["name"] for r in store.metrics(m.run_id)}
        assert {"pass@1", "completion_rate", "think_tag_rate", "difficulty/easy/pass@1", "platform/codedistill/tokens_p90"} <= names
        judged = sum(n for phase, n in calls if phase == "judge")
        assert judged == 8
        calls.clear()
        again = score_generations(problems, gens, cfg, store, on_progress=lambda phase, n: calls.append((phase, n)))
        assert again == m and calls == [("judge", 8)]  # everything came from the store


def test_unknown_problem_ids_fail_before_judging(problems):
    gens = [Generation(problem_id="nope", sample_index=0, text="x", finish_reason="stop")]
    with pytest.raises(DataError, match="1 problem id.* not in the benchmark: nope"):
        score_generations(problems, gens, EvalConfig(), None)


def test_bad_model_and_style_fail_before_generation(problems, workspace):
    with Store(workspace) as store:
        with pytest.raises(ConfigError, match="cannot be loaded"):
            evaluate_model("/no/such/checkpoint", problems, EvalConfig(infer={"sampling": {"preset": "cpu-smoke"}}), store)
        with pytest.raises(ConfigError, match="unknown prompt style `qwn`; did you mean `qwen`"):
            load_config(EvalConfig, None, ["style=qwn"])  # when the config is made, before any model loads
        with pytest.raises(ConfigError, match="pass@4 but `infer.sampling.n` is 1"):
            evaluate_model("tiny-random", problems, EvalConfig(ks=[1, 4], infer={"sampling": {"preset": "cpu-smoke"}}), store)
        assert store.list_runs("eval") == []


def test_tiny_model_end_to_end(problems, workspace, tmp_path):
    cfg = EvalConfig(infer={"sampling": {"preset": "cpu-smoke", "n": 2, "max_new_tokens": 8, "temperature": 0.8}}, ks=[1, 2])
    with Store(workspace) as store:
        m = evaluate_model("tiny-random", problems[:2], cfg, store, cache_dir=tmp_path / "models")
        assert m.overall.samples == 4 and m.overall.problems == 2
        assert m.overall.completion_rate + m.overall.flags.get("truncated", 0) == pytest.approx(1.0)
        assert len(store.sample_results(m.run_id)) == 4
        assert store.get_run(m.run_id)["status"] == "done"


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "codedistill", "-w", str(cwd / "ws"), *args],
                          capture_output=True, text=True, cwd=cwd)


def test_cli_errors_exit_2_before_work(tmp_path):
    bad = _cli("eval", "run", "--model", "/no/such/dir", "--benchmark", "lcb:release_v9", "--path", str(tmp_path), cwd=tmp_path)
    assert bad.returncode == 2 and "LiveCodeBench version" in bad.stderr, bad.stderr
    empty = _cli("eval", "run", "--model", "tiny-random", "--benchmark", "starter-eval", "--start-date", "2031-01-01", cwd=tmp_path)
    assert empty.returncode == 2 and "no problem matches" in empty.stderr, empty.stderr
    unknown = _cli("eval", "score", "--generations", str(DATA / "unknown_ids.jsonl"), "--benchmark", "starter-eval", cwd=tmp_path)
    assert unknown.returncode == 2 and "nonexistent-problem" in unknown.stderr, unknown.stderr
    show = _cli("eval", "show", "eval-nope", cwd=tmp_path)
    assert show.returncode == 2 and "no evaluation run `eval-nope`" in show.stderr


def test_score_file_compares_with_official_verdicts(workspace):
    from codedistill.evaluate import read_benchmark, score_file
    from codedistill.evaluate.benchmarks import BenchmarkSpec

    path = DATA / "lcb_eval_all.json"
    problems = read_benchmark(BenchmarkSpec(name="lcb-graded", path=path))
    assert [len(p.tests) for p in problems] == [1, 1]  # the statements' sample tests
    cfg = EvalConfig(judge={"time_limit_s": 1.0})
    with Store(workspace) as store:
        metrics, agreement = score_file(path, problems, cfg, store)
        assert metrics.overall.verdicts == pytest.approx({"accepted": 1 / 3, "wrong_answer": 1 / 3, "time_limit": 1 / 3})
        assert (agreement.official_pass, agreement.pass_agree, agreement.fail_pair, agreement.fail_pair_agree) == (1, 1, 1, 1)
        assert (agreement.official_fail_unchecked, agreement.fail_on_public, agreement.rate) == (1, 2, 1.0)
        assert store.metrics(metrics.run_id, "official_agreement")[0]["value"] == 1.0
