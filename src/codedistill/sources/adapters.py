"""Registry adapters for the readers the judge owns (`leetcodedataset`, `lcb_graded`), giving them the
`(path, cfg, *, rejects)` shape of every other reader."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from codedistill.records import Problem, Trace
from codedistill.sources.config import SourceConfig
from codedistill.sources.rows import Rejects


def read_leetcodedataset_source(
    path: str | Path, cfg: SourceConfig | None = None, *, rejects: Rejects | None = None
) -> Iterator[Problem | Trace]:
    """LeetCodeDataset problems, then the traces of its `response` field in canonical think form.

    Rows the reader cannot turn into functional problems are skipped only with `skip_bad`, and each one
    is then recorded in `rejects` with the reason; their traces are still yielded (they stay unlabelled,
    having no tests).
    """
    from codedistill.curate.think_tags import build_trace
    from codedistill.sources.leetcodedataset import read_leetcodedataset, read_leetcodedataset_traces

    cfg = cfg or SourceConfig()
    yield from read_leetcodedataset(path, skip_bad=cfg.skip_bad, rejects=rejects)
    for trace in read_leetcodedataset_traces(path):
        fields = trace.model_dump(exclude={"id", "problem_id", "raw", "text", "reasoning", "answer", "code", "flags"})
        yield build_trace(trace.id, trace.problem_id, trace.raw, **fields)


def read_lcb_graded_source(path: str | Path, cfg: SourceConfig | None = None, *, rejects: Rejects | None = None) -> Iterator[Problem]:
    """Statements (with AtCoder sample tests) of LiveCodeBench's official grader output files."""
    from codedistill.sources.lcb import ERRATA, in_window
    from codedistill.sources.lcb_graded import read_lcb_graded

    cfg = cfg or SourceConfig()
    for problem in read_lcb_graded(path, skip_bad=cfg.skip_bad):
        if (cfg.keep_errata or problem.id not in ERRATA) and in_window(problem.contest_date, cfg.start_date, cfg.end_date):
            yield problem
