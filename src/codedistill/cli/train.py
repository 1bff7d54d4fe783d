"""`codedistill train`: Supervised fine-tuning of students on reasoning traces."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from codedistill.cli._common import Overrides, console, ctx_obj, model_cache_dir, progress_bar

app = typer.Typer(help="Supervised fine-tuning of students on reasoning traces.", no_args_is_help=True)


@app.command(
    "run",
    epilog="Example: codedistill train run src/codedistill/configs/train/cpu_smoke.yaml data.traces=traces.jsonl "
    "launch.num_processes=2 launch.config_file=ddp_cpu",
)
def run(
    ctx: typer.Context,
    config: Annotated[Path, typer.Argument(help="Train recipe YAML (see src/codedistill/configs/train/).")],
    overrides: Overrides = None,
) -> None:
    """Fine-tune a student on traces; launches through accelerate when launch.num_processes > 1."""
    from codedistill.config import load_config
    from codedistill.train.config import TrainConfig
    from codedistill.train.launch import launch, needs_launcher, run_worker

    overrides, workspace = overrides or [], ctx_obj(ctx).workspace
    cfg = load_config(TrainConfig, config, overrides)
    if needs_launcher(cfg):
        console.print(f"launching {cfg.launch.num_processes} processes through accelerate", highlight=False)
        raise typer.Exit(launch(config, overrides, cfg, workspace=workspace, cache_dir=model_cache_dir()))
    with progress_bar("training steps") as tick:
        checkpoint = run_worker(config, overrides, workspace=workspace, cache_dir=model_cache_dir(), on_progress=tick)
    console.print(f"checkpoint [bold]{checkpoint.hash}[/]: {checkpoint.path}")
    console.print(f"data: {checkpoint.data}\nmetrics: {checkpoint.metrics}", highlight=False)
