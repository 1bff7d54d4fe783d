"""The shipped starter dataset: shape, splits, and that the known answers are what the tests say.

Every reference solution and every intended-correct trace must pass all tests of its problem, and every
intended-wrong trace must fail at least one. Programs run through `run_program`, a plain subprocess
runner kept here until `codedistill.judge.judge_code` replaces it (same question: does this code pass
all the tests of this problem?).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from codedistill.errors import DataError
from codedistill.extract import extract_code, extract_program, split_think
from codedistill.records import Problem
from codedistill.records import TestKind as Kind
from codedistill.starter import starter_path, starter_problems, starter_raw_traces

# ---------------------------------------------------------------- a plain runner (swap for judge_code)

# One interpreter per problem runs a batch of programs (the reference and the traces of that problem);
# each test execs its program anew in a fresh namespace with fresh streams, so no state leaks between
# tests. Comparison follows LiveCodeBench: stdout stripped line by line, functional results `==` the JSON
# output after a JSON round trip (which turns tuples into lists).
_HARNESS = r"""
import io, json, sys, contextlib
job = json.loads(sys.stdin.read())
report = []
for code in job["programs"]:
    results = []
    for test in job["tests"]:
        # text streams over bytes, so programs may also use sys.stdin.buffer / sys.stdout.buffer
        raw = io.BytesIO()
        out = io.TextIOWrapper(raw, encoding="utf-8")
        try:
            namespace = {"__name__": "__main__"}
            feed = test["input"] if job["fn_name"] is None else ""
            sys.stdin = io.TextIOWrapper(io.BytesIO(feed.encode()), encoding="utf-8")
            with contextlib.redirect_stdout(out):
                try:
                    exec(compile(code, "<submission>", "exec"), namespace)
                    if job["fn_name"] is not None:
                        args = [json.loads(line) for line in test["input"].split("\n")]
                        got = getattr(namespace["Solution"](), job["fn_name"])(*args)
                except SystemExit as exc:
                    if exc.code not in (None, 0):
                        raise
            out.flush()
            printed = raw.getvalue().decode("utf-8", "replace")
            if job["fn_name"] is None:
                lines = lambda text: [line.strip() for line in text.strip().split("\n")]
                ok, shown = lines(printed) == lines(test["output"]), printed
            else:
                got = json.loads(json.dumps(got))
                ok, shown = got == json.loads(test["output"]), json.dumps(got)
            results.append({"ok": ok, "got": shown[:200]})
        except BaseException as exc:
            results.append({"ok": False, "got": f"{type(exc).__name__}: {exc}"[:200]})
    report.append(results)
sys.__stdout__.write(json.dumps(report))
"""


@dataclass(frozen=True)
class RunResult:
    passed: int
    total: int
    first_failure: str = ""

    @property
    def accepted(self) -> bool:
        return self.passed == self.total


def run_programs(problem: Problem, codes: list[str | None], timeout_s: float = 60.0) -> list[RunResult]:
    """Run each program on every test of `problem` (the stand-in for `codedistill.judge.judge_code`)."""
    total = len(problem.tests)
    runnable = [code for code in codes if code is not None]
    job = {"programs": runnable, "fn_name": problem.fn_name, "tests": [t.model_dump(mode="json") for t in problem.tests]}
    try:
        proc = subprocess.run(
            [sys.executable, "-c", _HARNESS], input=json.dumps(job), capture_output=True, text=True, timeout=timeout_s
        )
    except subprocess.TimeoutExpired:
        return [RunResult(0, total, f"timed out after {timeout_s}s")] * len(codes)
    if proc.returncode != 0:
        return [RunResult(0, total, f"harness exit {proc.returncode}: {proc.stderr[-300:]}")] * len(codes)
    reports = iter(json.loads(proc.stdout))
    return [_summarise(problem, next(reports)) if code is not None else RunResult(0, total, "no code") for code in codes]


def _summarise(problem: Problem, results: list[dict]) -> RunResult:
    failures = [(i, r) for i, r in enumerate(results) if not r["ok"]]
    detail = ""
    if failures:
        index, result = failures[0]
        test = problem.tests[index]
        detail = f"test {index}: input {test.input!r} expected {test.output!r} got {result['got']!r}"
    return RunResult(len(results) - len(failures), len(results), detail)


def run_program(problem: Problem, code: str | None) -> RunResult:
    return run_programs(problem, [code])[0]


def run_many(jobs: dict[str, tuple[Problem, str | None]]) -> dict[str, RunResult]:
    """Run every (problem, code) job, one interpreter per problem, two problems at a time."""
    by_problem: dict[str, list[str]] = {}
    for key, (problem, _) in jobs.items():
        by_problem.setdefault(problem.id, []).append(key)
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {
            pid: pool.submit(run_programs, jobs[keys[0]][0], [jobs[key][1] for key in keys])
            for pid, keys in by_problem.items()
        }
        return {key: result for pid, keys in by_problem.items() for key, result in zip(keys, futures[pid].result(), strict=True)}


# ---------------------------------------------------------------- fixtures

REPO = Path(__file__).resolve().parents[1]
TRAIN = starter_problems("train")
EVAL = starter_problems("eval")
PROBLEMS = {p.id: p for p in TRAIN + EVAL}
TRACES = starter_raw_traces()


def final_code(text: str) -> str | None:
    """The program evaluation judges from a generation (rule `final_answer`)."""
    found = extract_program(text)
    return found.code if found else None


def trace_code(row: dict) -> str | None:
    """The program a trace submits, read the way evaluation reads it for each teacher format."""
    if row["format"] == "reasoning_content":
        return final_code(row["content"])
    if row["format"] == "sky_t1":
        _, _, solution = row["text"].partition("<|begin_of_solution|>")
        return extract_code(solution.partition("<|end_of_solution|>")[0])
    return final_code(row["text"])


@pytest.fixture(scope="module")
def reference_results() -> dict[str, RunResult]:
    return run_many({p.id: (p, p.solutions[0]) for p in PROBLEMS.values()})


@pytest.fixture(scope="module")
def trace_results() -> dict[str, RunResult]:
    return run_many({r["id"]: (PROBLEMS[r["problem_id"]], trace_code(r)) for r in TRACES})


# ---------------------------------------------------------------- problems


def test_sizes_and_mix():
    assert len(TRAIN) >= 30 and len(EVAL) >= 14
    for split in (TRAIN, EVAL):
        kinds = Counter("functional" if p.is_functional else "stdin" for p in split)
        assert abs(kinds["functional"] - kinds["stdin"]) <= 2, kinds
    assert {p.difficulty.value for p in TRAIN} == {"easy", "medium", "hard"}
    assert {p.difficulty.value for p in EVAL} == {"easy", "medium", "hard"}
    # the quickstart evaluates a 135M student: it needs eval problems it can sometimes solve
    assert sum(p.difficulty == "easy" for p in EVAL) >= 6


def test_problem_fields():
    for split, problems in (("train", TRAIN), ("eval", EVAL)):
        for p in problems:
            assert re.fullmatch(rf"starter/{split}/\d{{3}}-[a-z0-9-]+", p.id), p.id
            assert (p.source, p.platform) == ("starter", "codedistill")
            assert p.title and "Example" in p.statement and p.solutions
            assert p.difficulty_raw and re.fullmatch(r"\d{4}-\d{2}-\d{2}", p.contest_date or "")
            assert len(p.tests) >= 5, p.id
            kind = Kind.FUNCTIONAL if p.is_functional else Kind.STDIN
            assert all(t.kind == kind for t in p.tests), p.id
            if p.is_functional:
                assert p.starter_code.startswith("class Solution:\n    def " + p.fn_name + "(self"), p.id
                for t in p.tests:
                    [json.loads(line) for line in t.input.split("\n")]
                    json.loads(t.output)
            else:
                assert p.starter_code == ""
                assert all(t.input.endswith("\n") for t in p.tests), p.id


def test_ids_unique_and_splits_disjoint():
    ids = [p.id for p in TRAIN + EVAL]
    assert len(ids) == len(set(ids))
    slug = lambda p: p.id.split("-", 1)[1]  # noqa: E731
    assert not {slug(p) for p in TRAIN} & {slug(p) for p in EVAL}
    assert not {p.title.lower() for p in TRAIN} & {p.title.lower() for p in EVAL}
    assert not {p.statement for p in TRAIN} & {p.statement for p in EVAL}
    # eval problems are all "published" after the training ones, as in a contamination-free LCB window
    assert max(p.contest_date for p in TRAIN) < min(p.contest_date for p in EVAL)


def test_reference_solutions_pass(reference_results):
    failing = {pid: r.first_failure for pid, r in reference_results.items() if not r.accepted}
    assert not failing, failing


def test_runner_catches_a_wrong_program():
    problem = PROBLEMS["starter/eval/001-add-two"]
    assert not run_program(problem, "a, b = map(int, input().split())\nprint(a - b)\n").accepted
    assert run_program(problem, "print(sum(map(int, input().split())))\n").accepted


def test_unknown_split_and_file_are_clear_errors():
    with pytest.raises(DataError, match="choose 'train' or 'eval'"):
        starter_problems("test")  # type: ignore[arg-type]
    with pytest.raises(DataError, match="choose one of"):
        starter_path("problems.jsonl")
    assert starter_path("README.md").read_text().strip()


# ---------------------------------------------------------------- traces

THINK = re.compile(r"\A<think>\n(?P<reasoning>.+?)\n</think>\n\n(?P<answer>.+)\Z", re.S)
SKY = re.compile(
    r"\A<\|begin_of_thought\|>\n\n(?P<reasoning>.+?)\n\n<\|end_of_thought\|>\n\n"
    r"<\|begin_of_solution\|>\n\n(?P<answer>.+?)\n\n<\|end_of_solution\|>\Z",
    re.S,
)
WELL_FORMED = [r for r in TRACES if "malformed" not in r["provenance"]]
MALFORMED = [r for r in TRACES if "malformed" in r["provenance"]]


def reasoning_and_answer(row: dict) -> tuple[str, str]:
    if row["format"] == "reasoning_content":
        return row["reasoning_content"], row["content"]
    match = (SKY if row["format"] == "sky_t1" else THINK).match(row["text"])
    assert match, f"{row['id']}: not in the {row['format']} shape"
    return match["reasoning"], match["answer"]


def test_trace_rows_have_the_agreed_shape():
    ids = [r["id"] for r in TRACES]
    assert len(ids) == len(set(ids)) and len(TRACES) >= 140
    train_ids = {p.id for p in TRAIN}
    for row in TRACES:
        assert row["problem_id"] in train_ids, row["id"]
        assert row["teacher"].startswith("codedistill-author-") and isinstance(row["intended_correct"], bool)
        assert row["provenance"]["author"] == "codedistill" and row["provenance"]["written_for"] == "starter set"
        assert ("bug" in row["provenance"]) == (not row["intended_correct"]), row["id"]
        text_fields = {"reasoning_content", "content"} if row["format"] == "reasoning_content" else {"text"}
        assert text_fields <= row.keys() and not ({"text", "reasoning_content", "content"} - text_fields) & row.keys()
    per_problem = Counter(r["problem_id"] for r in TRACES)
    assert len(per_problem) >= 30 and min(per_problem.values()) >= 3 and max(per_problem.values()) <= 6


def test_trace_format_mix_and_wrong_share():
    formats = Counter(r["format"] for r in WELL_FORMED)
    total = len(TRACES)
    assert 0.10 <= formats["reasoning_content"] / total <= 0.20, formats
    assert 0.06 <= formats["sky_t1"] / total <= 0.14, formats
    assert formats["r1"] > total / 2
    assert 3 <= len(MALFORMED) <= 5
    assert {r["provenance"]["malformed"] for r in MALFORMED} >= {"unclosed_think", "code_only_in_think", "no_code"}
    wrong = sum(not r["intended_correct"] for r in TRACES)
    assert 0.20 <= wrong / total <= 0.35, f"{wrong}/{total}"


def test_well_formed_traces_are_short_and_vary():
    reasonings = []
    for row in WELL_FORMED:
        reasoning, answer = reasoning_and_answer(row)
        assert 60 <= len(reasoning.split()) <= 200, (row["id"], len(reasoning.split()))
        assert "<think>" not in reasoning and "```" not in reasoning, row["id"]
        assert answer.count("```python\n") == 1 and answer.rstrip().endswith("```"), row["id"]
        assert len(reasoning) + len(answer) < 1600, row["id"]  # about 350 tokens of prose and code
        reasonings.append(reasoning)
    assert len(set(reasonings)) == len(reasonings)


def test_malformed_traces_are_broken_as_labelled():
    for row in MALFORMED:
        kind, parts = row["provenance"]["malformed"], split_think(row["text"])
        if kind == "unclosed_think":
            assert parts.opened and not parts.closed
        elif kind == "code_only_in_think":
            assert parts.closed and "```python" in parts.reasoning and final_code(row["text"]) is None
        elif kind in ("no_code", "truncated_fence"):
            assert parts.closed and final_code(row["text"]) is None
        else:
            raise AssertionError(f"{row['id']}: unknown malformed kind {kind}")


def test_intended_correct_traces_pass(trace_results):
    failing = {r["id"]: trace_results[r["id"]].first_failure for r in WELL_FORMED
               if r["intended_correct"] and not trace_results[r["id"]].accepted}
    assert not failing, failing


def test_intended_wrong_traces_fail_a_test(trace_results):
    passing = [r["id"] for r in WELL_FORMED if not r["intended_correct"] and trace_results[r["id"]].accepted]
    assert not passing, passing


# ---------------------------------------------------------------- provenance


def test_statement_example_is_the_first_test():
    for p in TRAIN + EVAL:
        first = p.tests[0]
        if p.is_functional:
            assert f"Output: {first.output}" in p.statement, p.id
        else:
            assert f"Input:\n{first.input}\nOutput:\n{first.output}" in p.statement, p.id


def test_shipped_files_match_the_generator():
    script = REPO / "scripts" / "make_starter.py"
    if not script.exists():
        pytest.skip("generator scripts are not part of an installed package")
    proc = subprocess.run([sys.executable, str(script), "--check", "--out", str(starter_path("README.md").parent)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr + proc.stdout


# ---------------------------------------------------------------- the real judge agrees


def test_judge_verdicts_match_intended_correct():
    """`intended_correct` is the verdict to expect from `codedistill.judge` on the text as generated."""
    judge = pytest.importorskip("codedistill.judge")
    from codedistill.records import Sample

    samples = [Sample(problem_id=p.id, sample_id=f"reference:{p.id}", code=p.solutions[0]) for p in PROBLEMS.values()]
    expected = {f"reference:{p.id}": True for p in PROBLEMS.values()}
    for row in TRACES:
        text = row["content"] if row["format"] == "reasoning_content" else row["text"]
        samples.append(Sample(problem_id=row["problem_id"], sample_id=row["id"], text=text))
        expected[row["id"]] = row["intended_correct"]
    verdicts = {v.sample_id: v for v in judge.judge_samples(PROBLEMS, samples, judge.JudgeConfig(workers=2))}
    wrong = {sid: (verdicts[sid].status.value, verdicts[sid].first_failure)
             for sid, want in expected.items() if verdicts[sid].accepted != want}
    assert not wrong, wrong
    assert {verdicts[r["id"]].status.value for r in MALFORMED} <= {"no_code", "wrong_answer"}
