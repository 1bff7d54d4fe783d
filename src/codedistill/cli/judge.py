"""`codedistill judge`: Run untrusted code against tests in a sandbox."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from codedistill.cli._common import console, progress_bar

app = typer.Typer(help="Run untrusted code against tests in a sandbox.", no_args_is_help=True)


def _config(config: Path | None, overrides: list[str] | None, **fixed):
    from codedistill.config import load_config, parse_overrides
    from codedistill.judge import JudgeConfig

    merged = {k: v for k, v in fixed.items() if v is not None}
    for key, value in parse_overrides(overrides or []).items():
        merged[key] = value
    return load_config(JudgeConfig, config, merged)


@app.command("run", epilog="Example: codedistill judge run --problems p.jsonl --samples s.jsonl --out v.jsonl --workers 2 time_limit_s=2")
def judge_run(
    problems: Path = typer.Option(..., "--problems", help="Problems JSONL (interchange shape)."),
    samples: Path = typer.Option(..., "--samples", help="Samples JSONL: problem_id, sample_id, code or text."),
    out: Path = typer.Option(..., "--out", help="Verdicts JSONL; resumes from <out>.partial."),
    workers: int | None = typer.Option(None, "--workers", help="Sandboxed workers (default from the config)."),
    config: Path | None = typer.Option(None, "--config", help="JudgeConfig YAML."),
    overrides: list[str] | None = typer.Argument(None, help="key=value overrides, e.g. time_limit_s=2"),
) -> None:
    """Judge samples against each problem's tests; write verdicts JSONL (resumable)."""
    from codedistill.judge import judge_files

    cfg = _config(config, overrides, workers=workers)
    with progress_bar("judging") as tick:
        counts = judge_files(problems, samples, out, cfg, on_progress=tick)
    table = Table("status", "samples", title=f"verdicts → {out}")
    for status, count in sorted(counts.items()):
        table.add_row(status, str(count))
    console.print(table)


@app.command(
    "check",
    epilog="Examples: codedistill judge check solution.py --problem abc301_d --problems p.jsonl\n\n"
    "codedistill judge check samples.jsonl --problems p.jsonl  (every sample; lists those whose verdict differs)",
)
def judge_check(
    file: Path = typer.Argument(..., help="A Python program (with --problem), or a samples JSONL."),
    problems: Path = typer.Option(..., "--problems", help="Problems JSONL."),
    problem: str | None = typer.Option(None, "--problem", help="Problem id the program is judged against."),
    config: Path | None = typer.Option(None, "--config", help="JudgeConfig YAML (the defaults side)."),
    overrides: list[str] | None = typer.Argument(None, help="key=value overrides"),
) -> None:
    """Judge under the defaults and under LiveCodeBench's rules (lcb_compat); show both verdicts and where they differ."""
    from codedistill.judge.rulesets import lcb_compat

    cfg = _config(config, overrides, stop_at_first_failure=False)
    if problem is None:
        _check_samples(file, problems, cfg)
        return
    from codedistill.judge import judge_check_file

    ours, theirs = (judge_check_file(file, problem, problems, c) for c in (cfg, lcb_compat(cfg)))
    title = (f"{problem}: defaults {ours.status.value} ({ours.passed}/{ours.total}), lcb_compat {theirs.status.value} "
             f"({theirs.passed}/{theirs.total}), {ours.sandbox}")
    table = Table("test", "defaults", "lcb_compat", "cpu s", "peak MiB", "message", title=title)
    for index in range(max(len(ours.tests), len(theirs.tests))):
        a = ours.tests[index] if index < len(ours.tests) else None
        b = theirs.tests[index] if index < len(theirs.tests) else None
        shown = a or b
        table.add_row(str(index), a.status.value if a else "-", b.status.value if b else "-", f"{shown.cpu_time:.3f}",
                      f"{shown.peak_memory / 1024:.1f}", (a.message if a and a.message else b.message if b else "")[:80])
    console.print(table)
    for label, verdict in (("defaults", ours), ("lcb_compat", theirs)):
        if verdict.first_failure is not None:
            f = verdict.first_failure
            console.print(f"[bold]first failure, {label}[/] (test {f.test_index}): {f.message}", highlight=False)
            console.print(f"input:\n{f.input}\nexpected:\n{f.expected}\ngot:\n{f.got}", highlight=False, markup=False)
    raise typer.Exit(0 if ours.accepted else 1)


def _check_samples(samples: Path, problems: Path, cfg) -> None:
    from codedistill.judge.judging import read_samples
    from codedistill.judge.rulesets import judge_under_both
    from codedistill.sources import read_problems

    both = judge_under_both(read_problems(problems), read_samples(samples), cfg)
    table = Table("status", "defaults", "lcb_compat", title=f"{len(both.pairs)} samples of {samples}")
    for status, (a, b) in both.counts().items():
        table.add_row(status, str(a), str(b))
    console.print(table)
    differ = Table("problem", "sample", "defaults", "lcb_compat", "why", title=f"{len(both.differ())} sample(s) whose verdict differs")
    for a, b in both.differ():
        why = (a.first_failure if not a.accepted else b.first_failure)
        differ.add_row(a.problem_id, str(a.sample_id), a.status.value, b.status.value, why.message[:90] if why else "")
    console.print(differ)
