"""Per-run evaluation metrics, as pure functions of per-sample results.

The reference study (arXiv 2510.06101) reports LiveCodeBench pass@1 with two signals that a student
has picked up the teacher's reasoning format: completion rate (the share of generations that end with
a stop token inside the token budget) and think-tag rate (the share that begin with `<think>`).
Everything here is computed from `SampleResult`s, so generations scored elsewhere and generations made
by `evaluate_model` go through the same code.

    >>> rows = [SampleResult("p1", 0, "accepted", "stop", 10, True, True, True, True),
    ...         SampleResult("p1", 1, "wrong_answer", "length", 30, True, False, False, False)]
    >>> m = compute_metrics(rows, ks=(1, 2))
    >>> m.overall.pass_at[1], m.overall.pass_at[2], m.overall.completion_rate
    (0.5, 1.0, 0.5)
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from pydantic import BaseModel, Field

from codedistill.extract import ExtractionRule, extract_program, last_program, split_think
from codedistill.judge.passk import pass_at_k  # one unbiased estimator, shared with the judge
from codedistill.records import FinishReason, Generation, Problem, Verdict, VerdictStatus

TOKEN_PERCENTILES = (50, 90, 99)

# Flags a generation can carry; they explain a `no_code` verdict without rereading the text.
FLAG_EMPTY = "empty"
FLAG_NO_CODE = "no_code"
FLAG_UNCLOSED_THINK = "unclosed_think"
FLAG_CODE_ONLY_IN_THINK = "code_only_in_think"
FLAG_TRUNCATED = "truncated"


@dataclass(frozen=True, slots=True)
class SampleResult:
    """One judged generation, reduced to what the metrics need; stored per sample in the store."""

    problem_id: str
    sample_index: int
    status: str  # a VerdictStatus value
    finish_reason: str  # a FinishReason value
    completion_tokens: int
    think_open: bool  # the text begins with <think>
    think_closed: bool  # a </think> ends the reasoning
    answer_block: bool  # a non-empty answer follows the closed reasoning
    has_code: bool  # a program could be extracted
    passed: int = 0
    total: int = 0
    difficulty: str = ""
    platform: str = ""
    flags: tuple[str, ...] = ()
    code: str | None = None

    @property
    def accepted(self) -> bool:
        return self.status == VerdictStatus.ACCEPTED

    def to_record(self) -> dict:
        record = asdict(self)
        record["flags"] = list(self.flags)
        return record


def text_flags(text: str, finish_reason: str, extraction: ExtractionRule = "final_answer") -> tuple[str, ...]:
    """Why a generation may have no usable program: empty, no code, unclosed think, code only in think.

    >>> text_flags("<think>\\n```python\\nprint(1)\\n```", "length")  # cut off while reasoning: no answer
    ('no_code', 'code_only_in_think', 'unclosed_think', 'truncated')
    """
    parts = split_think(text)
    code = extract_program(text, extraction)
    flags: list[str] = []
    if not text.strip():
        flags.append(FLAG_EMPTY)
    if code is None:
        flags.append(FLAG_NO_CODE)
        if parts.reasoning and last_program(parts.reasoning) is not None:
            flags.append(FLAG_CODE_ONLY_IN_THINK)
    if parts.opened and not parts.closed:
        flags.append(FLAG_UNCLOSED_THINK)
    if finish_reason == FinishReason.LENGTH:
        flags.append(FLAG_TRUNCATED)
    return tuple(flags)


def sample_result(problem: Problem | None, generation: Generation, verdict: Verdict | None) -> SampleResult:
    """Combine a generation, its problem and its verdict (None when not judged: counted as no_code).

    The program is taken with the extraction rule the verdict records (the default when not judged).
    """
    parts = split_think(generation.text)
    extraction = verdict.extraction if verdict is not None and verdict.extraction else "final_answer"
    found = extract_program(generation.text, extraction)
    code = found.code if found else None
    if verdict is not None:
        status = verdict.status.value
    else:
        status = VerdictStatus.NO_CODE.value if code is None else VerdictStatus.SANDBOX_ERROR.value
    difficulty = problem.difficulty.value if problem is not None and problem.difficulty is not None else ""
    return SampleResult(
        problem_id=generation.problem_id,
        sample_index=generation.sample_index,
        status=status,
        finish_reason=generation.finish_reason.value,
        completion_tokens=generation.completion_tokens,
        think_open=parts.opened,
        think_closed=parts.closed,
        answer_block=parts.closed and bool(parts.answer),
        has_code=code is not None,
        passed=verdict.passed if verdict is not None else 0,
        total=verdict.total if verdict is not None else 0,
        difficulty=difficulty,
        platform=problem.platform if problem is not None else "",
        flags=text_flags(generation.text, generation.finish_reason, extraction),
        code=code,
    )


class GroupMetrics(BaseModel):
    """Metrics of one group of samples (the whole run, one difficulty, one platform)."""

    problems: int
    samples: int
    pass_at: dict[int, float] = Field(description="pass@k averaged over problems with at least k samples.")
    completion_rate: float = Field(description="Share of generations with finish_reason == stop.")
    think_tag_rate: float = Field(description="Share of generations that begin with <think>.")
    think_closed_rate: float = Field(description="Share of generations whose reasoning is closed by </think>.")
    answer_block_rate: float = Field(description="Share with a non-empty answer after a closed </think>.")
    code_rate: float = Field(description="Share from which a program could be extracted.")
    tokens_mean: float = Field(description="Mean generated tokens per sample.")
    tokens_percentiles: dict[int, float] = Field(description="Generated-token percentiles (nearest rank).")
    verdicts: dict[str, float] = Field(description="Share of samples per verdict status.")
    flags: dict[str, float] = Field(default_factory=dict, description="Share of samples per text flag.")


class RunMetrics(BaseModel):
    """Metrics of one evaluation run, overall and broken down by difficulty and platform."""

    run_id: str = Field(default="", description="The run in the store these metrics belong to.")
    overall: GroupMetrics
    by_difficulty: dict[str, GroupMetrics] = Field(default_factory=dict)
    by_platform: dict[str, GroupMetrics] = Field(default_factory=dict)
    per_problem: dict[str, float] = Field(default_factory=dict, description="pass@1 of each problem (for paired tests).")

    def flat(self) -> dict[str, float]:
        """`name -> value` rows for the store's metrics table (`pass@1`, `difficulty/easy/pass@1`, ...)."""
        rows = _flat_group("", self.overall)
        for prefix, groups in (("difficulty", self.by_difficulty), ("platform", self.by_platform)):
            for key, group in groups.items():
                rows.update(_flat_group(f"{prefix}/{key}/", group))
        return rows


def _flat_group(prefix: str, group: GroupMetrics) -> dict[str, float]:
    rows: dict[str, float] = {f"{prefix}problems": group.problems, f"{prefix}samples": group.samples}
    rows.update({f"{prefix}pass@{k}": v for k, v in group.pass_at.items()})
    for name in ("completion_rate", "think_tag_rate", "think_closed_rate", "answer_block_rate", "code_rate",
                 "tokens_mean"):
        rows[f"{prefix}{name}"] = getattr(group, name)
    rows.update({f"{prefix}tokens_p{p}": v for p, v in group.tokens_percentiles.items()})
    rows.update({f"{prefix}verdict/{s}": v for s, v in group.verdicts.items()})
    rows.update({f"{prefix}flag/{f}": v for f, v in group.flags.items()})
    return rows


def compute_metrics(results: Iterable[SampleResult], ks: Sequence[int] = (1,)) -> RunMetrics:
    """All run metrics from per-sample results; raises ValueError on an empty run or duplicate samples."""
    rows = list(results)
    if not rows:
        raise ValueError("no samples to score")
    seen: set[tuple[str, int]] = set()
    for row in rows:
        key = (row.problem_id, row.sample_index)
        if key in seen:
            raise ValueError(f"sample {row.sample_index} of problem {row.problem_id!r} appears twice")
        seen.add(key)
    by_difficulty: dict[str, list[SampleResult]] = defaultdict(list)
    by_platform: dict[str, list[SampleResult]] = defaultdict(list)
    for row in rows:
        by_difficulty[row.difficulty or "unknown"].append(row)
        by_platform[row.platform or "unknown"].append(row)
    return RunMetrics(
        overall=group_metrics(rows, ks),
        by_difficulty={key: group_metrics(group, ks) for key, group in sorted(by_difficulty.items())},
        by_platform={key: group_metrics(group, ks) for key, group in sorted(by_platform.items())},
        per_problem=per_problem_pass(rows),
    )


def per_problem_pass(rows: Sequence[SampleResult]) -> dict[str, float]:
    """Share of accepted samples per problem: the unit of paired comparisons between students."""
    counts = _problem_counts(rows)
    return {pid: c / n for pid, (n, c) in sorted(counts.items())}


def _problem_counts(rows: Sequence[SampleResult]) -> dict[str, tuple[int, int]]:
    totals: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    for row in rows:
        totals[row.problem_id] += 1
        correct[row.problem_id] += row.accepted
    return {pid: (totals[pid], correct[pid]) for pid in totals}


def group_metrics(rows: Sequence[SampleResult], ks: Sequence[int] = (1,)) -> GroupMetrics:
    """Metrics of one group; pass@k averages each problem's unbiased estimate over its own n samples."""
    counts = _problem_counts(rows)
    pass_at: dict[int, float] = {}
    for k in sorted(set(ks)):
        eligible = [(n, c) for n, c in counts.values() if n >= k]
        if eligible:
            pass_at[k] = sum(pass_at_k(n, c, k) for n, c in eligible) / len(eligible)
    total = len(rows)
    tokens = sorted(row.completion_tokens for row in rows)
    statuses = Counter(row.status for row in rows)
    flags = Counter(flag for row in rows for flag in row.flags)
    return GroupMetrics(
        problems=len(counts),
        samples=total,
        pass_at=pass_at,
        completion_rate=_share(rows, lambda r: r.finish_reason == FinishReason.STOP),
        think_tag_rate=_share(rows, lambda r: r.think_open),
        think_closed_rate=_share(rows, lambda r: r.think_closed),
        answer_block_rate=_share(rows, lambda r: r.answer_block),
        code_rate=_share(rows, lambda r: r.has_code),
        tokens_mean=sum(tokens) / total,
        tokens_percentiles={p: percentile(tokens, p) for p in TOKEN_PERCENTILES},
        verdicts={status: statuses[status] / total for status in sorted(statuses)},
        flags={flag: flags[flag] / total for flag in sorted(flags)},
    )


def _share(rows: Sequence[SampleResult], predicate) -> float:
    return sum(1 for row in rows if predicate(row)) / len(rows)


def percentile(sorted_values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile of already sorted values (p in 0..100): always an observed value."""
    if not sorted_values:
        raise ValueError("percentile of no values")
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return float(sorted_values[min(rank, len(sorted_values)) - 1])

