"""Resolve a study spec's sections, once, into the typed and frozen config each step receives.

A spec section holds only the keys the study sets; here each becomes its stage's own config, with the
stage's defaults, presets and cross-field rules applied, and with the inheritance a study defines: a
stage's `train` over the study's `train`, and `eval.judge` over `judge`. A problem is reported at the
spec key that set the value (the stage's key when the stage set it, the study's otherwise), and a rule
that relates two keys names both:

    study.yaml:31: eval.judge.wall_limit_s: `wall_limit_s` (3.0) must be >= `time_limit_s` (4.0)
        (related: judge.time_limit_s at study.yaml:12)

Keys that the study fills in itself (a student's model, the traces a train step reads, the benchmark
an eval step runs on) are errors when a spec sets them: they would be silently replaced otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, Field, ValidationError

from codedistill.config import Issue, StageConfig, deep_merge, set_keys, validation_issues
from codedistill.curate import CurateConfig
from codedistill.evaluate.run import EvalConfig
from codedistill.judge import JudgeConfig
from codedistill.sources.config import SourceConfig
from codedistill.study.spec import SourceRef, StudySpec
from codedistill.subsets import SubsetSpec
from codedistill.train.config import TrainConfig

M = TypeVar("M", bound=BaseModel)

# Keys a study fills in itself, by section, and who sets them instead.
STUDY_SETS: dict[str, dict[tuple[str, ...], str]] = {
    "train": {
        ("model",): "each student's `model` (a continued stage starts from the checkpoint its `init` names)",
        ("data",): "the study (each train step reads its subset's labelled traces)",
        ("output_dir",): "the study (each train step writes into its own step directory)",
        ("launch",): "the study, which trains each step in one process (`executor: submitit` runs steps as jobs); "
                     "multi-process launch is `codedistill train run`'s",
    },
    "eval": {
        ("benchmark",): "the study's `benchmark:` source",
        ("infer", "model"): "each student's `model`, or the checkpoint a train step made",
    },
    "subsets": {("traces",): "the study (subsets are drawn from the labelled `data.traces`)"},
}


# What each kind of step receives ----------------------------------------------------------------------
class SourceInput(StageConfig):
    """One source of an import step, with the reader options resolved and the input identified."""

    format: str
    path: str | None = Field(description="Absolute path, or None for the starter data.")
    split: str
    options: SourceConfig
    content: str = Field(description="Identity of the input's content; a changed input re-runs the import.")


class ImportStep(StageConfig):
    sources: list[SourceInput]


class CurateStep(StageConfig):
    curate: CurateConfig


class LabelStep(StageConfig):
    label: bool
    judge: JudgeConfig
    tokenizer: str = Field(description="The first student's model: its tokenizer counts every trace's tokens.")
    tokenizer_identity: str


class SubsetsStep(StageConfig):
    subsets: SubsetSpec


class TrainStep(StageConfig):
    student: str
    student_identity: str
    stage: str
    subset: str
    train: TrainConfig = Field(description="`model` is the student's model, or the train step whose checkpoint a "
                                           "continued stage starts from; the executor puts the resolved path there.")


class EvalStep(StageConfig):
    student: str
    student_identity: str
    eval: EvalConfig = Field(description="`infer.model` is the student's model, or the train step whose checkpoint "
                                         "is evaluated; the executor puts the resolved path there.")


class ReportStep(StageConfig):
    name: str


@dataclass(frozen=True)
class Resolved:
    """Every section of a spec as its stage's config (train by stage name, without the student's model)."""

    problems: ImportStep
    benchmark: ImportStep
    traces: ImportStep
    curate: CurateConfig
    judge: JudgeConfig
    eval: EvalConfig
    train: dict[str, TrainConfig] = field(default_factory=dict)


# Identity seams: what names an input or a model in the digests --------------------------------------
def source_content(path: Path) -> str:
    """Identity of a source file's or directory's content."""
    from codedistill.hashing import file_hash

    return file_hash(path) if path.is_file() else "dir"


def model_identity(model: str) -> str:
    """Identity of a student model named in the spec (a checkpoint of this study is named by its step's digest)."""
    return model


# Resolution -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Layer:
    """Keys set in one spec section: `keys` sit at `at` in the resolved config and at `key` in the spec."""

    at: tuple[str, ...]
    key: tuple[str, ...]
    keys: Mapping[str, Any]


def resolve_study(spec: StudySpec, spec_dir: Path | None) -> tuple[Resolved | None, list[Issue]]:
    """Each section as its stage's config, and every problem found on the way (all of them)."""
    issues: list[Issue] = []
    _check_study_sets(spec, issues)
    judge_keys, eval_keys = set_keys(spec.judge), set_keys(spec.eval)
    resolved = {
        "problems": _import(spec.data.problems, ("data", "problems"), spec_dir, issues),
        "benchmark": _import([spec.benchmark], ("benchmark",), spec_dir, issues),
        "traces": _import(spec.data.traces, ("data", "traces"), spec_dir, issues),
        "curate": _resolve(CurateConfig, [Layer((), ("data", "curate"), set_keys(spec.data.curate))], issues),
        "judge": _resolve(JudgeConfig, [Layer((), ("judge",), judge_keys)], issues),
        "eval": _resolve(EvalConfig, [Layer(("judge",), ("judge",), judge_keys), Layer((), ("eval",), eval_keys)], issues),
    }
    if resolved["eval"] is not None:
        resolved["eval"] = _inline_template(resolved["eval"], spec_dir, issues)
    train = {}
    for index, stage in enumerate(spec.stages):
        layers = [Layer((), ("train",), set_keys(spec.train)), Layer((), ("stages", str(index), "train"), set_keys(stage.train))]
        train[stage.name] = _resolve(TrainConfig, layers, issues)
    if issues or any(value is None for value in [*resolved.values(), *train.values()]):
        return None, issues
    return Resolved(**resolved, train=train), issues


def _inline_template(cfg: EvalConfig, spec_dir: Path | None, issues: list[Issue]) -> EvalConfig | None:
    """A prompt template file (`eval.style: prompt.yaml`, relative to the study file) is read now, so its
    content, not its name, is part of the eval steps' digests."""
    from codedistill.config import load_config
    from codedistill.errors import ConfigError
    from codedistill.evaluate.prompts import PromptTemplate

    if cfg.template is not None or Path(cfg.style).suffix not in (".yaml", ".yml"):
        return cfg
    path = _relative(cfg.style, spec_dir)
    try:
        return cfg.model_copy(update={"style": str(path), "template": load_config(PromptTemplate, path)})
    except ConfigError as exc:
        issues.append(Issue(("eval", "style"), str(exc)))
        return None


def _check_study_sets(spec: StudySpec, issues: list[Issue]) -> None:
    sections: list[tuple[tuple[str, ...], str, dict[str, Any]]] = [
        (("train",), "train", set_keys(spec.train)),
        (("eval",), "eval", set_keys(spec.eval)),
        (("subsets",), "subsets", {"traces": spec.subsets.traces} if spec.subsets.traces is not None else {}),
    ]
    sections += [(("stages", str(i), "train"), "train", set_keys(s.train)) for i, s in enumerate(spec.stages)]
    for prefix, section, keys in sections:
        for key, who in STUDY_SETS[section].items():
            if _is_set(keys, key):
                issues.append(Issue((*prefix, *key), f"in a study this is set by {who}; delete the key"))


def _resolve(model: type[M], layers: list[Layer], issues: list[Issue]) -> M | None:
    """Validate the layers merged in order (later ones win); problems go to `issues` at their spec keys."""
    data: dict[str, Any] = {}
    for layer in layers:
        data = deep_merge(data, _nest(layer.at, layer.keys))
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        issues += [_attribute(issue, layers) for issue in validation_issues(exc, model)]
        return None


def _attribute(issue: Issue, layers: list[Layer]) -> Issue:
    """Move an issue from its key in the resolved config to the spec key that set it.

    A rule over several fields (a model validator, reported at the model's root) names them in
    backticks; it is reported at the first of them the spec set, and the others are related keys.
    """
    named = [(*issue.key, *name.split(".")) for name in re.findall(r"`([A-Za-z_][\w.]*)`", issue.message)]
    set_by_spec = [key for key in (_spec_key(name, layers) for name in named) if key is not None]
    primary = set_by_spec[0] if set_by_spec else _spec_key(issue.key, layers)
    if primary is None:  # a default broke the rule: report it in the most specific section
        primary = (*layers[-1].key, *issue.key[len(layers[-1].at):])
    related = tuple(dict.fromkeys(key for key in set_by_spec if key != primary))
    return Issue(primary, issue.message, related)


def _spec_key(key: tuple[str, ...], layers: list[Layer]) -> tuple[str, ...] | None:
    """The spec key that set `key` of the resolved config (the last layer that set it), or None (a default)."""
    for layer in reversed(layers):
        inner = key[len(layer.at):]
        if key[: len(layer.at)] == layer.at and inner and _is_set(layer.keys, inner):
            return (*layer.key, *inner)
    return None


def _is_set(keys: Any, path: tuple[str, ...]) -> bool:
    for part in path:
        if not isinstance(keys, Mapping):
            return True  # the rest names a union member or list item of a value that was set
        if part not in keys:
            return False
        keys = keys[part]
    return True


def _nest(at: tuple[str, ...], keys: Mapping[str, Any]) -> dict[str, Any]:
    nested: dict[str, Any] = dict(keys)
    for part in reversed(at):
        nested = {part: nested}
    return nested


def _import(refs: list[SourceRef], prefix: tuple[str, ...], spec_dir: Path | None, issues: list[Issue]) -> ImportStep:
    from codedistill.sources import READERS

    sources = []
    for index, ref in enumerate(refs):
        key = (*prefix, str(index)) if prefix != ("benchmark",) else prefix
        options = _resolve(SourceConfig, [Layer((), (*key, "options"), set_keys(ref.options))], issues)
        if ref.format not in READERS:
            issues.append(Issue((*key, "format"), _unknown(ref.format, READERS, "source format")))
            continue
        if ref.path is None:
            if ref.format != "starter":
                issues.append(Issue((*key, "path"), f"the `{ref.format}` reader needs a `path` (a file or folder)",
                                    related=((*key, "format"),)))
                continue
            content = f"starter-{_version()}"
            path = None
        else:
            resolved = _relative(ref.path, spec_dir)
            if not resolved.exists():
                issues.append(Issue((*key, "path"), f"`{ref.path}` does not exist (paths are relative to the study file)"))
                continue
            path, content = str(resolved), source_content(resolved)
        if options is not None:
            dirs = {name: _relative(str(folder), spec_dir) for name, folder in options.question_dirs.items()}
            options = options.model_copy(update={"question_dirs": dirs})
            sources.append(SourceInput(format=ref.format, path=path, split=ref.split, options=options, content=content))
    return ImportStep(sources=sources)


def _relative(path: str, spec_dir: Path | None) -> Path:
    resolved = Path(path).expanduser()
    return resolved if resolved.is_absolute() or spec_dir is None else (spec_dir / resolved).resolve()


def _unknown(name: str, known: Mapping[str, Any], what: str) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1)
    hint = f"did you mean `{close[0]}`? " if close else ""
    return f"unknown {what} `{name}`; {hint}available: {', '.join(known)}"


def _version() -> str:
    from codedistill import __version__

    return __version__
