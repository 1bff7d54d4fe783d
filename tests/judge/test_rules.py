"""Grading rules through the real judge: which checker applies, what is refused, which program is judged."""

from __future__ import annotations

from pathlib import Path

import pytest

from codedistill.config import load_config
from codedistill.judge import JudgeConfig, judge_samples
from codedistill.records import Problem, Program, Sample, TestCase, Verdict
from codedistill.records import TestKind as Kind

CFG = JudgeConfig(workers=2, time_limit_s=2.0, wall_limit_s=4.0, memory_limit_mb=512)
LCB_COMPAT = Path(__file__).resolve().parents[2] / "src/codedistill/configs/judge/lcb_compat.yaml"
ANSWER = "print(1)\nprint(2, 3)"  # prints "1\n2 3": the expected tokens, on other lines


def with_(cfg: JudgeConfig, **update) -> JudgeConfig:
    return JudgeConfig.model_validate({**cfg.model_dump(), **update})  # validated, unlike model_copy


def problem(pid: str, expected: str = "1 2\n3\n", **fields) -> Problem:
    return Problem(id=pid, source="test", statement="", tests=[TestCase(input="", output=expected)], **fields)


def judge(problems: list[Problem], samples: list[Sample], cfg: JudgeConfig = CFG) -> dict[str, Verdict]:
    return {str(v.sample_id): v for v in judge_samples(problems, samples, cfg)}


def code(pid: str, sid: str, program: str = ANSWER, **fields) -> Sample:
    return Sample(problem_id=pid, sample_id=sid, code=program, **fields)


def test_each_problem_is_compared_with_its_own_checker_unless_the_run_forces_one() -> None:
    problems = [problem("lcb"), problem("tokens", checker={"name": "tokens"}), problem("none")]
    samples = [code("lcb", "lcb"), code("tokens", "tokens"), code("none", "none")]
    verdicts = judge(problems, samples)
    assert {k: (v.status.value, v.checker) for k, v in verdicts.items()} == {
        "lcb": ("wrong_answer", "lcb"), "tokens": ("accepted", "tokens"), "none": ("wrong_answer", "lcb")}
    forced = judge(problems, samples, with_(CFG, checker={"name": "unordered_tokens"}))
    assert {k: (v.status.value, v.checker) for k, v in forced.items()} == {
        k: ("accepted", "unordered_tokens") for k in ("lcb", "tokens", "none")}


def test_functional_any_order_answers() -> None:
    tests = [TestCase(input="3", output="[[1, 2], [3]]", kind=Kind.FUNCTIONAL)]
    groups = "def groups(n):\n    return [[3], [2, 1]]"
    lines, tokens, plain = (Problem(id=pid, source="test", statement="", fn_name="groups", tests=tests, checker=checker)
                            for pid, checker in (("f1", "unordered_lines"), ("f2", {"name": "unordered_tokens"}), ("f3", None)))
    verdicts = judge([lines, tokens, plain], [code("f1", "lines", groups), code("f2", "tokens", groups), code("f3", "plain", groups)])
    assert {k: v.status.value for k, v in verdicts.items()} == {"lines": "wrong_answer", "tokens": "accepted", "plain": "wrong_answer"}


def test_problems_the_judge_cannot_grade_faithfully_are_refused_and_say_why() -> None:
    checker_program = Program(language="python", code="import sys; sys.exit(0)")
    problems = [
        problem("program", checker=checker_program),
        problem("interactive", interactor=Program(language="cpp", code="int main() {}")),
        problem("legacy", metadata={"checker": "def check(i, e, o):\n    return True"}),
        problem("several", checker={"name": "tokens"}, metadata={"needs_special_judge": "statement: 'print any'"}),
    ]
    samples = [code(p.id, p.id) for p in problems]
    verdicts = judge(problems, samples)
    assert {k: v.status.value for k, v in verdicts.items()} == dict.fromkeys(verdicts, "sandbox_error")
    messages = {k: v.first_failure.message for k, v in verdicts.items()}
    assert "checker programs are not supported yet" in messages["program"]
    assert "interactors are not supported yet" in messages["interactive"]
    assert "metadata.checker is no longer read" in messages["legacy"]
    assert "needs a special judge (statement: 'print any')" in messages["several"]
    assert all(v.total == 1 and v.passed == 0 for v in verdicts.values())

    # Forcing a built-in judges the checker-program problem; `special_judge: compare` the marked one.
    # An interactive problem is never judged by comparison.
    relaxed = with_(CFG, checker="tokens", special_judge="compare")
    again = judge(problems, samples, relaxed)
    assert {k: v.status.value for k, v in again.items()} == {
        "program": "accepted", "interactive": "sandbox_error", "legacy": "sandbox_error", "several": "accepted"}


def test_the_extraction_rule_picks_the_program_and_is_recorded() -> None:
    p = problem("p", expected="7\n")
    texts = {
        "closed": "<think>\n```python\nprint(0)\n```\n</think>\n\n```python\nprint(7)\n```",
        "truncated": "<think>\nI think\n```python\nprint(7)\n```\nbut",
        "plain": "```python\nprint(7)\n```",
        "cpp": "</think>\n```cpp\nint main() { return 0; }\n```",
    }
    samples = [Sample(problem_id="p", sample_id=k, text=t) for k, t in texts.items()] + [code("p", "given", "print(7)")]
    final = judge([p], samples)
    assert {k: (v.status.value, v.extraction) for k, v in final.items()} == {
        "closed": ("accepted", "final_answer"), "truncated": ("no_code", "final_answer"),
        "plain": ("accepted", "final_answer"), "cpp": ("sandbox_error", "final_answer"), "given": ("accepted", "")}
    assert "cpp submissions are not supported yet" in final["cpp"].first_failure.message
    lcb = judge([p], samples, with_(CFG, extraction="lcb"))
    assert {k: (v.status.value, v.extraction) for k, v in lcb.items()} == {
        "closed": ("accepted", "lcb"), "truncated": ("accepted", "lcb"), "plain": ("accepted", "lcb"),
        "cpp": ("sandbox_error", "lcb"), "given": ("accepted", "")}


def test_lcb_compat_reproduces_lcb_where_it_is_a_switch() -> None:
    cfg = load_config(JudgeConfig, LCB_COMPAT, {"workers": 2})
    assert (cfg.checker.name, cfg.extraction, cfg.special_judge) == ("lcb", "lcb", "compare")
    problems = [problem("tokens", checker={"name": "tokens"}),
                problem("several", checker={"name": "tokens"}, metadata={"needs_special_judge": "ERRATA"})]
    verdicts = judge(problems, [code("tokens", "tokens"), code("several", "several", "print('1 2')\nprint(3)")], cfg)
    assert {k: (v.status.value, v.checker) for k, v in verdicts.items()} == {
        "tokens": ("wrong_answer", "lcb"), "several": ("accepted", "lcb")}


@pytest.mark.parametrize("bad", [{"name": "flaot"}, {"name": "float", "abs_tol": 0, "rel_tol": 0}, {"name": "tokens", "tol": 1}])
def test_a_bad_forced_checker_is_a_config_error(bad: dict) -> None:
    with pytest.raises(Exception, match="checker"):
        load_config(JudgeConfig, None, {"checker": bad})
