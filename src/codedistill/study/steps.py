"""What each kind of study step does: a thin call into the stage package that owns the work.

Every executor takes its settings from `ctx.step.config` (the resolved, frozen config the plan made
and hashed), reads its dependencies' finished directories (`ctx.output(dep)`), writes only into its
own partial directory (`ctx.work`), and records how many rows came in, went out and were dropped,
by reason (`ctx.count`). The runner renames the partial directory into place when it returns.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from codedistill.recordio import read_records, write_jsonl
from codedistill.records import Problem, Trace

if TYPE_CHECKING:
    from codedistill.evaluate.run import EvalConfig
    from codedistill.study.resolve import EvalStep, TrainStep
    from codedistill.study.run import StepContext
    from codedistill.train.config import TrainConfig

PROBLEMS = "problems.jsonl"
TRACES = "traces.jsonl"


class Ticker:
    """Turn `tick(advance, total=None)` callbacks into a progress line about every 15 seconds."""

    def __init__(self, ctx: StepContext, what: str, total: int | None = None, every_s: float = 15.0):
        self.ctx, self.what, self.total, self.every_s = ctx, what, total, every_s
        self.done, self.started = 0, time.monotonic()
        self.last = self.started

    def __call__(self, advance: int = 1, total: int | None = None) -> None:
        self.total = total if total is not None else self.total
        self.done += advance
        now = time.monotonic()
        if now - self.last >= self.every_s or (self.total and self.done >= self.total):
            self.last = now
            rate = self.done / max(now - self.started, 1e-9)
            of = f"/{self.total}" if self.total else ""
            self.ctx.say(f"{self.what}: {self.done}{of} ({rate:.2f}/s)")


def import_problems(ctx: StepContext) -> None:
    _import(ctx, Problem, PROBLEMS)


def import_traces(ctx: StepContext) -> None:
    _import(ctx, Trace, TRACES)


def _import(ctx: StepContext, want: type, name: str) -> None:
    """Import every source with the one importer (bad rows under `skip_bad` go to `<i>.rejects.jsonl`,
    counted by reason) and keep the records of kind `want`; the other kind is counted as dropped."""
    from codedistill.sources.importer import import_source

    rows_in = rows_out = 0
    dropped: Counter[str] = Counter()
    parts = []
    for index, source in enumerate(ctx.step.config.sources):
        path = source.path if source.path is not None else ("traces" if want is Trace else source.split)
        problems_out, traces_out = ctx.work / f"{index}.problems.jsonl", ctx.work / f"{index}.traces.jsonl"
        result = import_source(source.format, path, problems_out, source.options, traces_out=traces_out,
                               rejects_out=ctx.work / f"{index}.rejects.jsonl")
        kept, other = (result.problems, result.traces) if want is Problem else (result.traces, result.problems)
        rows_in += result.problems + result.traces + result.rejected
        rows_out += kept
        dropped[f"not_a_{want.__name__.lower()}"] += other
        dropped.update({f"rejected: {reason}": n for reason, n in result.reject_reasons.items()})
        parts.append(problems_out if want is Problem else traces_out)
        (traces_out if want is Problem else problems_out).unlink(missing_ok=True)
        if result.rejected:
            ctx.say(f"source {index}: {result.rejected} rows rejected, see {result.rejects_out}")
    with open(ctx.work / name, "w", encoding="utf-8") as out:
        for part in parts:
            if part.exists():
                with open(part, encoding="utf-8") as handle:
                    out.writelines(handle)
                part.unlink()
    ctx.say(f"{rows_out} {want.__name__.lower()}s")
    ctx.count(rows_in, rows_out, dropped)


def curate(ctx: StepContext) -> None:
    from codedistill.curate import curate_traces

    traces = read_records(ctx.output("data/traces") / TRACES, Trace)
    benchmark = list(read_records(ctx.output("data/benchmark") / PROBLEMS, Problem))
    result = curate_traces(traces, ctx.step.config.curate, out=ctx.work / TRACES, benchmark=benchmark,
                           problems=_problems(ctx))
    ctx.say(f"kept {result.kept} of {result.seen} traces; dropped {result.dropped or 'none'}")
    ctx.count(result.seen, result.kept, result.dropped)


def _problems(ctx: StepContext) -> dict[str, Problem]:
    """The training problems by id: their statements stand for the traces that carry no prompt (decontamination)."""
    return {p.id: p for p in read_records(ctx.output("data/problems") / PROBLEMS, Problem)}


def label(ctx: StepContext) -> None:
    from codedistill.curate import count_tokens, label_traces
    from codedistill.models import resolve_model

    config = ctx.step.config
    problems = _problems(ctx)
    traces = [with_problem(t, problems.get(t.problem_id)) for t in read_records(ctx.output("data/curate") / TRACES, Trace)]
    if config.label:
        traces = list(label_traces(traces, problems, config.judge, partial_path=ctx.work / "labels.partial",
                                   on_progress=Ticker(ctx, "judged traces", len(traces))))
        verdicts = Counter(str(t.verdict or "unlabelled") for t in traces)
        ctx.say(f"labelled {len(traces)} traces: {dict(verdicts)}")
    tokenizer = resolve_model(config.tokenizer, ctx.model_cache)
    counts = count_tokens([t.text for t in traces], tokenizer)
    traces = [t.model_copy(update={"num_tokens": n}) for t, n in zip(traces, counts, strict=True)]
    write_jsonl(ctx.work / TRACES, traces)
    ctx.count(len(traces), len(traces))


def with_problem(trace: Trace, problem: Problem | None) -> Trace:
    """Fill what a trace inherits from its problem: the user prompt (statement plus starter code) and difficulty."""
    if problem is None:
        return trace
    update: dict = {}
    if not trace.prompt:
        starter = f"\n\n```python\n{problem.starter_code.rstrip()}\n```" if problem.starter_code else ""
        update["prompt"] = problem.statement.strip() + starter
    if trace.difficulty is None:
        update.update(difficulty=problem.difficulty, difficulty_raw=problem.difficulty_raw)
    return trace.model_copy(update=update) if update else trace


def subsets(ctx: StepContext) -> None:
    from codedistill.subsets import build_subsets, save_manifests, write_manifest

    spec = ctx.step.config.subsets
    traces = list(read_records(ctx.output("data/label") / TRACES, Trace))
    manifests = build_subsets(traces, spec)
    for manifest in manifests:
        write_manifest(ctx.work / f"{manifest.name}.json", manifest)
        ctx.say(f"{manifest.name}: {len(manifest.ids)} traces, {manifest.token_total} tokens")
    save_manifests(manifests, spec, ctx.store)  # so `codedistill subsets show` lists them
    used = len({trace_id for manifest in manifests for trace_id in manifest.ids})
    ctx.count(len(traces), used, {"in_no_subset": len(traces) - used})


def train_config(config: TrainStep, base: Path) -> TrainConfig:
    """The TrainConfig the step trains with: the planned one, starting from the resolved `base` directory."""
    return config.train.model_copy(update={"model": str(base)})


def train(ctx: StepContext) -> None:
    from codedistill.subsets import read_manifest
    from codedistill.train import train_sft

    config = ctx.step.config
    manifest = read_manifest(ctx.output("subsets") / f"{config.subset}.json")
    wanted = set(manifest.ids)
    traces = [t for t in read_records(ctx.output("data/label") / TRACES, Trace) if t.id in wanted]
    init = [d for d in ctx.step.deps if d.startswith("train/")]
    base = checkpoint_path(ctx.output(init[0])) if init else _local_model(ctx, config.train.model)
    checkpoint = train_sft(traces, train_config(config, base), output_dir=ctx.work / "run", store=ctx.store,
                           cache_dir=ctx.model_cache, on_progress=Ticker(ctx, "optimizer steps"))
    lineage = {"base": str(base), "subset": manifest.name, "manifest_hash": manifest.content_hash, "from": init[0] if init else "base"}
    (ctx.work / "checkpoint.json").write_text(json.dumps({"path": str(Path(checkpoint.path).relative_to(ctx.work)), **lineage}))
    trained = checkpoint.data.get("kept", 0)
    dropped = {k: v for k, v in checkpoint.data.items() if k not in ("kept", "truncated")}
    ctx.count(len(manifest.ids), trained, {**dropped, "missing_from_traces": len(wanted) - len(traces)},
              truncated=checkpoint.data.get("truncated", 0))
    ctx.say(f"trained on {trained} of {len(manifest.ids)} traces of {manifest.name}; dropped {dropped or 'none'}")


def checkpoint_path(train_dir: Path) -> Path:
    """The model directory a finished train step produced."""
    return train_dir / json.loads((train_dir / "checkpoint.json").read_text())["path"]


def _local_model(ctx: StepContext, model: str) -> Path | str:
    """A named model resolved into the model cache; a path, Hub id or served model name as it is."""
    from codedistill.models import MODELS, resolve_model

    return resolve_model(model, ctx.model_cache) if model in MODELS else model


def eval_config(config: EvalStep, model: str, secrets: Mapping[str, str] | None = None) -> EvalConfig:
    """The EvalConfig the step evaluates with: the planned one, sampling `model` (a resolved path or name),
    with the server's API key from `secrets`."""
    infer = config.eval.infer.model_copy(update={"model": model}).with_api_key(secrets or {})
    return config.eval.model_copy(update={"infer": infer})


def evaluate(ctx: StepContext) -> None:
    from codedistill.evaluate.run import evaluate_model

    config = ctx.step.config
    trained = [d for d in ctx.step.deps if d.startswith("train/")]
    model = str(checkpoint_path(ctx.output(trained[0])) if trained else _local_model(ctx, config.eval.infer.model))
    cfg = eval_config(config, model, ctx.secrets)
    problems = list(read_records(ctx.output("data/benchmark") / PROBLEMS, Problem))
    total = len(problems) * cfg.infer.sampling.n
    phases = {phase: Ticker(ctx, f"{phase}d samples", total) for phase in ("generate", "judge")}
    metrics = evaluate_model(model, problems, cfg, ctx.store, cache_dir=ctx.model_cache, run_id=ctx.step.digest,
                             on_progress=lambda phase, advance: phases[phase](advance))
    (ctx.work / "metrics.json").write_text(metrics.model_dump_json(indent=2))
    ctx.say(f"pass@1 {metrics.overall.pass_at.get(1, 0.0):.3f} completion {metrics.overall.completion_rate:.2f}")
    ctx.count(total, metrics.overall.samples, {"not_scored": total - metrics.overall.samples})


def report(ctx: StepContext) -> None:
    from codedistill.study.results import publish_report, write_study_report

    write_study_report(ctx.plan, ctx.store, ctx.work)
    ctx.say(f"published {publish_report(ctx.store, ctx.plan.spec.name, ctx.work)}")
    ctx.count(len(ctx.step.deps), len(ctx.step.deps))


EXECUTORS: dict[str, Callable[[StepContext], None]] = {
    "problems": import_problems,
    "benchmark": import_problems,
    "traces": import_traces,
    "curate": curate,
    "label": label,
    "subsets": subsets,
    "train": train,
    "eval": evaluate,
    "report": report,
}
