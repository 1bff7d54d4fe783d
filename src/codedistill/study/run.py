"""Execute a study plan step by step, reusing every step whose digest is already done.

Each step works in its partial directory (`Store.partial_dir`) and the directory is renamed to the
step's directory (`Store.step_dir`) only when the step finishes, so after a kill -9 at any point the
next `study run` skips finished steps and resumes the interrupted one from its partial directory
(training checkpoints, the judge's and the inference cache's finished samples). Each finished step
records its row counts in the store: rows in, rows out, and rows dropped by reason.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from codedistill.config import dump_config
from codedistill.errors import CodedistillError
from codedistill.store import StepCounts, Store
from codedistill.study.plan import Plan, Step

log = logging.getLogger(__name__)
Event = Callable[[str, Step, str], None]  # (event, step, message): event in start|reuse|done|fail|progress


@dataclass
class StepContext:
    """What an executor gets: the plan, the store, where its inputs are and where to write."""

    plan: Plan
    store: Store
    model_cache: Path
    step: Step
    say: Callable[[str], None] = field(default=lambda message: None)
    secrets: Mapping[str, str] = field(default_factory=dict)  # API keys by variable name, read by the CLI
    counts: StepCounts | None = None

    def count(self, rows_in: int, rows_out: int, dropped: Mapping[str, int] | None = None, **notes: int) -> None:
        """Record the step's rows: every row that came in went out or was dropped for a reason."""
        self.counts = StepCounts(rows_in, rows_out, {k: v for k, v in (dropped or {}).items() if v}, notes)

    @property
    def workspace(self) -> Path:
        return self.store.workspace

    def output(self, step_id: str) -> Path:
        """The finished output directory of an earlier step."""
        return step_dir(self.store, self.plan.by_id[step_id])

    @property
    def work(self) -> Path:
        return partial_dir(self.store, self.step)


def step_dir(store: Store, step: Step) -> Path:
    return store.step_dir(step.kind, step.digest)


def partial_dir(store: Store, step: Step) -> Path:
    return store.partial_dir(step.kind, step.digest)


def step_state(store: Store, step: Step) -> str:
    """done | interrupted | failed | pending, from the store and the artifact directory."""
    row = store.get_step(step.digest)
    if row is None:
        return "pending"
    if row["status"] == "done" and step_dir(store, step).is_dir():
        return "done"
    if row["status"] == "failed":
        return "failed"
    return "interrupted" if row["status"] == "running" else "pending"


def api_key_names(plan: Plan) -> set[str]:
    """The environment variables the plan's evaluation servers take their API keys from."""
    return {name for step in plan.of_kind("eval") if (name := step.config.eval.infer.server.api_key_env)}


def study_run_id(plan: Plan) -> str:
    return f"study/{plan.spec.name}"


def run_plan(plan: Plan, store: Store, *, model_cache: Path, on_event: Event | None = None,
             only: Callable[[Step], bool] | None = None, secrets: Mapping[str, str] | None = None) -> dict[str, str]:
    """Run every step that is not done yet, in order; return each step's outcome (reused or ran).

    `secrets` holds the API keys the plan's servers name (`api_key_env`), read from the environment by
    the caller; they reach the steps that talk to those servers and are never hashed or written."""
    from codedistill.study.steps import EXECUTORS

    notify = on_event or (lambda event, step, message: log.info("%s %s %s", event, step.id, message))
    store.upsert_run(study_run_id(plan), "study", name=plan.spec.name, config=plan.spec.model_dump(mode="json", exclude_unset=True), status="running")
    outcomes: dict[str, str] = {}
    for step in plan.steps:
        if only is not None and not only(step):
            continue
        if step_state(store, step) == "done":
            outcomes[step.id] = "reused"
            notify("reuse", step, str(step_dir(store, step)))
            continue
        notify("start", step, "")
        store.start_step(step.digest, step.id, run_id=study_run_id(plan), input_hash=step.digest)
        context = StepContext(plan, store, model_cache, step, say=lambda message, s=step: notify("progress", s, message),
                              secrets=secrets or {})
        context.work.mkdir(parents=True, exist_ok=True)
        (context.work / "config.yaml").write_text(dump_config(step.config), encoding="utf-8")
        started = time.perf_counter()
        try:
            execute = EXECUTORS[step.kind]
            if plan.spec.executor.kind == "submitit" and step.kind in ("train", "eval"):
                from codedistill.study.submit import submit_step

                context.counts = submit_step(plan, store, step, model_cache)
            else:
                execute(context)
        except (CodedistillError, Exception) as exc:
            store.finish_step(step.digest, error=f"{type(exc).__name__}: {exc}")
            store.set_run_status(study_run_id(plan), "failed")
            notify("fail", step, str(exc))
            raise
        final = step_dir(store, step)
        if final.exists():  # a stale copy from a run whose store row was lost
            shutil.rmtree(final)
        os.replace(context.work, final)
        store.finish_step(step.digest, artifact=str(final), counts=context.counts)
        outcomes[step.id] = "ran"
        notify("done", step, f"{time.perf_counter() - started:.1f}s")
    store.set_run_status(study_run_id(plan), "done")
    return outcomes
