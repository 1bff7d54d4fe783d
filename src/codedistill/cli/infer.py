"""`codedistill infer`: Generate with transformers, vLLM or an OpenAI-compatible server."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from codedistill.cli._common import Overrides, console, ctx_obj, model_cache_dir, progress_bar

app = typer.Typer(help="Generate with transformers, vLLM or an OpenAI-compatible server.", no_args_is_help=True)

ConfigPath = Annotated[Path | None, typer.Option("--config", "-c", help="YAML config (see configs/infer/).")]
Model = Annotated[str | None, typer.Option("--model", help="Named model, checkpoint directory, or the server's model name.")]
Backend = Annotated[str | None, typer.Option("--backend", help="transformers, vllm, openai or llamacpp.")]
BaseUrl = Annotated[str | None, typer.Option("--base-url", help="Server URL for openai/llamacpp, e.g. http://127.0.0.1:8080/v1.")]


def _options(prefix: str, **values: Any) -> list[str]:
    """CLI options as `key=value` overrides (JSON-quoted, so a value is never re-typed by YAML)."""
    return [f"{prefix}{key}={json.dumps(value)}" for key, value in values.items() if value is not None]


def _resolve_server(cfg: Any, base_url: str | None) -> Any:
    """Apply `--base-url` to the selected server section and resolve `api_key_env` here, in the CLI:
    library code never reads the environment."""
    if base_url:
        section = "llamacpp" if cfg.backend == "llamacpp" else "openai"
        cfg = cfg.model_copy(update={section: cfg.server.model_copy(update={"base_url": base_url})})
    return cfg.with_api_key(os.environ)


def _summary(title: str, generations: list[Any], elapsed: float) -> Table:
    completion = sum(g.completion_tokens for g in generations)
    table = Table("samples", "prompt tokens", "completion tokens", "truncated", "seconds", "tokens/s", title=title)
    truncated = sum(g.finish_reason == "length" for g in generations)
    table.add_row(str(len(generations)), f"{sum(g.prompt_tokens for g in generations):,}", f"{completion:,}",
                  str(truncated), f"{elapsed:.1f}", f"{completion / max(elapsed, 1e-9):.1f}")
    return table


@app.command("run", epilog="Example: codedistill infer run requests.jsonl --out gens.jsonl --model smollm2-135m sampling.n=4")
def run(
    ctx: typer.Context,
    requests: Annotated[Path, typer.Argument(help='JSONL of {"problem_id", "messages": [{"role", "content"}]}.')],
    out: Annotated[Path, typer.Option("--out", "-o", help="Generations JSONL to write.")],
    overrides: Overrides = None,
    config: ConfigPath = None,
    model: Model = None,
    backend: Backend = None,
    base_url: BaseUrl = None,
    preset: Annotated[str | None, typer.Option("--preset", help="Sampling preset: deepseek-r1, instruct, cpu-smoke.")] = None,
    samples: Annotated[int | None, typer.Option("--samples", "-n", help="Samples per request.")] = None,
) -> None:
    """Generate samples for chat requests; finished samples are cached, so a re-run resumes."""
    from codedistill.config import load_config
    from codedistill.infer import GenerationRequest, InferConfig, generate
    from codedistill.recordio import read_records, write_jsonl

    cfg = load_config(InferConfig, config, [*(overrides or []), *_options("", model=model, backend=backend),
                                           *_options("sampling.", preset=preset, n=samples)])
    cfg = _resolve_server(cfg, base_url)
    batch = list(read_records(requests, GenerationRequest))
    started = time.perf_counter()
    with ctx_obj(ctx).store() as store, progress_bar("generating", total=len(batch) * cfg.sampling.n) as tick:
        generations = list(generate(batch, cfg, store=store, on_progress=tick, cache_dir=model_cache_dir()))
    write_jsonl(out, sorted(generations, key=lambda g: (g.problem_id, g.sample_index)))
    console.print(_summary(f"{cfg.model} ({cfg.backend}) → {out}", generations, time.perf_counter() - started))


@app.command("teacher", epilog="Example: codedistill infer teacher --problems P.jsonl --model deepseek-reasoner --samples 4 "
                                "--base-url https://api.deepseek.com/v1 --out traces.jsonl")
def teacher(
    ctx: typer.Context,
    problems: Annotated[Path, typer.Option("--problems", help="Problems JSONL.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Canonical traces JSONL to write.")],
    overrides: Overrides = None,
    config: ConfigPath = None,
    model: Model = None,
    samples: Annotated[int | None, typer.Option("--samples", "-k", help="Samples per problem.")] = None,
    backend: Backend = None,
    base_url: BaseUrl = None,
    judge_config: Annotated[Path | None, typer.Option("--judge-config", help="Judge YAML: label traces with verdicts.")] = None,
    accepted_only: Annotated[bool, typer.Option("--accepted-only", help="Rejection sampling: keep only accepted traces.")] = False,
) -> None:
    """Sample teacher traces for problems, normalise them, and report tokens and cost."""
    from codedistill.config import load_config
    from codedistill.infer.teacher import TeacherConfig, generate_traces
    from codedistill.recordio import read_records, write_jsonl
    from codedistill.records import Problem

    options = [*(overrides or []), *_options("infer.", model=model, backend=backend), *_options("infer.sampling.", n=samples),
               *(["keep=accepted"] if accepted_only else [])]
    cfg = load_config(TeacherConfig, config, options)
    judge_cfg = None
    if judge_config is not None or cfg.keep == "accepted":
        from codedistill.judge import JudgeConfig

        judge_cfg = load_config(JudgeConfig, judge_config)
    cfg = cfg.model_copy(update={"infer": _resolve_server(cfg.infer, base_url)})
    items = list(read_records(problems, Problem))
    with ctx_obj(ctx).store() as store, progress_bar("teacher samples", total=len(items) * cfg.infer.sampling.n) as tick:
        result = generate_traces(items, cfg, store=store, judge_cfg=judge_cfg, cache_dir=model_cache_dir(), on_progress=tick)
    write_jsonl(out, result.traces)
    if result.rejected:
        write_jsonl(out.with_name(out.stem + ".rejected.jsonl"), result.rejected)
    u = result.usage
    table = Table("samples", "kept", "rejected", "prompt tokens", "completion tokens", "truncated", "cost (USD)",
                  title=f"teacher {cfg.infer.model} → {out}")
    table.add_row(str(u.samples), str(len(result.traces)), str(len(result.rejected)), f"{u.prompt_tokens:,}",
                  f"{u.completion_tokens:,}", str(u.truncated), f"{u.cost_usd:.6f}")
    console.print(table)
