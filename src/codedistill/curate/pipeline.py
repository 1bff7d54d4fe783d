"""`curate_traces`: the curation chain as a list of small steps over a stream of traces.

    flags → difficulty → dedup (exact, near; token counts with a tokenizer) → decontaminate

With a (fast) tokenizer, dedup shingles each trace's token ids and sets its `num_tokens` from the same
pass, so a trace is tokenised once; with dedup off (or a slow tokenizer) tokens are counted last. Each step is a `Callable[[Iterable[Trace]], Iterator[Trace]]`; every drop carries a reason, is counted,
and is written to `<out>.dropped.jsonl` beside the output.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import Field

from codedistill.config import StageConfig
from codedistill.curate.decontam import BenchmarkIndex, DecontamConfig, decontam_step
from codedistill.curate.dedup import DedupConfig, dedup_step
from codedistill.curate.difficulty import DifficultyConfig
from codedistill.curate.drops import DropLog, Step, dropped_path, run_steps
from codedistill.curate.stats import load_tokenizer, rust_tokenizer, token_step
from codedistill.curate.think_tags import MALFORMED
from codedistill.recordio import write_jsonl
from codedistill.records import Problem, Trace


class CurateConfig(StageConfig):
    drop_flags: list[str] = Field(
        default_factory=lambda: list(MALFORMED),
        description="Trace flags that drop a trace (unclosed_think, code_only_in_reasoning, empty_answer, no_code, no_reasoning); [] keeps all.",
    )
    dedup: DedupConfig = Field(default_factory=DedupConfig)
    decontam: DecontamConfig = Field(default_factory=DecontamConfig)
    difficulty: DifficultyConfig = Field(default_factory=DifficultyConfig)


@dataclass
class CurateResult:
    kept: int = 0
    seen: int = 0
    dropped: dict[str, int] = field(default_factory=dict)  # "step:reason" → count
    out: Path | None = None
    dropped_path: Path | None = None
    traces: list[Trace] = field(default_factory=list)  # filled only when no `out` is given


def flag_step(drop_flags: Iterable[str], drops: DropLog) -> Step:
    """Drop traces carrying any flag of `drop_flags` (the first such flag is the reason)."""
    banned = set(drop_flags)

    def step(traces: Iterable[Trace]) -> Iterator[Trace]:
        for trace in traces:
            hit = next((f for f in trace.flags if f in banned), None)
            if hit is None:
                yield trace
            else:
                drops.drop(trace, "flags", hit)

    return step


def difficulty_step(problems: Mapping[str, Problem]) -> Step:
    """Fill a trace's missing difficulty from its problem (the raw label comes along)."""

    def step(traces: Iterable[Trace]) -> Iterator[Trace]:
        for trace in traces:
            problem = problems.get(trace.problem_id)
            if trace.difficulty is None and problem is not None and problem.difficulty is not None:
                trace = trace.model_copy(update={"difficulty": problem.difficulty, "difficulty_raw": problem.difficulty_raw})
            yield trace

    return step


def curate_steps(
    cfg: CurateConfig, drops: DropLog, *, problems: Mapping[str, Problem] | None = None,
    benchmark: Iterable[Problem] | None = None, tokenizer: Any = None,
) -> list[Step]:
    if isinstance(tokenizer, str | Path):
        tokenizer = load_tokenizer(tokenizer)
    dedups = cfg.dedup.exact or cfg.dedup.near
    counts_in_dedup = dedups and tokenizer is not None and rust_tokenizer(tokenizer) is not None
    steps = [flag_step(cfg.drop_flags, drops)]
    if problems:
        steps.append(difficulty_step(problems))
    if dedups:
        steps.append(dedup_step(cfg.dedup, drops, tokenizer=tokenizer if counts_in_dedup else None))
    if benchmark is not None:
        steps.append(decontam_step(BenchmarkIndex(benchmark, cfg.decontam), drops, problems))
    if tokenizer is not None and not counts_in_dedup:  # last, so dropped traces are never tokenised
        steps.append(token_step(tokenizer))
    return steps


def curate_traces(
    traces: Iterable[Trace],
    cfg: CurateConfig,
    *,
    out: str | Path | None = None,
    problems: Mapping[str, Problem] | None = None,
    benchmark: Iterable[Problem] | None = None,
    tokenizer: str | Path | Any = None,
    on_progress: Callable[[int], None] | None = None,
) -> CurateResult:
    """Run the chain; write kept traces to `out` (and drops beside it) or return them in the result.

    `benchmark` turns on decontamination; `tokenizer` (a checkpoint folder or a loaded tokenizer) sets
    each kept trace's `num_tokens`.
    """
    result = CurateResult(out=Path(out) if out is not None else None)
    result.dropped_path = dropped_path(out) if out is not None else None

    def counted(stream: Iterable[Trace]) -> Iterator[Trace]:
        for trace in stream:
            result.seen += 1
            if on_progress is not None:
                on_progress(1)
            yield trace

    with DropLog(result.dropped_path) as drops:
        kept = run_steps(counted(traces), curate_steps(cfg, drops, problems=problems, benchmark=benchmark, tokenizer=tokenizer))
        if out is not None:
            result.kept = write_jsonl(out, kept)
        else:
            result.traces = list(kept)
            result.kept = len(result.traces)
        result.dropped = drops.by_reason()
    return result
