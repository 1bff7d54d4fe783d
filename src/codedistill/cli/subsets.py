"""`codedistill subsets`: Build seeded size ladders and controlled splits."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Column, Table

from codedistill.cli._common import Overrides, console, ctx_obj, progress_bar
from codedistill.errors import ConfigError

app = typer.Typer(help="Build seeded size ladders and controlled splits.", no_args_is_help=True)


@app.command(
    "build", epilog="Example: codedistill subsets build ladder.yaml --traces traces.jsonl splits.0.size=300"
)
def build(
    ctx: typer.Context,
    spec_path: Annotated[
        Path, typer.Argument(metavar="SPEC.yaml", help="Subset spec (see configs/subsets/).")
    ],
    overrides: Overrides = None,
    traces: Annotated[
        Path | None, typer.Option("--traces", help="Trace JSONL/Parquet; overrides the spec's `traces`.")
    ] = None,
) -> None:
    """Build every ladder and split of a spec and write one hash-named manifest per subset."""
    from codedistill.config import load_config
    from codedistill.subsets import SubsetSpec, TraceTable, build_subsets, planned_names
    from codedistill.subsets.artifacts import save_manifests

    spec = load_config(SubsetSpec, spec_path, overrides or [])
    path = traces or (spec_path.parent / spec.traces if spec.traces is not None else None)
    if path is None:
        raise ConfigError(
            f"{spec_path}: traces: no trace file; pass --traces T.jsonl or set `traces:` in the spec"
        )
    with progress_bar(f"reading {path.name}") as tick:
        table = TraceTable.from_jsonl(path, on_progress=tick)
    with progress_bar("building subsets", total=len(planned_names(spec))) as tick:
        manifests = build_subsets(table, spec, on_progress=tick)
    with ctx_obj(ctx).store() as store:
        paths = save_manifests(manifests, spec, store)
    console.print(_summary(manifests, f"{len(manifests)} manifests from {path}"))
    console.print(f"written under {paths[0].parent}" if paths else "nothing written")


def _summary(manifests, title: str) -> Table:
    table = Table(
        Column("name", no_wrap=True),
        "parent",
        "traces",
        "questions",
        "tokens",
        "max |SMD|",
        "hash",
        title=title,
    )
    for m in manifests:
        balance = getattr(m, "balance", None) or {}
        smds = [abs(row["smd"]) for row in balance.values() if "smd" in row]
        worst = f"{max(smds):.3f}" if smds else "-"
        table.add_row(
            m.name,
            m.parent or "-",
            str(len(m.ids)),
            str(m.counts["questions"]),
            f"{m.token_total:,}",
            worst,
            m.content_hash,
        )
    return table


@app.command("show", epilog="Example: codedistill subsets show correctness-correct-s0")
def show(
    ctx: typer.Context,
    name: Annotated[
        str | None, typer.Argument(help="Manifest name or .json path; none lists them all.")
    ] = None,
) -> None:
    """Print a manifest's counts, tokens, rule and (for a split) the balance table."""
    from codedistill.subsets.artifacts import load_manifest, manifest_names_in

    with ctx_obj(ctx).store() as store:
        if name is None:
            manifests = [load_manifest(store, n) for n in manifest_names_in(store)]
            console.print(_summary(manifests, f"{len(manifests)} manifests in {store.workspace}"))
            return
        manifest = load_manifest(store, name)
    console.print(
        f"[bold]{manifest.name}[/]  parent={manifest.parent or '-'}  seed={manifest.seed}  hash={manifest.content_hash}"
    )
    console.print(
        f"{len(manifest.ids)} traces, {manifest.token_total:,} tokens; rule: {manifest.rule}", highlight=False
    )
    counts = Table("count", "value")
    for key, value in manifest.counts.items():
        counts.add_row(key, str(value))
    console.print(counts)
    if getattr(manifest, "balance", None):
        console.print(_balance_table(manifest.balance, f"balance vs {manifest.rule.get('partner')}"))


def _balance_table(balance: dict, title: str) -> Table:
    table = Table("covariate", "matched", "SMD / overlap", "detail", title=title)
    for covariate, row in balance.items():
        value = row.get("smd", row.get("overlap"))
        detail = ", ".join(f"{k}={v}" for k, v in row.items() if k not in ("smd", "overlap", "matched"))
        table.add_row(covariate, "yes" if row["matched"] else "no", f"{value:+.3f}", detail)
    return table


@app.command(
    "export", epilog="Example: codedistill subsets export base-1k-s0 --traces traces.jsonl --out train.jsonl"
)
def export(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Manifest name (or a manifest .json path).")],
    traces: Annotated[Path, typer.Option("--traces", help="The trace JSONL the manifest was built from.")],
    out: Annotated[Path, typer.Option("--out", help="Training JSONL to write.")],
    fmt: Annotated[
        str, typer.Option("--format", help="`messages` (chat) or `prompt_completion`.")
    ] = "messages",
) -> None:
    """Write a manifest's traces as training JSONL (chat messages or prompt/completion)."""
    from codedistill.recordio import read_records
    from codedistill.records import Trace
    from codedistill.subsets import export_manifest
    from codedistill.subsets.artifacts import load_manifest

    with ctx_obj(ctx).store() as store:
        manifest = load_manifest(store, name)
    count = export_manifest(manifest, read_records(traces, Trace), out, fmt)  # type: ignore[arg-type]
    console.print(f"{manifest.name}: {count} rows → {out} ({fmt})")
