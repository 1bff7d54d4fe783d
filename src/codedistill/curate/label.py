"""Correctness labels by execution: each trace's final code runs through the judge against its problem's
tests; the trace gets the verdict status and the pass fraction.

Resumable: every finished label is appended to `partial_path` (one JSON line keyed by trace id) as
it arrives, and a re-run reuses those lines instead of judging again. Parallelism is the judge's
(`JudgeConfig.workers`).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from codedistill.recordio import Journal
from codedistill.records import Problem, Sample, Trace, Verdict, VerdictStatus

if TYPE_CHECKING:
    from codedistill.judge import JudgeConfig

log = logging.getLogger(__name__)


def _journal(path: Path) -> Journal:
    return Journal(path, key=lambda entry: entry["id"])


def load_partial(path: Path) -> dict[str, dict[str, Any]]:
    """Labels already finished by an interrupted run, by trace id (a torn last line is ignored)."""
    return _journal(path).done


def _label(trace: Trace, entry: Mapping[str, Any]) -> Trace:
    return trace.model_copy(update={"verdict": VerdictStatus(entry["verdict"]), "pass_fraction": entry["pass_fraction"]})


def label_traces(
    traces: Iterable[Trace],
    problems: Mapping[str, Problem] | Iterable[Problem],
    judge_cfg: JudgeConfig,
    *,
    partial_path: str | Path | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> Iterator[Trace]:
    """Traces with `verdict` and `pass_fraction` set, resumed ones first, then in the judge's order.

    A trace whose problem is unknown or has no tests is yielded unlabelled (and logged), never guessed.
    """
    from codedistill.judge import judge_samples

    by_id = problems if isinstance(problems, Mapping) else {p.id: p for p in problems}
    journal = _journal(Path(partial_path)) if partial_path is not None else None
    done = journal.done if journal is not None else {}
    pending: dict[str, Trace] = {}
    unlabelled = 0
    for trace in traces:
        if trace.id in done:
            yield _label(trace, done[trace.id])
            _tick(on_progress)
        elif trace.problem_id in by_id and by_id[trace.problem_id].tests:
            pending[trace.id] = trace
        else:
            unlabelled += 1
            yield trace
            _tick(on_progress)
    if unlabelled:
        log.warning("%d traces have no problem with tests among the %d problems given; left unlabelled", unlabelled, len(by_id))
    samples = [_sample(t) for t in pending.values()]
    if not samples:
        return
    with journal if journal is not None else contextlib.nullcontext():
        for verdict in judge_samples(by_id, samples, judge_cfg):
            trace = pending.pop(str(verdict.sample_id))
            entry = _entry(trace.id, verdict)
            if journal is not None:
                journal.append(entry)
            yield _label(trace, entry)
            _tick(on_progress)


def _sample(trace: Trace) -> Sample:
    # The trace's own final code when normalisation found it; else let the judge extract from the text.
    if trace.code:
        return Sample(problem_id=trace.problem_id, sample_id=trace.id, code=trace.code)
    return Sample(problem_id=trace.problem_id, sample_id=trace.id, text=trace.text or trace.raw)


def _entry(trace_id: str, verdict: Verdict) -> dict[str, Any]:
    return {"id": trace_id, "verdict": verdict.status.value, "pass_fraction": verdict.pass_fraction,
            "passed": verdict.passed, "total": verdict.total}


def _tick(on_progress: Callable[[int], None] | None) -> None:
    if on_progress is not None:
        on_progress(1)
