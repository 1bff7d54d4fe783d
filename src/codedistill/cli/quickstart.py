"""`codedistill quickstart`: a small but complete valley study on the embedded defaults."""

from __future__ import annotations

import os

import typer

from codedistill.cli._common import Overrides, console, ctx_obj, model_cache_dir


def quickstart(
    ctx: typer.Context,
    overrides: Overrides = None,
) -> None:
    """Run a small valley study (starter data, SmolLM2-135M, CPU) and print where the report is.

    The baseline, a nested ladder of three sizes and one controlled pair (correct vs incorrect teacher
    answers) are trained with LoRA, evaluated on the starter evaluation set and analysed. Re-running
    resumes; finished steps are reused.
    """
    from codedistill.cli.study import exit_on_rejects, print_event
    from codedistill.study import quickstart_spec_path, run_study

    spec = quickstart_spec_path()
    console.print(f"quickstart: {spec}\nworkspace: {ctx_obj(ctx).workspace.resolve()}")
    with ctx_obj(ctx).store() as store:
        graph = run_study(spec, store, model_cache=model_cache_dir(), overrides=overrides, on_event=print_event,
                          environ=os.environ)
        report = store.report_dir(graph.spec.name) / "report.html"
        console.print(f"[bold green]quickstart done.[/] report: {report}", soft_wrap=True)
        exit_on_rejects(graph, store)
