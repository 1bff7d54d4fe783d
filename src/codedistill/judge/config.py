"""`JudgeConfig`: limits, isolation and every deliberate deviation from LiveCodeBench, as named flags.

Defaults follow LCB's deliberate grading rules (all tests must pass; functional calls positional with
`==` after tuple→list), judge each problem's output with its source's own rule (`Problem.checker`:
LCB's line rule for LiveCodeBench, whitespace tokens for TACO/APPS/CodeContests/Codeforces) and fix
LCB's known defects. Each deviation is a flag whose description names the LCB behaviour it changes;
`configs/judge/lcb_compat.yaml` sets them all back, and `codedistill judge check` shows both verdicts:

    codedistill judge run ... checker=lcb extraction=lcb fresh_solution_per_test=false recursion_limit=50000

Stdin defects fixed without a flag (no program that LCB accepts can tell): iterating `sys.stdin`,
`sys.stdin.buffer`, `open(0)`, and reads that continue where the previous read stopped.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from codedistill.config import StageConfig
from codedistill.extract import ExtractionRule
from codedistill.records import BuiltinChecker

Backend = Literal["auto", "bwrap", "userns", "rlimits"]


class JudgeConfig(StageConfig):
    # ---- parallelism and isolation ----------------------------------------------------------------
    workers: int = Field(default=2, ge=1, description="Warm sandboxed worker processes, one submission each at a time (~ one per core).")
    backend: Backend = Field(
        default="auto",
        description="Isolation: bwrap (bubblewrap), userns (unshare), rlimits (no isolation, loud warning); auto picks the first that works.",
    )
    python: str | None = Field(default=None, description="Interpreter that runs submissions; None means the judge's own interpreter.")
    scratch_mb: int = Field(default=64, ge=1, description="Size of the private writable /tmp of each worker (bwrap).")

    # ---- limits -----------------------------------------------------------------------------------
    time_limit_s: float = Field(default=6.0, gt=0, description="Per-test CPU-time limit (user+system, all threads); LCB uses a 6 s wall-clock alarm.")
    wall_limit_s: float | None = Field(
        default=None, description="Per-test wall-clock watchdog for sleeping or blocked code; None means 2 x time_limit_s + 1."
    )
    memory_limit_mb: int = Field(default=1024, ge=0, description="Address-space limit per submission (RLIMIT_AS); 0 disables. LCB sets none.")
    output_limit_mb: int = Field(default=32, ge=1, description="Largest stdout a test may write; more is a runtime_error.")
    max_processes: int = Field(default=64, ge=1, description="Process/thread limit inside a worker's user namespace (fork bombs).")
    stack_limit_mb: int = Field(default=256, ge=8, description="Main-thread stack limit, so deep recursion is a RecursionError, not a crash.")

    # ---- grading rules -----------------------------------------------------------------------------
    stop_at_first_failure: bool = Field(default=True, description="Stop a sample at its first failing test (LCB does); false runs all tests.")
    checker: BuiltinChecker | None = Field(
        default=None,
        description="Force this built-in comparison on every problem (e.g. `lcb`, or {name: float, abs_tol: 1e-6}); "
        "None uses each problem's own `checker`, which its reader sets to its source's grader rule (LCB compares "
        "every problem with its line rule; problems without one get it here too).",
    )
    extraction: ExtractionRule = Field(
        default="final_answer",
        description="Which program a sample's `text` submits: final_answer (last fenced block after </think>; "
        "an unclosed <think> has none) or lcb (LCB's extract_code: last fenced block anywhere, reasoning included).",
    )
    special_judge: Literal["exclude", "compare"] = Field(
        default="exclude",
        description="Problems marked `metadata.needs_special_judge` (several valid outputs) without a checker program: "
        "exclude (each sample is a sandbox_error saying why, counted) or compare (judge by comparison anyway, as LCB does).",
    )
    functional_preamble: bool = Field(default=True, description="Prepend LCB's import preamble (`from collections import *` ...) to functional code.")
    stdin_preamble: bool = Field(default=True, description="Make LCB's preamble names available to stdin programs too (LCB's make_function does).")

    # ---- fixed LCB defects (set false to reproduce LCB) ---------------------------------------------
    fresh_solution_per_test: bool = Field(
        default=True, description="A new `Solution()` for every test; LCB builds one and reuses it, so state leaks between tests."
    )
    recursion_limit: int = Field(default=100_000, ge=1000, description="sys.setrecursionlimit for submissions; LCB's preamble sets 50,000.")
    unlimited_int_digits: bool = Field(
        default=True, description="Lift Python 3.11's 4,300-digit int<->str limit; under LCB big-int answers raise ValueError."
    )
    allow_resource_module: bool = Field(
        default=True, description="`import resource` works; LCB's reliability_guard makes it raise ImportError."
    )
    wait_for_threads: bool = Field(
        default=True,
        description="A stdin program's output includes what threads it started print after its main code returns (as on a real judge); "
        "LCB grades as soon as the main code returns, so `threading.Thread(target=main).start()` programs get empty output.",
    )
    hash_seed: int | None = Field(default=0, description="PYTHONHASHSEED of submissions, so set iteration order (and verdicts) repeat; None = random as in LCB.")

    @model_validator(mode="after")
    def _check_limits(self) -> JudgeConfig:
        if self.wall_limit_s is not None and self.wall_limit_s < self.time_limit_s:
            raise ValueError(f"`wall_limit_s` ({self.wall_limit_s}) must be >= `time_limit_s` ({self.time_limit_s})")
        return self

    @property
    def effective_wall_limit_s(self) -> float:
        return self.wall_limit_s if self.wall_limit_s is not None else 2 * self.time_limit_s + 1
