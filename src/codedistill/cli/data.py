"""`codedistill data`: Import, normalise, label, dedup and decontaminate problems and traces."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from codedistill.cli._common import Overrides, console, ctx_obj, progress_bar

app = typer.Typer(help="Import, normalise, label, dedup and decontaminate problems and traces.", no_args_is_help=True)

CONFIG = Annotated[Path | None, typer.Option("--config", "-c", help="YAML config file.")]


def _record(ctx: typer.Context, kind: str, out: Path, step: str, inputs: dict, config=None, counts: dict | None = None) -> None:
    """Write `<out>.manifest.json` and register the artifact in the workspace store."""
    import json

    from codedistill.curate.manifest import write_manifest
    from codedistill.hashing import file_hash

    manifest = write_manifest(out, step, inputs=inputs, config=config, counts=counts)
    with ctx_obj(ctx).store() as store:
        store.register_artifact(kind, file_hash(out), out.resolve(), meta=json.loads(manifest.read_text(encoding="utf-8")))


def _counts_table(title: str, counts: dict[str, int]) -> Table:
    table = Table(title=title)
    table.add_column("what")
    table.add_column("count", justify="right")
    for key, value in counts.items():
        table.add_row(key, str(value))
    return table


@app.command("import", epilog="Example: codedistill data import --format lcb data/lcb --out lcb.jsonl release_version=release_v5")
def import_(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(help="Input file or folder (`starter`: train|eval|traces|all; `hub:OWNER/NAME[:SPLIT]` online).")],
    format: Annotated[str, typer.Option("--format", "-f", help="Source format: lcb, lcb-graded, ocr, taco, apps, codecontests, leetcodedataset, humaneval, mbpp, jsonl, starter.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Problems interchange file (.jsonl[.gz]).")],
    traces: Annotated[Path | None, typer.Option("--traces", help="Traces file (default: <out stem>.traces.jsonl) when the source has traces.")] = None,
    skip_bad: Annotated[bool, typer.Option("--skip-bad", help="Skip malformed rows; they go to <out stem>.rejects.jsonl with the reason.")] = False,
    config: CONFIG = None,
    overrides: Overrides = None,
) -> None:
    """Read a dataset into the problems (and traces) interchange files, with a manifest beside them."""
    from codedistill.config import load_config
    from codedistill.sources.config import SourceConfig
    from codedistill.sources.importer import import_source

    cfg = load_config(SourceConfig, config, [*(overrides or []), *(["skip_bad=true"] if skip_bad else [])])
    with progress_bar(f"importing {format}") as tick:
        result = import_source(format, path, out, cfg, traces_out=traces, on_progress=tick)
    with ctx_obj(ctx).store() as store:
        from codedistill.hashing import file_hash

        store.register_artifact("problems", file_hash(out), out.resolve(), meta={"manifest": result.manifest})
    top = dict(sorted(result.reject_reasons.items(), key=lambda kv: -kv[1])[:8])
    console.print(_counts_table(f"{format} → {out}", {"problems": result.problems, "traces": result.traces, "rejected": result.rejected, **top}))
    if result.rejected:
        console.print(f"rejected rows and reasons: {result.rejects_out}")


@app.command("normalize", epilog="Example: codedistill data normalize raw.jsonl --out traces.jsonl source.field_map.text=response")
def normalize(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="Raw trace rows: id, problem_id and `text` (or `reasoning_content` + `content`).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Normalised traces (.jsonl); drops go to <stem>.dropped.jsonl.")],
    keep_malformed: Annotated[bool, typer.Option("--keep-malformed", help="Keep flagged traces instead of dropping them.")] = False,
    tokenizer: Annotated[str | None, typer.Option("--tokenizer", "-t", help="Set num_tokens with this student tokenizer (folder or model name).")] = None,
    config: CONFIG = None,
    overrides: Overrides = None,
) -> None:
    """Normalise teacher outputs to `<think>…</think>` + answer, flag and (by policy) drop malformed ones."""
    from codedistill.config import deep_merge, load_config, section_overrides
    from codedistill.curate import CurateConfig, curate_traces
    from codedistill.sources import read_source
    from codedistill.sources.config import SourceConfig

    sections = section_overrides(overrides, "source", "curate")
    source_cfg = load_config(SourceConfig, config, {"record": "trace", **sections["source"]}, section="source")
    fixed = {"dedup": {"exact": False, "near": False}, **({"drop_flags": []} if keep_malformed else {})}
    cfg = load_config(CurateConfig, config, deep_merge(fixed, sections["curate"]), section="curate")
    with progress_bar("normalising") as tick:
        result = curate_traces(read_source("jsonl", path, source_cfg), cfg, out=out, on_progress=tick,
                               tokenizer=_tokenizer_path(tokenizer) if tokenizer else None)
    counts = {"read": result.seen, "kept": result.kept, **result.dropped}
    _record(ctx, "traces", out, "normalize", {"raw": path}, {"source": source_cfg.model_dump(mode="json"), "curate": cfg.model_dump(mode="json")}, counts)
    console.print(_counts_table(f"{path} → {out}", counts))


@app.command("label", epilog="Example: codedistill data label traces.jsonl --problems problems.jsonl --out labelled.jsonl --workers 2")
def label(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="Traces interchange file.")],
    problems: Annotated[Path, typer.Option("--problems", "-p", help="Problems interchange file with tests.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Labelled traces; progress is kept in <out>.partial.")],
    workers: Annotated[int | None, typer.Option("--workers", help="Judge worker processes.")] = None,
    config: CONFIG = None,
    overrides: Overrides = None,
) -> None:
    """Label each trace's final code by execution: verdict and pass fraction (resumable)."""
    from codedistill.config import load_config
    from codedistill.curate import label_traces
    from codedistill.judge import JudgeConfig
    from codedistill.recordio import write_jsonl
    from codedistill.sources import read_problems, read_traces

    cfg = load_config(JudgeConfig, config, [*(overrides or []), *([f"workers={workers}"] if workers else [])])
    partial = out.with_name(out.name + ".partial")
    by_id = {p.id: p for p in read_problems(problems)}
    traces = list(read_traces(path))
    with progress_bar("labelling", total=len(traces)) as tick:
        labelled = list(label_traces(traces, by_id, cfg, partial_path=partial, on_progress=tick))
    write_jsonl(out, labelled)
    partial.unlink(missing_ok=True)
    counts: dict[str, int] = {}
    for trace in labelled:
        counts[str(trace.verdict or "unlabelled")] = counts.get(str(trace.verdict or "unlabelled"), 0) + 1
    judged = sum(n for k, n in counts.items() if k != "unlabelled")
    share = counts.get("accepted", 0) / judged if judged else 0.0
    _record(ctx, "traces", out, "label", {"traces": path, "problems": problems}, cfg, {**counts, "judged": judged, "correct_share": share})
    console.print(_counts_table(f"{out}: {share:.1%} of {judged} judged traces correct", counts))


@app.command("dedup", epilog="Example: codedistill data dedup traces.jsonl --out deduped.jsonl threshold=0.7")
def dedup(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="Problems or traces interchange file.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Deduplicated records; drops go to <stem>.dropped.jsonl.")],
    by_statement: Annotated[bool, typer.Option("--by-statement", help="Compare traces by their problem statement (prompt), not their text.")] = False,
    config: CONFIG = None,
    overrides: Overrides = None,
) -> None:
    """Drop exact and near duplicates (MinHash LSH); the first occurrence is kept."""
    from codedistill.config import load_config
    from codedistill.curate.dedup import DedupConfig, dedup_step, problem_text
    from codedistill.curate.drops import DropLog, dropped_path
    from codedistill.recordio import write_jsonl
    from codedistill.sources import read_problems, read_traces, sniff_kind

    cfg = load_config(DedupConfig, config, overrides)
    is_trace = sniff_kind(path) == "trace"
    records = read_traces(path) if is_trace else read_problems(path)
    with DropLog(dropped_path(out)) as drops, progress_bar("deduplicating"):
        kept = write_jsonl(out, dedup_step(cfg, drops, (lambda r: r.text) if is_trace and not by_statement else problem_text)(records))
    _record(ctx, "traces" if is_trace else "problems", out, "dedup", {"input": path}, cfg, {"kept": kept, **drops.by_reason()})
    console.print(_counts_table(f"{path} → {out}", {"kept": kept, **drops.by_reason()}))


@app.command("decontam", epilog="Example: codedistill data decontam train.jsonl --against lcb_v5.jsonl --out clean.jsonl start_date=2024-08-01")
def decontam(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="Problems or traces interchange file.")],
    against: Annotated[Path, typer.Option("--against", "-a", help="Benchmark problems interchange file.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Clean records; every removal (n-gram, benchmark item) goes to <stem>.dropped.jsonl.")],
    problems: Annotated[Path | None, typer.Option("--problems", "-p", help="Problems of the traces (statements to compare).")] = None,
    config: CONFIG = None,
    overrides: Overrides = None,
) -> None:
    """Remove records sharing a word n-gram (default 13) with a benchmark item in the evaluation window."""
    from codedistill.config import load_config
    from codedistill.curate.decontam import DecontamConfig, decontaminate
    from codedistill.curate.drops import DropLog, dropped_path
    from codedistill.recordio import write_jsonl
    from codedistill.sources import read_problems, read_traces, sniff_kind

    cfg = load_config(DecontamConfig, config, overrides)
    kind = sniff_kind(path)
    records = read_traces(path) if kind == "trace" else read_problems(path)
    by_id = {p.id: p for p in read_problems(problems)} if problems else None
    with DropLog(dropped_path(out)) as drops, progress_bar("decontaminating") as tick:
        kept = write_jsonl(out, decontaminate(records, read_problems(against), cfg, drops, problems=by_id, on_progress=tick))
    _record(ctx, kind + "s", out, "decontam", {"input": path, "benchmark": against, "problems": problems}, cfg, {"kept": kept, **drops.by_reason()})
    console.print(_counts_table(f"{path} → {out} (report: {dropped_path(out)})", {"kept": kept, **drops.by_reason()}))


@app.command("stats", epilog="Example: codedistill data stats traces.jsonl --tokenizer smollm2-135m")
def stats(
    path: Annotated[Path, typer.Argument(help="Traces interchange file.")],
    tokenizer: Annotated[str | None, typer.Option("--tokenizer", "-t", help="Student tokenizer: a checkpoint folder or a model name (smollm2-135m); default: characters.")] = None,
    by: Annotated[list[str] | None, typer.Option("--by", help="Groupings to show (default: source, difficulty, verdict, flag).")] = None,
) -> None:
    """Counts and length distributions (tokens with --tokenizer) by source, difficulty, verdict and flag."""
    from codedistill.curate import count_tokens, trace_stats
    from codedistill.curate.stats import GROUPINGS
    from codedistill.sources import read_traces

    traces = list(read_traces(path))
    lengths = None
    if tokenizer is not None:
        with progress_bar("counting tokens", total=len(traces)) as tick:
            lengths = count_tokens((t.text for t in traces), _tokenizer_path(tokenizer), on_progress=tick)
    result = trace_stats(traces, lengths)
    for grouping in by or GROUPINGS:
        table = Table(title=f"{result.total} traces by {grouping} (length in {result.unit})")
        for column in (grouping, "count", "mean", "p50", "p90", "max"):
            table.add_column(column, justify="left" if column == grouping else "right")
        for row in result.rows(grouping):
            table.add_row(str(row[grouping]), str(row["count"]), *(f"{row[k]:.0f}" for k in ("mean", "p50", "p90", "max")))
        console.print(table)


def _tokenizer_path(name: str) -> Path:
    """A folder passes through; a model name resolves through the model cache (the CLI owns the env)."""
    if Path(name).exists():
        return Path(name)
    from codedistill.cli._common import model_cache_dir
    from codedistill.models import resolve_model

    return resolve_model(name, model_cache_dir())
