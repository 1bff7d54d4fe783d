"""Verdicts under the defaults and under LiveCodeBench's own rules, side by side (`codedistill judge check`).

The defaults deviate from LCB on purpose (each source's comparison, final-answer extraction, fixed LCB
defects: see the README's judge section); `configs/judge/lcb_compat.yaml` sets every deviation back.
Judging the same samples under both shows which verdicts, and so which pass@1, a deviation moves.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from codedistill.config import load_config
from codedistill.judge.config import JudgeConfig
from codedistill.judge.judging import judge_samples
from codedistill.records import Problem, Sample, Verdict

LCB_COMPAT = Path(str(files("codedistill") / "configs" / "judge" / "lcb_compat.yaml"))
MACHINE_FIELDS = {"workers", "backend", "python", "scratch_mb"}  # how to run, not how to grade


def lcb_compat(cfg: JudgeConfig) -> JudgeConfig:
    """LiveCodeBench's rules (`lcb_compat.yaml`) on the machine settings of `cfg`."""
    return load_config(JudgeConfig, LCB_COMPAT, cfg.model_dump(include=MACHINE_FIELDS))


@dataclass(frozen=True)
class BothRuleSets:
    """Each sample's verdict under the defaults (`cfg`) and under `lcb_compat`, in sample order."""

    pairs: list[tuple[Verdict, Verdict]]

    def counts(self) -> dict[str, tuple[int, int]]:
        """Status → (samples under the defaults, samples under lcb_compat)."""
        ours, theirs = Counter(a.status.value for a, _ in self.pairs), Counter(b.status.value for _, b in self.pairs)
        return {status: (ours[status], theirs[status]) for status in sorted(ours | theirs)}

    def differ(self) -> list[tuple[Verdict, Verdict]]:
        """The samples whose status differs between the two rule sets."""
        return [(a, b) for a, b in self.pairs if a.status != b.status]


def judge_under_both(problems: Mapping[str, Problem] | Iterable[Problem], samples: Iterable[Sample], cfg: JudgeConfig) -> BothRuleSets:
    """Judge `samples` under `cfg` and under LiveCodeBench's rules."""
    samples = list(samples)
    by_id = dict(problems) if isinstance(problems, Mapping) else {p.id: p for p in problems}
    ours = {_key(v): v for v in judge_samples(by_id, samples, cfg)}
    theirs = {_key(v): v for v in judge_samples(by_id, samples, lcb_compat(cfg))}
    return BothRuleSets([(ours[_key(s)], theirs[_key(s)]) for s in samples])


def _key(record: Sample | Verdict) -> tuple[str, str]:
    return record.problem_id, json.dumps(record.sample_id)


__all__ = ["LCB_COMPAT", "BothRuleSets", "judge_under_both", "lcb_compat"]
