"""Turn a finished study's evaluation runs into the analysis input, and write and publish its report."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from codedistill.errors import CodedistillError
from codedistill.store import Store
from codedistill.study.plan import Plan, Step
from codedistill.study.run import step_dir, step_state


def subset_conditions(plan: Plan) -> dict[str, tuple[str, int]]:
    """Manifest name → (condition, replicate): `random` for the size ladder (the ladder name when there
    are several), the arm name for controlled splits; the seed is the replicate, pooled by the analysis."""
    from codedistill.subsets import manifest_names

    spec = plan.spec.subsets
    conditions: dict[str, tuple[str, int]] = {}
    for ladder in spec.ladders:
        condition = "random" if len(spec.ladders) == 1 else ladder.name
        for name in manifest_names(ladder):
            conditions[name] = (condition, int(name.rsplit("-s", 1)[1]))
    for split in spec.splits:
        for name in manifest_names(split):
            arm, seed = name[len(split.name) + 1:].rsplit("-s", 1)
            conditions[name] = (arm, int(seed))
    return conditions


def study_results(plan: Plan, store: Store):
    """Every finished eval step as a `RunPoint` (size 0 = the untrained start of a curve), with the number
    of examples each run actually trained on, and a warning for each controlled pair whose arms did not."""
    from codedistill.analysis import StudyResults, run_point_from_store
    from codedistill.subsets import read_manifest

    conditions = subset_conditions(plan)
    subsets_dir = step_dir(store, plan.by_id["subsets"])
    stages = {stage.name: stage for stage in plan.spec.stages}
    points = []
    for step in plan.of_kind("eval"):
        if step_state(store, step) != "done":
            continue
        _, stage, student, *subset = step.id.split("/")
        if not subset:  # eval/baseline/STUDENT: the untrained student
            points.append(run_point_from_store(store, step.digest, student=student, size=0, condition="baseline"))
            continue
        condition, replicate = conditions[subset[0]]
        start = "base" if stages[stage].init == "base" else stage
        size = len(read_manifest(subsets_dir / f"{subset[0]}.json").ids)
        point = run_point_from_store(store, step.digest, student=student, size=size, condition=condition,
                                     start=start, replicate=replicate)
        points.append(point.model_copy(update={"trained": trained_count(plan, store, step.id.replace("eval/", "train/", 1))}))
    points += _stage_baselines(plan, store)
    if not points:
        raise CodedistillError(f"study `{plan.spec.name}`: no evaluation has finished in {store.workspace} yet; "
                               "run `codedistill study run` first (with the same workspace)")
    return StudyResults(name=plan.spec.name, points=points, metadata={"study": plan.spec.name},
                        warnings=unbalanced_pairs(plan, store))


def trained_count(plan: Plan, store: Store, train_id: str) -> int | None:
    """Examples the train step actually trained on (its rows out), if it recorded them."""
    counts = store.step_counts(plan.by_id[train_id].digest)
    return counts.rows_out if counts is not None else None


def unbalanced_pairs(plan: Plan, store: Store, tolerance: float = 0.01) -> list[str]:
    """Controlled arms trained on counts that differ by more than `tolerance` (the training data policies
    dropped more from one arm, so the pair no longer differs only in its factor)."""
    from codedistill.subsets import manifest_names

    warnings = []
    for split in plan.spec.subsets.splits:
        names = manifest_names(split)
        for seed in split.seeds:
            arms = [n for n in names if n.endswith(f"-s{seed}")]
            for step in plan.of_kind("train"):
                if step.config.subset != arms[0]:
                    continue
                ids = [step.id.rsplit("/", 1)[0] + f"/{arm}" for arm in arms]
                counts = {arm: trained_count(plan, store, i) for arm, i in zip(arms, ids, strict=True) if i in plan.by_id}
                if len(counts) < 2 or None in counts.values():
                    continue
                low, high = min(counts.values()), max(counts.values())
                if high and (high - low) / high > tolerance:
                    shown = " vs ".join(f"{arm} {n:,}" for arm, n in counts.items())
                    warnings.append(f"{step.config.student} · {step.config.stage}: the arms of `{split.name}` (seed {seed}) "
                                    f"trained on {shown} examples, {(high - low) / high:.1%} apart (over {tolerance:.0%}); "
                                    "the training data policies dropped more from one arm")
    return warnings


def _stage_baselines(plan: Plan, store: Store) -> list:
    """A continued stage's size-0 point is the evaluation of the checkpoint it starts from."""
    from codedistill.analysis import run_point_from_store

    points = []
    for stage in plan.spec.stages:
        if stage.init == "base":
            continue
        parent, subset = stage.init.split("/", 1)
        for student in plan.spec.students:
            step: Step = plan.by_id[f"eval/{parent}/{student.name}/{subset}"]
            if step_state(store, step) == "done":
                points.append(run_point_from_store(store, step.digest, student=student.name, size=0,
                                                   condition="baseline", start=stage.name))
    return points


def write_study_report(plan: Plan, store: Store, out_dir: Path) -> Path:
    from codedistill.analysis import write_report

    return write_report(study_results(plan, store), out_dir)


def publish_report(store: Store, study: str, built: Path) -> Path:
    """Copy a report built in `built` to the study's report folder (`Store.report_dir`), replacing the
    previous one in one rename; return the published report.html."""
    target = store.report_dir(study)
    staging = target.with_name(f".{target.name}.new")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(built, staging, ignore=shutil.ignore_patterns("config.yaml"))
    if target.exists():
        old = target.with_name(f".{target.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(target, old)
        os.replace(staging, target)
        shutil.rmtree(old)
    else:
        os.replace(staging, target)
    return target / "report.html"


def report_study(plan: Plan, store: Store) -> Path:
    """Write the report from whatever evaluations are finished, where `study run` publishes it."""
    import tempfile

    with tempfile.TemporaryDirectory(dir=store.workspace) as built:
        write_study_report(plan, store, Path(built))
        return publish_report(store, plan.spec.name, Path(built))
