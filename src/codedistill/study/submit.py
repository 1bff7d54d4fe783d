"""Run train and eval steps as submitit jobs (SLURM on clusters; `cluster: local` runs subprocesses)."""

from __future__ import annotations

from pathlib import Path

from codedistill.errors import CodedistillError, require
from codedistill.store import StepCounts, Store
from codedistill.study.plan import Plan, Step


def submit_step(plan: Plan, store: Store, step: Step, model_cache: Path) -> StepCounts | None:
    """Submit one step, wait for it and return its row counts; the job re-plans from the spec, so it
    needs only paths. A job reads no API keys: evaluate through a server that needs one with `executor: local`."""
    require("submitit", "slurm", "the submitit executor")
    import submitit

    settings = plan.spec.executor
    executor = submitit.AutoExecutor(folder=store.workspace / settings.folder, cluster=settings.cluster)
    executor.update_parameters(name=f"codedistill-{step.kind}", **settings.parameters)
    spec_json = plan.spec.model_dump(mode="json", exclude_unset=True)  # what the spec set; the job resolves it again
    job = executor.submit(run_step_job, spec_json, plan.spec_dir, store.workspace, step.id, step.digest, model_cache)
    return job.result()  # re-raises the job's exception here


def run_step_job(spec_json: dict, spec_dir: Path | None, workspace: Path, step_id: str, digest: str,
                 model_cache: Path) -> StepCounts | None:
    """The job body: rebuild the plan, check it names the same step, and run the step's executor against
    the shared workspace."""
    from codedistill.study.plan import plan_study
    from codedistill.study.run import StepContext
    from codedistill.study.spec import StudySpec
    from codedistill.study.steps import EXECUTORS

    plan = plan_study(StudySpec.model_validate(spec_json), spec_dir=spec_dir)
    step = plan.by_id[step_id]
    if step.digest != digest:
        raise CodedistillError(f"{step_id}: the job planned digest {step.digest}, the study {digest}; an input "
                               "changed after `study run` started; run it again")
    with Store(workspace) as store:
        context = StepContext(plan, store, model_cache, step)
        EXECUTORS[step.kind](context)
    return context.counts
