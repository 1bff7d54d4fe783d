"""Agreement with the official LiveCodeBench verdicts on the two graded files, under both rule sets.

    python bench/judge_lcb_agreement.py [--workers 2] [--data ../shared/data]

Cases per file: every official-accepted AtCoder solution must pass the samples parsed from its statement;
every official wrong answer whose metadata records the failing (input, expected) pair must fail on that
pair. Each file is judged with the defaults and with `configs/judge/lcb_compat.yaml` (LCB's rules
wherever they are switches), in the same run; the table gives agreement, wall and CPU time and the
ratio of the two wall times. Cases the defaults refuse (a problem that LCB's ERRATA lists as accepting
several answers has no checker) are counted apart, not as agreement or disagreement. Every
disagreement is listed with the judge's reason.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from codedistill.config import load_config
from codedistill.judge import JudgeConfig, judge_samples
from codedistill.judge.rulesets import LCB_COMPAT
from codedistill.records import Problem, Sample, TestCase, TestKind, Verdict
from codedistill.sources.lcb_graded import read_lcb_graded, read_lcb_graded_samples

REPO = Path(__file__).resolve().parents[1]
FILES = ("lcb-v5_O1-Mini-2024-09-12_N1_eval_all.json", "lcb-v6_Qwen2.5-Ins-7B_N1_eval_all.json")


def agreement_cases(path: Path) -> tuple[list[Problem], list[Sample], dict[str, bool]]:
    """(problems, samples, expected acceptance per case id) for one graded file."""
    problems = {p.id: p for p in read_lcb_graded(path)}
    cases: list[Problem] = []
    samples: list[Sample] = []
    expect: dict[str, bool] = {}
    for index, graded in enumerate(read_lcb_graded_samples(path)):
        problem = problems[graded.problem_id]
        if graded.passed and graded.platform == "atcoder" and problem.tests:
            case = problem.model_copy(update={"id": f"{problem.id}#samples"})
        elif graded.error_code == -2 and graded.inputs is not None and graded.expected is not None:
            kind = TestKind.FUNCTIONAL if problem.fn_name else TestKind.STDIN
            test = TestCase(input=graded.inputs, output=graded.expected, kind=kind)
            case = problem.model_copy(update={"id": f"{problem.id}#wa{index}", "tests": [test]})
        else:
            continue
        cases.append(case)
        samples.append(Sample(problem_id=case.id, sample_id=index, code=graded.code))
        expect[case.id] = graded.passed
    return cases, samples, expect


def rule_sets(workers: int) -> dict[str, JudgeConfig]:
    return {"defaults": JudgeConfig(workers=workers), "lcb_compat": load_config(JudgeConfig, LCB_COMPAT, {"workers": workers})}


def refused(verdict: Verdict) -> bool:
    """The judge declined to grade the case (a problem it cannot judge faithfully), saying why."""
    return verdict.status == "sandbox_error" and verdict.first_failure is not None and verdict.first_failure.test_index == -1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("CODEDISTILL_SHARED_DATA", REPO.parent / "shared" / "data")))
    args = parser.parse_args()
    print(f"{'file':<8}{'rule set':<12}{'cases':>6}{'refused':>8}{'agree':>16}{'wall s':>8}{'CPU s':>7}{'wall ratio':>11}")
    disagreements: list[str] = []
    for name in FILES:
        problems, samples, expect = agreement_cases(args.data / "lcb" / name)
        walls: dict[str, float] = {}
        for label, cfg in rule_sets(args.workers).items():
            before, start = os.times(), time.perf_counter()
            verdicts = list(judge_samples(problems, samples, cfg))
            walls[label] = wall = time.perf_counter() - start
            after = os.times()
            cpu = sum(getattr(after, f) - getattr(before, f) for f in ("user", "system", "children_user", "children_system"))
            judged = [v for v in verdicts if not refused(v)]
            agree = sum(v.accepted == expect[v.problem_id] for v in judged)
            print(f"{name[:6]:<8}{label:<12}{len(verdicts):>6}{len(verdicts) - len(judged):>8}"
                  f"{f'{agree} ({100 * agree / len(judged):.2f}%)':>16}{wall:>8.1f}{cpu:>7.1f}{wall / walls['defaults']:>10.2f}x")
            for v in sorted(judged, key=lambda v: v.problem_id):
                if v.accepted != expect[v.problem_id]:
                    f = v.first_failure
                    detail = f"{f.message} | expected {f.expected[:50]!r} got {f.got[:50]!r}" if f else "all tests passed"
                    disagreements.append(f"{name[:6]} {label:<10} {v.problem_id}: official {'pass' if expect[v.problem_id] else 'fail'},"
                                         f" ours {v.status.value}: {detail}")
            for v in verdicts:
                if refused(v):
                    disagreements.append(f"{name[:6]} {label:<10} {v.problem_id}: refused: {v.first_failure.message[:110]}")
        n_pass = sum(expect.values())
        print(f"{'':<8}({n_pass} official-accepted AtCoder samples, {len(samples) - n_pass} recorded wrong answers)")
    print("\n".join(["", "disagreements and refusals:", *disagreements]))
    print(f"{args.workers} workers, sandbox {verdicts[0].sandbox}, load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
