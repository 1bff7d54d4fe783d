"""LiveCodeBench-style evaluation: benchmarks, prompt styles, judged runs and metrics.

    problems = load_benchmark(BenchmarkSpec(name="lcb:release_v5", path=lcb_dir, start_date="2024-08-01"))
    metrics = evaluate_model("path/to/checkpoint", problems, EvalConfig(style="deepseek-r1"), store)
    metrics.overall.pass_at[1], metrics.overall.completion_rate, metrics.overall.think_tag_rate

The run entry points (`evaluate_model`, `score_run`, ...) load on first use, so importing this
package does not import the inference stage.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from codedistill.evaluate.benchmarks import (
    BENCHMARKS,
    BenchmarkSpec,
    load_benchmark,
    read_benchmark,
    select_problems,
)
from codedistill.evaluate.metrics import (
    GroupMetrics,
    RunMetrics,
    SampleResult,
    compute_metrics,
    pass_at_k,
    sample_result,
)
from codedistill.evaluate.prompts import STYLES, PromptTemplate, build_messages, build_prompts

if TYPE_CHECKING:
    from codedistill.evaluate.run import (
        EvalConfig,
        evaluate_model,
        load_run_metrics,
        load_sample_results,
        score_file,
        score_generations,
        score_run,
    )

_RUN_NAMES = {"EvalConfig", "evaluate_model", "load_run_metrics", "load_sample_results", "score_file",
              "score_generations", "score_run"}


def __getattr__(name: str) -> Any:
    if name in _RUN_NAMES:
        from codedistill.evaluate import run

        return getattr(run, name)
    raise AttributeError(f"module 'codedistill.evaluate' has no attribute {name!r}")


__all__ = [
    "BENCHMARKS",
    "STYLES",
    "BenchmarkSpec",
    "EvalConfig",
    "GroupMetrics",
    "PromptTemplate",
    "RunMetrics",
    "SampleResult",
    "build_messages",
    "build_prompts",
    "compute_metrics",
    "evaluate_model",
    "load_benchmark",
    "load_run_metrics",
    "load_sample_results",
    "pass_at_k",
    "read_benchmark",
    "sample_result",
    "score_file",
    "score_generations",
    "score_run",
    "select_problems",
]
