"""Named sampling presets: the one registry of how a model is sampled, for generation and evaluation.

A preset fills the `SamplingParams` fields a config leaves unset (`sampling: {preset: study, n: 16}`
samples 16 times with the study's other settings). `study` is the reference study's evaluation
setting (arXiv 2510.06101, section 4): temperature 0.6, top_p 0.95, several samples per problem for
pass@1, and 32,768 new tokens so that completion rate measures whether a student finishes its
reasoning; no stop strings, since LCB's default `###` stop cuts a reasoning student mid-thought.
`preset("deepseek-r1")` follows DeepSeek-R1's usage recommendations: no system prompt (fold it into
the user turn), temperature 0.6, top_p 0.95, and optionally a forced `<think>\\n` at the start of the
reply (`preset("deepseek-r1", assistant_prefix=THINK_PREFIX)`), because R1 sometimes skips its reasoning.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

from codedistill.errors import ConfigError

if TYPE_CHECKING:
    from codedistill.infer.config import SamplingParams

THINK_PREFIX = "<think>\n"

PRESETS: dict[str, dict[str, Any]] = {
    # The study: pass@1 averaged over n samples at T=0.6, top_p=0.95, 32K new tokens (arXiv 2510.06101).
    "study": {"n": 4, "temperature": 0.6, "top_p": 0.95, "max_new_tokens": 32768},
    # Greedy single sample (LCB's deterministic setting): cheap, but pass@1 from one sample is noisy.
    "greedy": {"n": 1, "temperature": 0.0, "top_p": 1.0, "max_new_tokens": 32768},
    # DeepSeek-R1 model card, "Usage Recommendations"; 32K tokens is the study's budget.
    "deepseek-r1": {"temperature": 0.6, "top_p": 0.95, "max_new_tokens": 32768, "merge_system_prompt": True},
    # Instruct students on LiveCodeBench: LCB samples with temperature 0.2, top_p 0.95.
    "instruct": {"temperature": 0.2, "top_p": 0.95, "max_new_tokens": 32768},
    # One greedy sample with a small budget on a laptop CPU: checks plumbing, not quality.
    "cpu-smoke": {"n": 1, "temperature": 0.0, "top_p": 1.0, "max_new_tokens": 128},
}


def preset_fields(name: str) -> dict[str, Any]:
    """The field values of preset `name` (used by `SamplingParams(preset=...)`)."""
    if name not in PRESETS:
        close = difflib.get_close_matches(name, PRESETS, n=1)
        hint = f" Did you mean `{close[0]}`?" if close else ""
        raise ConfigError(f"unknown sampling preset `{name}`.{hint} Available: {', '.join(PRESETS)}")
    return dict(PRESETS[name])


def preset(name: str, **overrides: Any) -> SamplingParams:
    """`SamplingParams` of preset `name`, with `overrides` on top."""
    from codedistill.infer.config import SamplingParams

    return SamplingParams(preset=name, **overrides)
