"""What every command shares: the workspace, the consoles, a progress bar, config overrides."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

# Every command takes config overrides the same way: trailing `key=value` arguments (YAML values).
Overrides = Annotated[
    list[str] | None,
    typer.Argument(metavar="[KEY=VALUE]...", help="Config overrides, e.g. judge.time_limit_s=2 (values are YAML)."),
]

console = Console()
err_console = Console(stderr=True)


@dataclass
class Context:
    workspace: Path
    debug: bool = False

    def store(self):
        from codedistill.store import Store

        return Store(self.workspace)


def ctx_obj(ctx: typer.Context) -> Context:
    """The root options; commands invoked outside the root callback get the defaults."""
    return ctx.obj if isinstance(ctx.obj, Context) else Context(workspace=Path("codedistill-runs"))


def model_cache_dir() -> Path:
    """The model cache: `$CODEDISTILL_CACHE`, else `~/.cache/codedistill/models` (resolved here, in the CLI)."""
    root = os.environ.get("CODEDISTILL_CACHE")
    return Path(root) if root else Path.home() / ".cache" / "codedistill" / "models"


@contextmanager
def progress_bar(description: str, total: int | None = None) -> Iterator[Callable[..., None]]:
    """Yield `tick(advance=1, total=None)` driving a rich bar that shows done/total, rate and ETA."""
    columns = [
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TaskProgressColumn(show_speed=True),
        TimeElapsedColumn(), TimeRemainingColumn(),
    ]
    with Progress(*columns, console=err_console) as bar:
        task = bar.add_task(description, total=total)

        def tick(advance: int = 1, total: int | None = None) -> None:
            if total is not None:
                bar.update(task, total=total)
            bar.advance(task, advance)

        yield tick
