"""Expand a study spec into a graph of steps, each holding the resolved config its executor receives.

    data/problems, data/benchmark, data/traces → data/curate → data/label → subsets
        → train/STAGE/STUDENT/SUBSET (→ continued stages) → eval/... → report

A step's digest hashes its kind, its resolved config and its dependencies' digests, so editing one
part of a spec invalidates exactly the steps that use the edited setting and the steps downstream of
them. Every impossible request is found here, before any work, and all of them are reported at once.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path

from codedistill.config import Issue, StageConfig, format_issues
from codedistill.errors import ConfigError
from codedistill.hashing import stable_hash
from codedistill.study.resolve import (
    CurateStep,
    EvalStep,
    LabelStep,
    ReportStep,
    Resolved,
    SubsetsStep,
    TrainStep,
    model_identity,
    resolve_study,
)
from codedistill.study.spec import StudentSpec, StudySpec

KINDS = ("problems", "benchmark", "traces", "curate", "label", "subsets", "train", "eval", "report")


@dataclass(frozen=True)
class Step:
    id: str  # readable path, e.g. "train/ladder/smollm2/base-10-s0"
    kind: str
    deps: tuple[str, ...]
    config: StageConfig = field(hash=False)  # what the executor receives; frozen
    digest: str = ""
    cost: dict[str, int | None] = field(default_factory=dict, hash=False)  # None: known only once inputs exist


@dataclass
class Plan:
    spec: StudySpec
    steps: list[Step]  # topological order
    spec_dir: Path | None = None  # relative source paths resolved against it

    def __post_init__(self) -> None:
        self.by_id = {step.id: step for step in self.steps}

    def of_kind(self, kind: str) -> list[Step]:
        return [step for step in self.steps if step.kind == kind]

    def step(self, step_id: str) -> Step:
        """The step called `step_id`; an unknown id gets "did you mean" and the list of steps."""
        if step_id not in self.by_id:
            import difflib

            close = difflib.get_close_matches(step_id, list(self.by_id), n=3)
            hint = f"did you mean {', '.join(close)}? " if close else ""
            raise ConfigError(f"no step `{step_id}` in study `{self.spec.name}`; {hint}steps: {', '.join(self.by_id)}")
        return self.by_id[step_id]

    def totals(self) -> dict[str, int | None]:
        """Examples to train (per epoch) and samples to generate; None when some step's count is not known yet."""
        totals: dict[str, int | None] = {}
        for name in ("train_examples", "samples"):
            values = [s.cost[name] for s in self.steps if name in s.cost]
            totals[name] = None if None in values else sum(values)
        return totals


class _Builder:
    def __init__(self) -> None:
        self.steps: list[Step] = []
        self.digests: dict[str, str] = {}

    def add(self, step_id: str, kind: str, deps: list[str], config: StageConfig, cost: dict[str, int | None] | None = None) -> str:
        digest = stable_hash(kind, config, [self.digests[d] for d in deps])
        self.steps.append(Step(step_id, kind, tuple(deps), config, digest, cost or {}))
        self.digests[step_id] = digest
        return step_id


def plan_study(spec: StudySpec, *, spec_dir: Path | None = None, source: str = "study") -> Plan:
    """Build the step graph of `spec`; every impossible request fails here (all at once), before any work."""
    plan, issues = plan_or_issues(spec, spec_dir)
    issues = list(dict.fromkeys(issues))
    if plan is None:
        raise ConfigError(format_issues(issues, source, {}, f"{source}: {len(issues)} problem(s) in the study:"))
    return plan


def plan_or_issues(spec: StudySpec, spec_dir: Path | None) -> tuple[Plan | None, list[Issue]]:
    resolved, issues = resolve_study(spec, spec_dir)
    issues += _check_stages(spec)
    trained = _stage_subsets(spec, list(_planned_sizes(spec)), issues)
    if resolved is not None:
        issues += _check_eval(resolved) + _check_sizes(spec)
    if issues or resolved is None:
        return None, issues
    return _build(spec, resolved, trained, spec_dir), []


def _build(spec: StudySpec, resolved: Resolved, trained: dict[str, list[str]], spec_dir: Path | None) -> Plan:
    sizes = _planned_sizes(spec)
    b = _Builder()
    problems = b.add("data/problems", "problems", [], resolved.problems)
    benchmark = b.add("data/benchmark", "benchmark", [], resolved.benchmark)
    traces = b.add("data/traces", "traces", [], resolved.traces)
    curate = b.add("data/curate", "curate", [traces, benchmark, problems], CurateStep(curate=resolved.curate))
    tokenizer = spec.students[0].model
    label = b.add("data/label", "label", [curate, problems], LabelStep(
        label=spec.data.label, judge=resolved.judge, tokenizer=tokenizer, tokenizer_identity=model_identity(tokenizer)))
    subsets = b.add("subsets", "subsets", [label], SubsetsStep(subsets=spec.subsets))
    n_problems = _count_problems(resolved)
    samples = None if n_problems is None else n_problems * resolved.eval.infer.sampling.n
    evals: list[str] = []
    for student in spec.students:
        student_identity = model_identity(student.model)
        if spec.baseline:
            evals.append(_eval(b, f"eval/baseline/{student.name}", student, None, resolved, benchmark, samples))
        for stage in spec.stages:
            for subset in trained[stage.name]:
                init = None if stage.init == "base" else f"train/{stage.init.split('/')[0]}/{student.name}/{stage.init.split('/', 1)[1]}"
                train_id = f"train/{stage.name}/{student.name}/{subset}"
                config = TrainStep(
                    student=student.name, student_identity=student_identity, stage=stage.name, subset=subset,
                    train=resolved.train[stage.name].model_copy(update={"model": init or student.model}),
                )
                b.add(train_id, "train", [subsets, *([init] if init else [])], config, {"train_examples": sizes[subset] or None})
                evals.append(_eval(b, f"eval/{stage.name}/{student.name}/{subset}", student, train_id, resolved, benchmark, samples))
    b.add("report", "report", evals, ReportStep(name=spec.name))
    return Plan(spec, b.steps, spec_dir)


def _eval(b: _Builder, step_id: str, student: StudentSpec, train_id: str | None, resolved: Resolved,
          benchmark: str, samples: int | None) -> str:
    """Evaluate the student itself, or the checkpoint `train_id` makes (the executor resolves either to a path)."""
    infer = resolved.eval.infer.model_copy(update={"model": train_id or student.model})
    config = EvalStep(student=student.name, student_identity=model_identity(student.model),
                      eval=resolved.eval.model_copy(update={"infer": infer}))
    return b.add(step_id, "eval", [benchmark, *([train_id] if train_id else [])], config, {"samples": samples})


def _check_stages(spec: StudySpec) -> list[Issue]:
    """Stage names are unique and each `init` continues from an earlier stage's subset."""
    issues, seen = [], set()
    for index, stage in enumerate(spec.stages):
        if stage.name in seen:
            issues.append(Issue(("stages", str(index), "name"), f"`{stage.name}` is used twice; stage names must be unique"))
        if stage.init != "base":
            parent, _, subset = stage.init.partition("/")
            key = ("stages", str(index), "init")
            if parent == stage.name:
                issues.append(Issue(key, f"stage `{stage.name}` cannot continue from itself (a cycle)"))
            elif parent not in seen:
                known = ", ".join(sorted(seen)) or "none"
                issues.append(Issue(key, f"`{stage.init}` continues from stage `{parent}`, which is not an earlier stage "
                                         f"(earlier stages: {known}); use `base` or `STAGE/SUBSET`"))
            elif not subset:
                issues.append(Issue(key, f"`{stage.init}` must name a subset: `{parent}/SUBSET`"))
        seen.add(stage.name)
    return issues


def _stage_subsets(spec: StudySpec, names: list[str], issues: list[Issue]) -> dict[str, list[str]]:
    """Resolve each stage's subset patterns; every pattern and every `init` must name something real."""
    trained: dict[str, list[str]] = {}
    for index, stage in enumerate(spec.stages):
        chosen: list[str] = []
        for j, pattern in enumerate(stage.subsets):
            matches = [n for n in names if fnmatch.fnmatchcase(n, pattern)]
            if not matches:
                issues.append(Issue(("stages", str(index), "subsets", str(j)),
                                    f"`{pattern}` matches no subset; the subsets spec defines: {', '.join(names)}"))
            chosen += [m for m in matches if m not in chosen]
        trained[stage.name] = chosen
        if stage.init != "base":
            parent, _, subset = stage.init.partition("/")
            if parent in trained and subset and subset not in trained[parent]:
                issues.append(Issue(("stages", str(index), "init"),
                                    f"`{stage.init}`: stage `{parent}` does not train `{subset}`; "
                                    f"it trains: {', '.join(trained[parent]) or 'nothing'}"))
    return trained


def _check_eval(resolved: Resolved) -> list[Issue]:
    n, ks = resolved.eval.infer.sampling.n, resolved.eval.ks
    if max(ks) > n:
        return [Issue(("eval", "ks"), f"pass@{max(ks)} needs at least {max(ks)} samples per problem but "
                                      f"`infer.sampling.n` is {n}; raise n or drop that k",
                      related=(("eval", "infer", "sampling", "n"),))]
    return []


def _count_problems(resolved: Resolved) -> int | None:
    """Benchmark problems when counting needs no reading (the starter data); else None until the import runs."""
    from codedistill import starter

    if all(s.format == "starter" and s.path is None for s in resolved.benchmark.sources):
        return sum(len(starter.starter_problems(s.split)) for s in resolved.benchmark.sources)
    return None


def _check_sizes(spec: StudySpec) -> list[Issue]:
    available = _available_traces(spec)
    if available is None:
        return []
    issues = []
    for index, ladder in enumerate(spec.subsets.ladders):
        if ladder.size_by == "count" and ladder.sizes[-1] > available:
            issues.append(Issue(("subsets", "ladders", str(index), "sizes"),
                                f"{ladder.sizes[-1]} traces requested but data.traces holds {available}; "
                                f"use sizes up to {available}"))
    for index, split in enumerate(spec.subsets.splits):
        if split.size is not None and 2 * split.size > available:
            issues.append(Issue(("subsets", "splits", str(index), "size"),
                                f"two arms of {split.size} need {2 * split.size} traces but data.traces holds {available}"))
    return issues


def _available_traces(spec: StudySpec) -> int | None:
    if not all(ref.path is None and ref.format == "starter" for ref in spec.data.traces):
        return None
    from codedistill import starter

    return len(spec.data.traces) * len(starter.starter_raw_traces())


def _planned_sizes(spec: StudySpec) -> dict[str, int]:
    """Examples per planned manifest (0 where the size is a token budget or decided at build time)."""
    from codedistill.subsets import manifest_names

    sizes: dict[str, int] = {}
    for ladder in spec.subsets.ladders:
        per_seed = ladder.sizes if ladder.size_by == "count" else [0] * len(ladder.sizes)
        sizes.update(zip(manifest_names(ladder), per_seed * len(ladder.seeds), strict=True))
    for split in spec.subsets.splits:
        sizes.update(dict.fromkeys(manifest_names(split), split.size or 0))
    return sizes
