"""Run train and eval steps as submitit jobs (SLURM on clusters; `cluster: local` runs subprocesses)."""

from __future__ import annotations

from pathlib import Path

from codedistill.errors import require
from codedistill.store import Store
from codedistill.study.plan import Plan, Step


def submit_step(plan: Plan, store: Store, step: Step, model_cache: Path) -> None:
    """Submit one step and wait for it; the job re-plans from the spec, so it needs only paths."""
    require("submitit", "slurm", "the submitit executor")
    import submitit

    settings = plan.spec.executor
    executor = submitit.AutoExecutor(folder=store.workspace / settings.folder, cluster=settings.cluster)
    executor.update_parameters(name=f"codedistill-{step.kind}", **settings.parameters)
    spec_json = plan.spec.model_dump(mode="json", exclude_unset=True)  # what the spec set; the job resolves it again
    job = executor.submit(run_step_job, spec_json, plan.spec_dir, store.workspace, step.id, model_cache)
    job.result()  # re-raises the job's exception here


def run_step_job(spec_json: dict, spec_dir: Path | None, workspace: Path, step_id: str, model_cache: Path) -> None:
    """The job body: rebuild the plan and run one step's executor against the shared workspace."""
    from codedistill.study.plan import plan_study
    from codedistill.study.run import StepContext
    from codedistill.study.spec import StudySpec
    from codedistill.study.steps import EXECUTORS

    plan = plan_study(StudySpec.model_validate(spec_json), spec_dir=spec_dir)
    step = plan.by_id[step_id]
    with Store(workspace) as store:
        EXECUTORS[step.kind](StepContext(plan, store, model_cache, step))
