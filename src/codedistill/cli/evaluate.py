"""`codedistill eval`: Evaluate students on LiveCodeBench-style benchmarks."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from codedistill.cli._common import Overrides, console, ctx_obj, err_console, model_cache_dir

app = typer.Typer(help="Evaluate students on LiveCodeBench-style benchmarks.", no_args_is_help=True)

Config = Annotated[Path | None, typer.Option("--config", "-c", help="EvalConfig YAML (see configs/evaluate/).")]
Data = Annotated[Path | None, typer.Option("--data", envvar="CODEDISTILL_SHARED_DATA",
                                           help="Public data directory holding the benchmark files.")]
BenchPath = Annotated[Path | None, typer.Option("--path", help="Benchmark file or LCB release directory.")]
Start = Annotated[str | None, typer.Option("--start-date", help="Keep contest dates >= YYYY-MM-DD.")]
End = Annotated[str | None, typer.Option("--end-date", help="Keep contest dates <= YYYY-MM-DD.")]
Platform = Annotated[list[str] | None, typer.Option("--platform", help="Keep this platform (repeatable).")]
Level = Annotated[list[str] | None, typer.Option("--difficulty", help="Keep this difficulty (repeatable).")]
Limit = Annotated[int | None, typer.Option("--limit", help="Keep the first N problems (smoke runs).")]


def _benchmark(name: str, data: Path | None, path: Path | None, start: str | None, end: str | None,
               platform: list[str] | None, difficulty: list[str] | None, limit: int | None) -> dict[str, Any]:
    values: dict[str, Any] = {"name": name, "path": path, "data_dir": data, "platforms": platform or [],
                              "difficulties": difficulty or [], "limit": limit}
    values.update({k: date.fromisoformat(v) for k, v in (("start_date", start), ("end_date", end)) if v})
    return values


def _config(config: Path | None, overrides: list[str] | None, benchmark: dict[str, Any] | None,
            preset: str | None = None, **fields: Any):
    from codedistill.config import deep_merge, load_config, parse_overrides
    from codedistill.evaluate import EvalConfig

    extra = {k: v for k, v in fields.items() if v is not None}
    if preset is not None:
        extra["infer"] = {"sampling": {"preset": preset}}
    if benchmark is not None:
        extra["benchmark"] = {k: v for k, v in benchmark.items() if v not in (None, [])}
    return load_config(EvalConfig, config, deep_merge(parse_overrides(overrides or []), extra))


@contextmanager
def _progress() -> Iterator[Callable[[str, int], None]]:
    """One rich bar per phase (generate, judge, official), created when the phase first reports."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err_console) as bar:
        tasks: dict[str, Any] = {}

        def tick(phase: str, advance: int) -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(phase, total=None)
            bar.advance(tasks[phase], advance)

        yield tick


@app.command("run", epilog="Example: codedistill eval run --model smollm2-135m --benchmark starter-eval --preset cpu-smoke judge.workers=2")
def run(
    ctx: typer.Context,
    model: Annotated[str, typer.Option("--model", help="Checkpoint directory, named model, or server model name.")],
    benchmark: Annotated[str, typer.Option("--benchmark", help="lcb:release_v5, lcb-graded:v6, starter-eval, ...")],
    preset: Annotated[str | None, typer.Option("--preset", help="Sampling preset (infer.sampling.preset): study, greedy, cpu-smoke, ...")] = None,
    style: Annotated[str | None, typer.Option("--style", help="generic, llama, qwen, deepseek-r1, or a template .yaml.")] = None,
    data: Data = None, path: BenchPath = None, start_date: Start = None, end_date: End = None,
    platform: Platform = None, difficulty: Level = None, limit: Limit = None,
    config: Config = None, overrides: Overrides = None,
) -> None:
    """Generate, judge and score a model on a benchmark; results and metrics go to the store."""
    from codedistill.evaluate import evaluate_model, load_benchmark

    bench = _benchmark(benchmark, data, path, start_date, end_date, platform, difficulty, limit)
    cfg = _config(config, overrides, bench, preset=preset, style=style)
    cfg = cfg.model_copy(update={"infer": cfg.infer.with_api_key(os.environ)})  # the CLI reads the environment
    problems = load_benchmark(cfg.benchmark)
    with ctx_obj(ctx).store() as store, _progress() as tick:
        metrics = evaluate_model(model, problems, cfg, store, cache_dir=model_cache_dir(), on_progress=tick)
    print_metrics(metrics, f"{model} on {benchmark} ({len(problems)} problems)")


@app.command("score", epilog="Example: codedistill eval score --generations lcb-v5_eval_all.json --benchmark lcb-graded:v5 --platform atcoder judge.workers=4")
def score(
    ctx: typer.Context,
    generations: Annotated[Path, typer.Option("--generations", help="Generation JSONL, or an LCB *_eval_all.json.")],
    benchmark: Annotated[str | None, typer.Option("--benchmark", help="Benchmark the generations answer.")] = None,
    problems: Annotated[Path | None, typer.Option("--problems", help="Problems JSONL instead of --benchmark.")] = None,
    data: Data = None, path: BenchPath = None, start_date: Start = None, end_date: End = None,
    platform: Platform = None, difficulty: Level = None, limit: Limit = None,
    config: Config = None, overrides: Overrides = None,
) -> None:
    """Judge and score generations made elsewhere (and compare with official verdicts when present)."""
    from codedistill.evaluate import score_file, select_problems
    from codedistill.evaluate.benchmarks import read_benchmark, read_problem_file

    if (benchmark is None) == (problems is None):
        raise typer.BadParameter("give exactly one of --benchmark NAME or --problems P.jsonl")
    bench = _benchmark(benchmark or problems.name, data, path or problems, start_date, end_date, platform, difficulty, limit)
    cfg = _config(config, overrides, bench)
    universe = read_benchmark(cfg.benchmark) if benchmark else read_problem_file(problems)
    selected = select_problems(universe, cfg.benchmark)
    with ctx_obj(ctx).store() as store, _progress() as tick:
        metrics, agreement = score_file(generations, selected, cfg, store, all_problems=universe, on_progress=tick)
    print_metrics(metrics, f"{generations.name} ({len(selected)} problems)")
    if agreement is not None:
        print_agreement(agreement)


@app.command("show", epilog="Example: codedistill eval show eval-3f2a9c0d1e2b4a5c")
def show(ctx: typer.Context, run_id: Annotated[str, typer.Argument(metavar="RUN", help="Run id (see the run's summary).")]) -> None:
    """Print a stored run's metrics, overall and by difficulty and platform."""
    from codedistill.evaluate import load_run_metrics
    from codedistill.evaluate.agreement import Agreement

    with ctx_obj(ctx).store() as store:
        metrics = load_run_metrics(store, run_id)
        run = store.get_run(run_id)
        official = store.metrics(run_id, "official_agreement")
    print_metrics(metrics, f"{run_id}: {run['name']} [{run['status']}]")
    if official:
        print_agreement(Agreement.model_validate(official[-1]["extra"]))


def print_metrics(metrics, title: str) -> None:
    """One row per group (all, each difficulty, each platform); the verdict mix below the table."""
    ks = list(metrics.overall.pass_at)
    table = Table("group", "probs", "samples", *[f"pass@{k}" for k in ks], "complete", "<think>", "closed",
                  "answer", "code", "tok mean", "tok p90", title=title)
    groups = [("all", metrics.overall), *metrics.by_difficulty.items(), *metrics.by_platform.items()]
    for name, g in groups:
        rates = (g.completion_rate, g.think_tag_rate, g.think_closed_rate, g.answer_block_rate, g.code_rate)
        table.add_row(name, str(g.problems), str(g.samples), *[f"{g.pass_at[k]:.3f}" if k in g.pass_at else "-" for k in ks],
                      *[f"{r:.3f}" for r in rates], f"{g.tokens_mean:,.0f}", f"{g.tokens_percentiles.get(90, 0):,.0f}")
    console.print(table)
    mix = ", ".join(f"{s} {v:.1%}" for s, v in sorted(metrics.overall.verdicts.items(), key=lambda kv: -kv[1]))
    console.print(f"verdicts: {mix}", highlight=False)
    console.print(f"run: {metrics.run_id}  (codedistill eval show {metrics.run_id})", highlight=False)


def print_agreement(a) -> None:
    console.print(
        f"[bold]official verdicts[/]: agreement {a.agreed}/{a.checked} = {a.rate:.4f}; "
        f"accepted on public tests {a.pass_agree}/{a.official_pass}, wrong answers reproduced on their failing pair "
        f"{a.fail_pair_agree}/{a.fail_pair}; unchecked fails {a.official_fail_unchecked}, also failing public tests "
        f"{a.fail_on_public}; no public tests {a.no_public_tests}; extracted program differs from LCB's {a.code_differs}",
        highlight=False,
    )
    for d in a.disagreements[:10]:
        console.print(f"  disagree: {d.problem_id}#{d.sample_index} official={'pass' if d.official_passed else 'fail'} "
                      f"check={d.check} ours={d.status}", highlight=False)
