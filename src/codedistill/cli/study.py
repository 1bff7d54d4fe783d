"""`codedistill study`: plan, run and report a whole distillation study from one YAML."""

from __future__ import annotations

import os
from pathlib import Path

import typer
from rich.table import Table

from codedistill.cli._common import Overrides, console, ctx_obj, err_console, model_cache_dir

app = typer.Typer(help="Plan, run and report a whole distillation study from one YAML.", no_args_is_help=True)
SPEC = typer.Argument(..., exists=True, dir_okay=False, help="Study spec YAML.")


@app.command("plan", epilog="Example: codedistill study plan study.yaml train.num_train_epochs=1 "
                            "--show-config eval/baseline/smollm2-135m")
def plan(
    ctx: typer.Context, spec: Path = SPEC, overrides: Overrides = None,
    show_config: str | None = typer.Option(None, "--show-config", metavar="STEP", help="Print the resolved config STEP receives."),
) -> None:
    """Validate a study and print its step graph with cost estimates and what is already done."""
    from codedistill.config import dump_config
    from codedistill.study import load_study, step_state

    _, graph = load_study(spec, overrides)
    if show_config is not None:
        step = graph.step(show_config)
        console.print(f"# {step.id} ({step.kind}, digest {step.digest})", highlight=False)
        console.print(dump_config(step.config), highlight=False, markup=False, soft_wrap=True, end="")
        return
    with ctx_obj(ctx).store() as store:
        table = Table("step", "kind", "after", "state", "cost", title=f"study {graph.spec.name}: {len(graph.steps)} steps")
        for step in graph.steps:
            cost = ", ".join(f"{k}={'?' if v is None else v}" for k, v in step.cost.items())
            table.add_row(step.id, step.kind, ", ".join(step.deps) or "-", step_state(store, step), cost)
    console.print(table)
    totals = {k: "?" if v is None else f"{v:,}" for k, v in graph.totals().items()}
    console.print(f"to train: {totals['train_examples']} examples per epoch (before the training data policies); "
                  f"to generate: {totals['samples']} samples" + (" (? = known once the inputs are imported)" if "?" in totals.values() else ""))


@app.command("run", epilog="Example: codedistill study run study.yaml   (re-run the same command to resume)")
def run(ctx: typer.Context, spec: Path = SPEC, overrides: Overrides = None) -> None:
    """Run every step that is not done yet; after an interruption the same command resumes.

    Exits 1 when an import skipped bad rows (`skip_bad`), after saying where they are."""
    from codedistill.study import run_study

    with ctx_obj(ctx).store() as store:
        graph = run_study(spec, store, model_cache=model_cache_dir(), overrides=overrides, on_event=print_event,
                          environ=os.environ)
        console.print(f"study {graph.spec.name}: done; report: {store.report_dir(graph.spec.name) / 'report.html'}", soft_wrap=True)
        exit_on_rejects(graph, store)


def exit_on_rejects(graph, store) -> None:
    """A study whose imports skipped bad rows did not use all its input: say so and exit 1."""
    from codedistill.study.run import step_dir

    rejected = {step.id: counts.rejected for step in graph.steps
                if (counts := store.step_counts(step.digest)) is not None and counts.rejected}
    for step_id, count in rejected.items():
        err_console.print(f"{step_id}: {count} bad rows skipped; they and their reasons are in "
                          f"{step_dir(store, graph.by_id[step_id])}/*.rejects.jsonl", highlight=False, soft_wrap=True)
    if rejected:
        raise typer.Exit(1)


@app.command("status")
def status(ctx: typer.Context, spec: Path = SPEC, overrides: Overrides = None) -> None:
    """Show which steps are done, interrupted, failed or pending, and what each did with its rows."""
    from codedistill.study import load_study, step_state

    _, graph = load_study(spec, overrides)
    with ctx_obj(ctx).store() as store:
        states = [(step, step_state(store, step), store.step_counts(step.digest)) for step in graph.steps]
    table = Table("step", "state", "rows in", "rows out", "dropped")
    for step, state, counts in states:
        if counts is None:
            table.add_row(step.id, state, "", "", "")
        else:
            dropped = ", ".join(f"{reason} {n:,}" for reason, n in counts.dropped.items()) or "-"
            table.add_row(step.id, state, f"{counts.rows_in:,}", f"{counts.rows_out:,}", dropped)
    console.print(table)
    if any(state != "done" for _, state, _ in states):
        raise typer.Exit(1)


@app.command("report")
def report(ctx: typer.Context, spec: Path = SPEC, overrides: Overrides = None) -> None:
    """(Re)write the HTML and Markdown report from the finished results, where `study run` publishes it."""
    from codedistill.study import load_study
    from codedistill.study.results import report_study

    _, graph = load_study(spec, overrides)
    with ctx_obj(ctx).store() as store:
        path = report_study(graph, store)
    console.print(f"report: {path}", soft_wrap=True)


def print_event(event: str, step, message: str) -> None:
    style = {"start": "cyan", "reuse": "dim", "done": "green", "fail": "red", "progress": "dim"}[event]
    if event == "progress":
        console.print(f"    {message}", style=style, highlight=False)
    else:
        console.print(f"[{style}]{event:>7}[/] {step.id} {message}", highlight=False)
