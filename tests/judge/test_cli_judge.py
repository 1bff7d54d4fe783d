"""`codedistill judge run|check` through the real CLI entry point."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from codedistill.cli import app
from codedistill.records import Problem, TestCase

runner = CliRunner()


def write_problems(path: Path) -> None:
    problems = [
        Problem(id="double", source="test", statement="", tests=[TestCase(input="3\n", output="6\n"), TestCase(input="4\n", output="8\n")]),
        Problem(id="triple", source="test", statement="", tests=[TestCase(input="3\n", output="9\n")]),
    ]
    path.write_text("".join(p.model_dump_json() + "\n" for p in problems))


def test_run_writes_verdicts_and_resumes(tmp_path: Path) -> None:
    problems, samples, out = tmp_path / "p.jsonl", tmp_path / "s.jsonl", tmp_path / "v.jsonl"
    write_problems(problems)
    rows = [
        {"problem_id": "double", "sample_id": 0, "code": "print(int(input()) * 2)"},
        {"problem_id": "double", "sample_id": 1, "text": "```python\nprint(int(input()) + 3)\n```"},
        {"problem_id": "triple", "sample_id": 0, "code": "print(int(input()) * 3)"},
        {"problem_id": "triple", "sample_id": 1},
        {"sample_id": 9, "code": "print(1)"},  # no problem_id: logged and skipped, never fatal
    ]
    samples.write_text("".join(json.dumps(r) + "\n" for r in rows) + "not json\n")
    # A previous run finished one sample, then died mid-write.
    done = {"problem_id": "triple", "sample_id": 0, "status": "accepted", "passed": 1, "total": 1, "sandbox": "bwrap"}
    (tmp_path / "v.jsonl.partial").write_text(json.dumps(done) + '\n{"problem_id": "dou')
    result = runner.invoke(app, ["judge", "run", "--problems", str(problems), "--samples", str(samples), "--out", str(out), "--workers", "2", "time_limit_s=2"])
    assert result.exit_code == 0, result.output
    verdicts = {(v["problem_id"], v["sample_id"]): v for v in map(json.loads, out.read_text().splitlines())}
    assert {k: v["status"] for k, v in verdicts.items()} == {
        ("double", 0): "accepted", ("double", 1): "wrong_answer", ("triple", 0): "accepted", ("triple", 1): "no_code",
    }
    assert verdicts[("triple", 0)] == done  # resumed, not re-judged
    assert {"first_failure", "cpu_time", "peak_memory", "sandbox", "passed", "total"} <= set(verdicts[("double", 1)])
    assert not (tmp_path / "v.jsonl.partial").exists()


def test_bad_config_value_is_a_clear_error(tmp_path: Path) -> None:
    problems = tmp_path / "p.jsonl"
    write_problems(problems)
    result = runner.invoke(app, ["judge", "run", "--problems", str(problems), "--samples", str(problems), "--out", str(tmp_path / "v"), "time_limit_s=-1"])
    assert result.exit_code != 0
    assert "time_limit_s" in str(result.exception)


def test_check_shows_each_test_and_the_first_failure(tmp_path: Path) -> None:
    problems, code = tmp_path / "p.jsonl", tmp_path / "sol.py"
    write_problems(problems)
    code.write_text("n = int(input())\nprint(6 if n == 3 else 0)\n")
    result = runner.invoke(app, ["judge", "check", str(code), "--problem", "double", "--problems", str(problems)])
    assert result.exit_code == 1
    assert "defaults wrong_answer (1/2" in result.output and "first failure" in result.output and "expected" in result.output
    code.write_bytes(b"print('\xff')\n")
    result = runner.invoke(app, ["judge", "check", str(code), "--problem", "double", "--problems", str(problems)])
    assert "compile_error" in result.output
    result = runner.invoke(app, ["judge", "check", str(code), "--problem", "doubel", "--problems", str(problems)])
    assert "did you mean double" in str(result.exception)


def test_shipped_configs_validate() -> None:
    from codedistill.config import load_config
    from codedistill.judge import JudgeConfig

    shipped = sorted((Path(__file__).parents[2] / "src" / "codedistill" / "configs" / "judge").glob("*.yaml"))
    assert shipped
    for path in shipped:
        cfg = load_config(JudgeConfig, path)
        assert cfg.time_limit_s > 0


def test_check_judges_under_both_rule_sets_and_lists_the_differences(tmp_path: Path) -> None:
    problems, samples = tmp_path / "p.jsonl", tmp_path / "s.jsonl"
    tokens = Problem(id="tokens", source="test", statement="", tests=[TestCase(input="", output="1 2\n")], checker={"name": "tokens"})
    problems.write_text(tokens.model_dump_json() + "\n")
    rows = [
        {"problem_id": "tokens", "sample_id": "layout", "code": "print(1)\nprint(2)"},  # tokens yes, LCB's lines no
        {"problem_id": "tokens", "sample_id": "same", "code": "print(1, 2)"},
        {"problem_id": "tokens", "sample_id": "draft", "text": "<think>\n```python\nprint(1, 2)\n```"},  # lcb extracts it
    ]
    samples.write_text("".join(json.dumps(r) + "\n" for r in rows))
    result = runner.invoke(app, ["judge", "check", str(samples), "--problems", str(problems)])
    assert result.exit_code == 0, result.output
    assert "2 sample(s) whose verdict differs" in result.output
    lines = {line.split("│")[2].strip(): line for line in result.output.splitlines() if line.count("│") >= 5}
    assert "accepted" in lines["layout"] and "wrong_answer" in lines["layout"]
    assert "no_code" in lines["draft"] and "accepted" in lines["draft"]
    code = tmp_path / "sol.py"
    code.write_text("print(1)\nprint(2)\n")
    result = runner.invoke(app, ["judge", "check", str(code), "--problem", "tokens", "--problems", str(problems)])
    assert result.exit_code == 0 and "defaults accepted (1/1), lcb_compat wrong_answer (0/1)" in result.output
