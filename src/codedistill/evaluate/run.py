"""Evaluation runs: prompts → generations → verdicts → metrics, with every sample kept in the store.

`evaluate_model` is the whole loop for one checkpoint; `score_generations` judges generations made
elsewhere; `score_run` is the pure last step (problems + generations + verdicts → `RunMetrics`).
A run is named by the hash of its model, problem ids and config. Generations are cached per sample by
the inference stage and verdicts per sample in `sample_results`, so an interrupted run resumes where
it stopped.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import Field, field_validator, model_validator

from codedistill.config import StageConfig
from codedistill.errors import ConfigError, DataError
from codedistill.evaluate.agreement import Agreement, official_agreement
from codedistill.evaluate.benchmarks import BenchmarkSpec
from codedistill.evaluate.generations import align_problem_ids, has_official_verdicts, read_generations
from codedistill.evaluate.metrics import RunMetrics, SampleResult, compute_metrics, sample_result
from codedistill.evaluate.prompts import STYLES, PromptTemplate, build_prompts, resolve_style
from codedistill.hashing import stable_hash
from codedistill.infer.config import InferConfig
from codedistill.judge import JudgeConfig
from codedistill.recordio import Journal
from codedistill.records import Generation, Problem, Sample, Verdict

if TYPE_CHECKING:
    from codedistill.store import Store

log = logging.getLogger(__name__)
RUN_KIND = "eval"
SUMMARY_METRIC = "run_metrics"  # the metrics row whose `extra` holds the whole RunMetrics
Progress = Callable[[str, int], None]  # (phase: "generate" | "judge", samples just finished)


DEFAULT_PRESET = "study"  # evaluation samples as the reference study does unless the config says otherwise


class EvalConfig(StageConfig):
    """How to evaluate: prompt style, inference backend and sampling, judge, pass@k values.

    ```yaml
    benchmark: {name: "lcb:release_v5", path: data/lcb, start_date: 2024-08-01, end_date: 2025-01-31}
    style: deepseek-r1        # generic | llama | qwen | deepseek-r1 | a template .yaml
    infer:
      backend: vllm
      sampling: {preset: study, n: 16}   # the preset (default `study`) fills the fields not given here
    judge: {workers: 8}
    ks: [1, 5]
    ```
    """

    benchmark: BenchmarkSpec | None = Field(default=None, description="Problems to run on (the CLI builds it from --benchmark).")
    style: str = Field(default="generic", description="Prompt style (generic, llama, qwen, deepseek-r1) or a template .yaml path.")
    template: PromptTemplate | None = Field(default=None, description="Inline custom prompt template; overrides `style`.")
    infer: InferConfig = Field(
        default_factory=lambda: InferConfig(sampling={"preset": DEFAULT_PRESET}),
        description=f"Inference backend and sampling; `model` is set per run. `infer.sampling.preset` defaults to "
        f"`{DEFAULT_PRESET}`; set it to another preset, or to null for the plain sampling defaults.",
    )
    judge: JudgeConfig = Field(default_factory=JudgeConfig, description="Sandboxed judge settings.")
    ks: list[int] = Field(default_factory=lambda: [1], description="pass@k values to report (k <= n samples).")

    @model_validator(mode="before")
    @classmethod
    def _default_preset(cls, data: Any) -> Any:
        if not isinstance(data, Mapping) or not isinstance(data.get("infer", {}), Mapping):
            return data
        infer = data.get("infer", {})
        sampling = infer.get("sampling", {})
        if isinstance(sampling, Mapping) and "preset" not in sampling:
            return {**data, "infer": {**infer, "sampling": {**sampling, "preset": DEFAULT_PRESET}}}
        return data

    @model_validator(mode="after")
    def _one_prompt(self) -> EvalConfig:
        if self.template is not None and "style" in self.model_fields_set:
            raise ValueError(f"`style` ({self.style}) and `template` both choose the prompt; set one of them")
        return self

    @field_validator("style")
    @classmethod
    def _check_style(cls, style: str) -> str:
        if style not in STYLES and Path(style).suffix not in (".yaml", ".yml"):
            try:
                resolve_style(style)  # raises with "did you mean" and the available styles
            except ConfigError as exc:
                raise ValueError(str(exc)) from None
        return style

    @field_validator("ks")
    @classmethod
    def _check_ks(cls, ks: list[int]) -> list[int]:
        if not ks or any(k < 1 for k in ks):
            raise ValueError(f"ks must be positive integers, got {ks}")
        return sorted(set(ks))

    def prompt_style(self) -> str | PromptTemplate:
        return self.template if self.template is not None else resolve_style(self.style)


def run_id_for(model: str, problems: Sequence[Problem], cfg: EvalConfig) -> str:
    """The run's name: a hash of the model, the problem ids and everything that changes a sample."""
    settings = cfg.model_dump(mode="json", exclude={"benchmark": True, "ks": True, "judge": {"workers"}})
    return "eval-" + stable_hash(model, sorted(p.id for p in problems), settings)[:16]


def evaluate_model(
    model: str,
    problems: Sequence[Problem],
    cfg: EvalConfig,
    store: Store,
    *,
    cache_dir: Path | None = None,
    run_id: str | None = None,
    on_progress: Progress | None = None,
) -> RunMetrics:
    """Generate, judge and score `model` on `problems`; per-sample results and metrics go to `store`.

    `model` is a named model, a checkpoint directory or a server's model name; `cache_dir` is where
    named models are resolved. Re-running the same call resumes: cached samples are not regenerated and
    samples already judged are not judged again.
    """
    from codedistill.infer import generate
    from codedistill.infer.cache import model_identity

    problems = _unique(problems)
    infer_cfg = cfg.infer.model_copy(update={"model": model})
    check_model(model, infer_cfg.backend)
    if max(cfg.ks) > infer_cfg.sampling.n:
        raise ConfigError(f"`ks` asks for pass@{max(cfg.ks)} but `infer.sampling.n` is {infer_cfg.sampling.n}; "
                          "raise n (e.g. infer.sampling.n=16) or drop that k")
    requests = build_prompts(problems, cfg.prompt_style())  # a bad style fails here, before the model loads
    # A checkpoint directory is named by a fingerprint of its files, so a retrained checkpoint at the
    # same path gets a new run instead of the old run's stored verdicts.
    run_id = run_id or run_id_for(model_identity(model, Path(model) if Path(model).is_dir() else None), problems, cfg)
    store.upsert_run(run_id, RUN_KIND, name=model, config=_run_config(cfg, model, problems), status="running")
    tick = on_progress or (lambda phase, advance: None)
    generations = list(generate(requests, infer_cfg, store=store, cache_dir=cache_dir,
                                on_progress=lambda advance: tick("generate", advance)))
    return score_generations(problems, generations, cfg, store, run_id=run_id, on_progress=on_progress)


def check_model(model: str, backend: str) -> None:
    """Fail before any work when a local backend is given a model that is neither a directory nor a named model."""
    from codedistill.models import MODELS

    if backend not in ("transformers", "vllm") or model in MODELS or Path(model).is_dir():
        return
    looks_like_path = model.startswith((".", "/", "~")) or Path(model).suffix or backend == "transformers"
    if looks_like_path:
        raise ConfigError(
            f"model `{model}` cannot be loaded: no such checkpoint directory and not a named model "
            f"({', '.join(MODELS)}); give a directory with config.json, or a named model"
        )


def score_file(
    generations_path: Path,
    problems: Sequence[Problem],
    cfg: EvalConfig,
    store: Store | None = None,
    *,
    all_problems: Sequence[Problem] | None = None,
    on_progress: Progress | None = None,
) -> tuple[RunMetrics, Agreement | None]:
    """Score a generations file (our JSONL or an LCB `*_eval_all.json`) against `problems`.

    Generations of problems in `all_problems` (the unfiltered benchmark) but not in `problems` are
    dropped, so a platform or date filter selects a subset; ids in neither are an error. When the file
    carries official verdicts, the agreement with them is returned too.
    """
    universe = list(all_problems or problems)
    generations = align_problem_ids(read_generations(generations_path), universe)
    check_generations({p.id: p for p in universe}, generations)
    kept = {p.id for p in problems}
    generations = [g for g in generations if g.problem_id in kept]
    if not generations:
        raise DataError(f"{generations_path}: no generation belongs to the {len(kept)} selected problems")
    metrics, results = _score(problems, generations, cfg, store, score_run_id(problems, generations, cfg), on_progress)
    agreement = None
    if has_official_verdicts(generations):
        tick = on_progress or (lambda phase, advance: None)
        agreement = official_agreement({p.id: p for p in problems}, generations, results, cfg.judge,
                                        on_progress=lambda n: tick("official", n))
        if store is not None:
            store.log_metrics(metrics.run_id, {"official_agreement": agreement.rate}, extra=agreement.model_dump(mode="json"))
    return metrics, agreement


def score_generations(
    problems: Sequence[Problem],
    generations: Sequence[Generation],
    cfg: EvalConfig,
    store: Store | None = None,
    *,
    run_id: str | None = None,
    on_progress: Progress | None = None,
) -> RunMetrics:
    """Judge generations made elsewhere, store per-sample results and metrics, and return the metrics
    (`metrics.run_id` names the run in the store).

    Every problem id in `generations` must be among `problems` (checked before judging starts).
    """
    return _score(problems, generations, cfg, store, run_id or score_run_id(problems, generations, cfg), on_progress)[0]


def _score(
    problems: Sequence[Problem], generations: Sequence[Generation], cfg: EvalConfig, store: Store | None,
    run_id: str, on_progress: Progress | None,
) -> tuple[RunMetrics, dict[tuple[str, int], SampleResult]]:
    results = judge_generations(problems, generations, cfg, store, run_id=run_id, on_progress=on_progress)
    metrics = compute_metrics(results.values(), cfg.ks).model_copy(update={"run_id": run_id})
    if store is not None:
        save_metrics(store, run_id, metrics)
        store.set_run_status(run_id, "done")
    return metrics, results


def score_run_id(problems: Sequence[Problem], generations: Sequence[Generation], cfg: EvalConfig) -> str:
    return "score-" + stable_hash(sorted(p.id for p in problems),
                                  [(g.problem_id, g.sample_index, g.text) for g in generations],
                                  cfg.judge.model_dump(mode="json", exclude={"workers"}))[:16]


def judge_generations(
    problems: Sequence[Problem],
    generations: Sequence[Generation],
    cfg: EvalConfig,
    store: Store | None = None,
    *,
    run_id: str,
    on_progress: Progress | None = None,
) -> dict[tuple[str, int], SampleResult]:
    """Per-sample results of `generations`, judging only those the store does not already hold for `run_id`.

    With a store, each judged sample is appended to the run's journal (`Store.journal_path`) the moment
    its verdict arrives, so a kill loses only the samples being judged; when every sample is judged,
    the new results go to the store's `sample_results` in one transaction and the journal becomes the
    run's `<run_id>.results.jsonl`.
    """
    by_id = {p.id: p for p in _unique(problems)}
    check_generations(by_id, generations)
    tick = on_progress or (lambda phase, advance: None)
    stored: dict[tuple[str, int], SampleResult] = {}
    journal = None
    if store is not None:
        if store.get_run(run_id) is None:
            store.upsert_run(run_id, RUN_KIND, name="scored generations", config=_run_config(cfg, "", problems),
                             status="running")
        stored = {(r.problem_id, r.sample_index): r for r in load_sample_results(store, run_id)}
        journal = Journal(store.journal_path(RUN_KIND, run_id), key=lambda r: (r["problem_id"], r["sample_index"]))
    journaled = {key: _result(record) for key, record in (journal.done if journal else {}).items()}
    wanted = {(g.problem_id, g.sample_index) for g in generations}
    done = {key: r for key, r in {**journaled, **stored}.items() if key in wanted}
    todo = [g for g in generations if (g.problem_id, g.sample_index) not in done]
    if done:
        log.info("run %s: %d of %d samples already judged; judging the rest", run_id, len(done), len(generations))
        tick("judge", len(done))
    with journal or contextlib.nullcontext():
        for result in _judge(by_id, todo, cfg, tick):
            done[(result.problem_id, result.sample_index)] = result
            if journal is not None:
                journal.append(result.to_record())
    if journal is not None:
        new = [r for key, r in done.items() if key not in stored]
        store.put_sample_results(run_id, [(r.problem_id, r.sample_index, r.status, r.to_record()) for r in new])
        journal.commit(store.artifact_path(RUN_KIND, run_id, ".results.jsonl"))
    return done


def _judge(
    problems: Mapping[str, Problem], generations: Sequence[Generation], cfg: EvalConfig, tick: Progress,
) -> Iterable[SampleResult]:
    """Judge generations (the judge extracts the program from `text`), yielding each result as it arrives."""
    from codedistill.judge import judge_samples

    by_key = {(g.problem_id, g.sample_index): g for g in generations}
    samples = [Sample(problem_id=g.problem_id, sample_id=g.sample_index, text=g.text) for g in generations]
    for verdict in judge_samples(problems, samples, cfg.judge, on_progress=lambda n: tick("judge", n)):
        generation = by_key[(verdict.problem_id, int(verdict.sample_id))]
        yield sample_result(problems[generation.problem_id], generation, verdict)


def score_run(
    problems: Mapping[str, Problem] | Iterable[Problem],
    generations: Iterable[Generation],
    verdicts: Iterable[Verdict],
    cfg: EvalConfig | None = None,
) -> RunMetrics:
    """Metrics from generations and their verdicts (matched by problem id and sample index); pure.

    A generation without a verdict counts as `no_code` when no program can be extracted from it, else
    as `sandbox_error` (it was never judged).
    """
    by_id = dict(problems) if isinstance(problems, Mapping) else {p.id: p for p in problems}
    generations = list(generations)
    check_generations(by_id, generations)
    by_key = {(v.problem_id, int(v.sample_id)): v for v in verdicts}
    results = [sample_result(by_id[g.problem_id], g, by_key.get((g.problem_id, g.sample_index))) for g in generations]
    return compute_metrics(results, (cfg or EvalConfig()).ks)


def check_generations(problems: Mapping[str, Problem], generations: Sequence[Generation]) -> None:
    """Raise `DataError` naming unknown problem ids or duplicate samples, before anything is judged."""
    if not generations:
        raise DataError("no generations to score")
    unknown = sorted({g.problem_id for g in generations} - set(problems))
    if unknown:
        shown = ", ".join(unknown[:5]) + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
        raise DataError(
            f"{len(unknown)} problem id(s) in the generations are not in the benchmark: {shown}; "
            f"score them against the problems they were generated for (benchmark ids look like {next(iter(problems))!r})"
        )
    seen: set[tuple[str, int]] = set()
    for g in generations:
        if (g.problem_id, g.sample_index) in seen:
            raise DataError(f"sample {g.sample_index} of problem {g.problem_id!r} appears twice in the generations")
        seen.add((g.problem_id, g.sample_index))


def _unique(problems: Iterable[Problem]) -> list[Problem]:
    problems = list(problems)
    if not problems:
        raise DataError("no problems to evaluate on")
    ids = [p.id for p in problems]
    if len(set(ids)) != len(ids):
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        raise DataError(f"problem ids appear more than once: {', '.join(dupes[:5])}")
    return problems


def _run_config(cfg: EvalConfig, model: str, problems: Sequence[Problem]) -> dict[str, Any]:
    return {"model": model, "problems": len(problems), **cfg.model_dump(mode="json")}


def load_sample_results(store: Store, run_id: str) -> list[SampleResult]:
    """The per-sample results a run has stored."""
    return [_result(row["record"]) for row in store.sample_results(run_id)]


def _result(record: Mapping[str, Any]) -> SampleResult:
    return SampleResult(**{**record, "flags": tuple(record.get("flags", ()))})


def save_metrics(store: Store, run_id: str, metrics: RunMetrics) -> None:
    """Flat metrics rows (`pass@1`, `difficulty/hard/completion_rate`, ...) plus the whole RunMetrics."""
    store.log_metrics(run_id, metrics.flat())
    store.log_metrics(run_id, {SUMMARY_METRIC: metrics.overall.pass_at.get(1)}, extra=metrics.model_dump(mode="json"))


def load_run_metrics(store: Store, run_id: str) -> RunMetrics:
    """The metrics of a finished run; `DataError` if the run is unknown or unfinished."""
    if store.get_run(run_id) is None:
        known = [r["id"] for r in store.list_runs(RUN_KIND)]
        raise DataError(f"no evaluation run `{run_id}` in {store.path}; known runs: {', '.join(known[-10:]) or 'none'}")
    rows = store.metrics(run_id, SUMMARY_METRIC)
    if not rows:
        raise DataError(f"run `{run_id}` has no metrics yet (interrupted?); re-run it to finish")
    return RunMetrics.model_validate(rows[-1]["extra"])
