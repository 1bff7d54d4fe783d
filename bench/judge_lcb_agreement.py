"""Agreement with the official LiveCodeBench verdicts on the two graded files, and judge wall time.

    python bench/judge_lcb_agreement.py [--workers 2] [--data ../shared/data]

Cases per file: every official-accepted AtCoder solution must pass the samples parsed from its statement;
every official wrong answer whose metadata records the failing (input, expected) pair must fail on that
pair. LiveCodeBench's own grader, run on such cases from these files with 2 workers, took about 37 s and
24 s and agreed on 99.4% and 99.9% (its misses are its stdin defects).

Each file is judged twice: with our defaults, and with LCB's rule for threads (`wait_for_threads=false`:
grade as soon as the main code returns), which is the work LCB's grader actually does. The defaults run a
program's threads to the end as a real judge does, so a thread that never finishes costs the full CPU
limit where LCB stops at once.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from codedistill.judge import JudgeConfig, judge_samples
from codedistill.records import Problem, Sample, TestCase, TestKind
from codedistill.sources.lcb_graded import read_lcb_graded, read_lcb_graded_samples

REPO = Path(__file__).resolve().parents[1]
FILES = ("lcb-v5_O1-Mini-2024-09-12_N1_eval_all.json", "lcb-v6_Qwen2.5-Ins-7B_N1_eval_all.json")


def agreement_cases(path: Path) -> tuple[list[Problem], list[Sample], dict[str, bool]]:
    """(problems, samples, expected acceptance per sample id) for one graded file."""
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


LCB_SECONDS = {FILES[0]: 37.0, FILES[1]: 24.0}  # LiveCodeBench's grader on such cases, 2 workers (issue 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("CODEDISTILL_SHARED_DATA", REPO.parent / "shared" / "data")))
    args = parser.parse_args()
    # Our defaults, and LCB's own thread rule (grade when the main code returns): the same work LCB does.
    runs = {"defaults": JudgeConfig(workers=args.workers),
            "LCB thread rule": JudgeConfig(workers=args.workers, wait_for_threads=False)}
    print(f"{'file':<12}{'semantics':<17}{'cases':>6}{'agree':>15}{'wall s':>8}{'CPU s':>7}{'vs LCB':>8}  costliest")
    for name in FILES:
        problems, samples, expect = agreement_cases(args.data / "lcb" / name)
        for label, cfg in runs.items():
            before, start = os.times(), time.perf_counter()
            verdicts = list(judge_samples(problems, samples, cfg))
            wall = time.perf_counter() - start
            after = os.times()
            cpu = sum(getattr(after, f) - getattr(before, f) for f in ("user", "system", "children_user", "children_system"))
            slowest = sorted(verdicts, key=lambda v: -v.cpu_time)[:3]
            agree = sum(v.accepted == expect[v.problem_id] for v in verdicts)
            print(f"{name[:6]:<12}{label:<17}{len(verdicts):>6}{f'{agree} ({100 * agree / len(verdicts):.1f}%)':>15}"
                  f"{wall:>8.1f}{cpu:>7.1f}{LCB_SECONDS[name] / wall:>7.1f}x  "
                  + ", ".join(f"{v.problem_id} {v.status.value} {v.cpu_time:.1f}s" for v in slowest))
            for v in verdicts:
                if v.accepted != expect[v.problem_id]:
                    f = v.first_failure
                    detail = f"{f.message} | expected {f.expected[:60]!r} got {f.got[:60]!r}" if f else "all tests passed"
                    print(f"    disagree {v.problem_id}: official {'pass' if expect[v.problem_id] else 'fail'}, ours {v.status.value}: {detail}")
        n_pass = sum(expect.values())
        print(f"{'':<12}({n_pass} official-accepted AtCoder samples, {len(samples) - n_pass} recorded wrong answers)")
    print(f"{args.workers} workers, sandbox {verdicts[0].sandbox}, load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
