"""Every setting a study can set reaches the step that uses it, and nothing else.

For every leaf key of the spec (discovered from the config models, so a field added to JudgeConfig
or TrainConfig is covered without editing this file), a new value drawn from the field's type either

- changes the digests of exactly the steps that consume the key and of their dependants, and the
  consuming step's executor really receives the value (read from the object the executor builds its
  stage call from: `train_config`, `eval_config`, or the step's resolved config), or
- is refused at plan time by an error that names the key.

A misspelt key under every section of the spec fails at plan time, naming its full key path.
"""

from __future__ import annotations

import copy
import datetime
import enum
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import pytest
from pydantic import BaseModel, SecretStr
from pydantic_core import to_jsonable_python

from codedistill.config import format_issues
from codedistill.errors import ConfigError
from codedistill.study.load import validate_spec
from codedistill.study.plan import Plan, plan_or_issues
from codedistill.study.spec import StudySpec
from codedistill.study.steps import eval_config, train_config

STUDENT = "tiny"
BASE: dict[str, Any] = {
    "name": "reach",
    "students": [{"name": STUDENT, "model": "tiny-random"}],
    "data": {
        "problems": [{"format": "starter", "split": "train", "options": {"skip_bad": True}}],
        "traces": [{"format": "starter", "options": {"source_name": "starter"}}],
        "curate": {"dedup": {"threshold": 0.7}},
    },
    "benchmark": {"format": "starter", "split": "eval"},
    "subsets": {
        "ladders": [{"name": "ladder", "sizes": [4, 8]}],
        "splits": [{"name": "correctness", "factor": "correctness", "size": 3}],
    },
    "stages": [
        {"name": "base", "subsets": ["ladder-*"]},
        # The continued stage overrides part of a nested section: the rest must still come from `train`.
        {"name": "more", "init": "base/ladder-8-s0", "subsets": ["correctness-*"],
         "train": {"learning_rate": 1e-4, "lora": {"r": 8}}},
    ],
    "train": {"num_train_epochs": 1, "use_cpu": True, "lora": {"r": 4, "lora_alpha": 8}},
    "judge": {"time_limit_s": 4.0},
    "eval": {"infer": {"sampling": {"preset": "cpu-smoke", "n": 2}}, "judge": {"memory_limit_mb": 512}},
}


# Leaf keys, discovered from the models ---------------------------------------------------------------
def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType, typing.Annotated):
        models = [m for m in map(_model_in, typing.get_args(annotation)) if m is not None]
        return models[0] if len(models) == 1 else None
    return None


def _list_item_model(annotation: Any) -> type[BaseModel] | None:
    if typing.get_origin(annotation) is list:
        return _model_in(typing.get_args(annotation)[0])
    return None


def walk(model: type[BaseModel], data: Any, prefix: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """(key path, annotation) of every settable leaf under `model`, and (key path, None) of every path
    that holds a model (where a misspelt key must be refused). Lists of models expand over the items
    `data` gives them (the base spec); nested models recurse."""
    yield prefix, None
    for name, info in model.model_fields.items():
        if info.exclude:  # secrets: never hashed, never written
            continue
        value = data.get(name) if isinstance(data, dict) else None
        item_model, sub_model = _list_item_model(info.annotation), _model_in(info.annotation)
        if item_model is not None:
            for index, item in enumerate(value or []):
                yield from walk(item_model, item, (*prefix, name, str(index)))
        elif sub_model is not None:
            yield from walk(sub_model, value, (*prefix, name))
        else:
            yield (*prefix, name), info.annotation


LEAVES = sorted(((key, a) for key, a in walk(StudySpec, BASE) if a is not None), key=lambda leaf: leaf[0])
NODES = sorted(key for key, a in walk(StudySpec, BASE) if a is None)


# Values drawn from a field's type ---------------------------------------------------------------------
NAMES = ["probe-value", "base", "jsonl", "greedy", "study", "qwen", "ladder-4-s0"]


def candidates(annotation: Any) -> list[Any]:
    """Values of `annotation`'s type, in the order they are tried (constraints and validators pick)."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        return [v for arg in args for v in candidates(arg)]
    if origin is typing.Annotated:
        return candidates(args[0])
    if origin is Literal:
        return list(args)
    if origin is list:
        inner = args[0]
        if inner is int:
            return [[1, 2], [3], [2, 8], [0, 1]]
        return [["probe-value"], ["ladder-8-s0"], ["wrong_answer"], ["none"], []]
    if origin is tuple:
        return [(1000, 2000), (1200, 1900)]
    if origin is dict:
        return [{"statement": "question"}, {"taco": "/tmp"}, {"source": ["probe-value"]}, {"probe": 1}]
    if annotation is type(None):
        return [None]
    if annotation is bool:
        return [True, False]
    if annotation is int:
        return [3, 7, 2, 64, 100_001]
    if annotation is float:
        return [0.5, 0.25, 3.0, 25.0, 1e-4, 0.9]
    if annotation is str:
        return NAMES
    if annotation in (datetime.date, datetime.datetime):
        return [datetime.date(2024, 8, 1)]
    if annotation is Path:
        return ["/tmp"]
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return list(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):  # a member of a union of models
        return [{name: candidates(info.annotation)[0] for name, info in annotation.model_fields.items() if info.is_required()}]
    if annotation in (Any, SecretStr):
        return ["probe-value"]
    raise AssertionError(f"no candidate values for {annotation!r}; teach `candidates` this type")


# Planning and what each step receives -----------------------------------------------------------------
def set_key(data: dict, key: tuple[str, ...], value: Any) -> dict:
    data = copy.deepcopy(data)
    node: Any = data
    for part in key[:-1]:
        node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
    node[key[-1]] = value
    return data


def get_key(data: dict, key: tuple[str, ...]) -> Any:
    node: Any = data
    for part in key:
        if isinstance(node, list):
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return None
    return node


def plan(data: dict, spec_dir: Path) -> tuple[Plan | None, str]:
    spec, issues = validate_spec(data)
    result = None
    if spec is not None:
        result, more = plan_or_issues(spec, spec_dir)
        issues += more
    if issues:
        return None, format_issues(issues, "study.yaml", {}, "problems:")
    return result, ""


def sets(key: tuple[str, ...], section: tuple[str, ...]) -> bool:
    """Whether the base spec's `section` sets `key`, or replaces a section above it with a plain value
    (so that `section` wins over the section it inherits from)."""
    node: Any = get_key(BASE, section)
    for part in key:
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
        if not isinstance(node, dict):
            return True
    return True


def consumers(key: tuple[str, ...], new: Plan) -> set[str]:
    """The steps that use `key` directly, by the semantics of a study spec."""
    steps = new.steps
    head = key[0]
    if head == "name":
        return {"report"}
    if head == "students":
        student = new.spec.students[int(key[1])].name
        mine = {s.id for s in steps if s.kind in ("train", "eval") and s.config.student == student}
        return mine | ({"data/label"} if key[2] == "model" and key[1] == "0" else set())
    if head in ("data", "benchmark"):
        where = {"problems": "data/problems", "traces": "data/traces", "curate": "data/curate", "label": "data/label"}
        return {"data/benchmark"} if head == "benchmark" else {where[key[1]]}
    if head == "subsets":
        return {"subsets"}
    if head == "stages":  # its name, init and subsets shape the graph (new steps, new deps); its train is config
        stage = new.spec.stages[int(key[1])].name
        return {s.id for s in steps if s.kind == "train" and s.config.stage == stage} if key[2] == "train" else set()
    if head == "train":
        overriding = {stage.get("name") for i, stage in enumerate(BASE["stages"]) if sets(key[1:], ("stages", str(i), "train"))}
        return {s.id for s in steps if s.kind == "train" and s.config.stage not in overriding}
    if head == "eval":
        return {s.id for s in steps if s.kind == "eval"}
    if head == "judge":
        evals = set() if sets(key[1:], ("eval", "judge")) else {s.id for s in steps if s.kind == "eval"}
        return {"data/label"} | evals
    if head == "baseline":
        return {"report"}  # it adds or removes the baseline evaluations, which are the report's inputs
    if head == "executor":
        return set()  # the runner reads it; where a step runs changes nothing it makes
    raise AssertionError(f"no consumers known for {'.'.join(key)}")


def dependants(plan_: Plan, roots: set[str]) -> set[str]:
    found = set(roots)
    for step in plan_.steps:  # topological order: one pass reaches every descendant
        if any(dep in found for dep in step.deps):
            found.add(step.id)
    return found


def received(step, key: tuple[str, ...]) -> tuple[Any, tuple[str, ...]] | None:
    """(object the executor builds its stage call from, path of `key` in it); None for keys that only
    shape the graph."""
    head, config = key[0], step.config
    if head == "train" or (head == "stages" and key[2] == "train"):
        return train_config(config, Path("/resolved/base")), key[1:] if head == "train" else key[3:]
    if head == "eval":
        return eval_config(config, "/resolved/model"), key[1:]
    if head == "judge":
        return (config.judge if step.kind == "label" else eval_config(config, "/resolved/model").judge), key[1:]
    if head == "data" and key[1] == "curate":
        return config.curate, key[2:]
    if head == "data" and key[1] in ("problems", "traces"):
        return config.sources[int(key[2])], key[3:]
    if head == "benchmark":
        return config.sources[0], key[1:]
    if head == "subsets":
        return config.subsets, key[1:]
    if head in ("data", "name"):
        return config, key[-1:]
    if head == "students" and key[2] == "model":
        if step.kind == "label":
            return config, ("tokenizer",)
        if step.kind == "train" and not any(d.startswith("train/") for d in step.deps):
            return config.train, ("model",)
        if step.kind == "eval" and not any(d.startswith("train/") for d in step.deps):
            return config.eval.infer, ("model",)
    return None


def value_at(obj: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        obj = obj[int(part)] if isinstance(obj, list | tuple) else getattr(obj, part)
    return obj


def same(got: Any, want: Any, key: tuple[str, ...], spec_dir: Path) -> bool:
    """Equal as JSON; paths in a spec are relative to the study file, so they arrive resolved."""
    if key[-1] == "path" and want is not None:
        want = str((spec_dir / want).resolve())
    if key[-1] == "question_dirs":
        want = {name: str((spec_dir / folder).resolve()) for name, folder in want.items()}
    return to_jsonable_python(got) == to_jsonable_python(want)


# Keys whose value other keys of the base spec refer to: renaming it alone breaks those references.
REFERRED_BY = {
    ("stages", "0", "name"): ["stages.1.init"],
    ("subsets", "ladders", "0", "name"): ["stages.0.subsets", "stages.1.init"],
    ("subsets", "ladders", "0", "seeds"): ["stages.1.init"],
    ("subsets", "ladders", "0", "size_by"): ["stages.1.init"],
    ("subsets", "splits", "0", "name"): ["stages.1.subsets"],
}


def names(key: tuple[str, ...], problems: str) -> bool:
    """The refusal is about `key`: it names the key, a section above it, a sibling (a required key the
    change left missing), or a key that refers to its value."""
    dotted = [".".join(key[:end]) for end in range(len(key), 1, -1)]
    return (any(f"{k}:" in problems or f"{k} at" in problems for k in dotted) or f"{'.'.join(key[:-1])}." in problems
            or any(f"{k}." in problems or f"{k}:" in problems for k in REFERRED_BY.get(key, [])))


@pytest.fixture(scope="module")
def spec_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("spec")
    (folder / "probe-value").write_text('{"id": "p", "source": "x", "statement": "s"}\n')  # a `path` that exists
    return folder


@pytest.fixture(scope="module")
def base_plan(spec_dir) -> Plan:
    result, problems = plan(BASE, spec_dir)
    assert result is not None, problems
    return result


def test_the_leaves_cover_every_section():
    keys = {".".join(key) for key, _ in LEAVES}
    for expected in ("judge.time_limit_s", "eval.judge.time_limit_s", "eval.infer.sampling.n", "eval.infer.sampling.preset",
                     "data.curate.dedup.threshold", "train.lora.lora_alpha", "stages.1.train.learning_rate",
                     "data.problems.0.options.skip_bad", "benchmark.options.release_version", "subsets.splits.0.size",
                     "executor.kind", "students.0.model"):
        assert expected in keys
    assert len(LEAVES) > 250


@pytest.mark.parametrize(("key", "annotation"), LEAVES, ids=[".".join(key) for key, _ in LEAVES])
def test_a_changed_setting_reaches_exactly_its_steps(key, annotation, base_plan, spec_dir):
    before = {s.id: s.digest for s in base_plan.steps}
    current = get_key(BASE, key)
    refusals = []
    for value in candidates(annotation):
        if to_jsonable_python(value) == to_jsonable_python(current):
            continue
        new, problems = plan(set_key(BASE, key, value), spec_dir)
        if new is None:
            refusals.append((value, problems))
            continue
        digests = {s.id: s.digest for s in new.steps}
        if key[0] == "executor":  # the runner reads it from the spec; no step's output depends on it
            assert digests == before and value_at(new.spec, key) == value
            return
        if digests == before and _unchanged(base_plan, new, key, value):
            continue  # a value the resolved config already had (e.g. a default the base spec did not spell out)
        changed = {i for i, d in digests.items() if before.get(i) != d}
        old_deps = {s.id: s.deps for s in base_plan.steps}
        reshaped = {s.id for s in new.steps if old_deps.get(s.id) != s.deps}  # new steps, or new inputs
        expected = dependants(new, (consumers(key, new) & set(digests)) | reshaped)
        assert changed == expected, (f"{'.'.join(key)}={value!r}: digests changed for {sorted(changed - expected)} "
                                     f"that do not use it, and not for {sorted(expected - changed)} that do")
        for step_id in consumers(key, new):
            where = received(new.by_id[step_id], key)
            if where is not None:
                got = value_at(*where)
                assert same(got, value, key, spec_dir), f"{step_id} receives {'.'.join(key)}={got!r}, not {value!r}"
        return
    assert refusals, f"{'.'.join(key)}: no value of {annotation} differs from {current!r}"
    for value, problems in refusals:  # no new value is accepted: each must be refused, naming the key
        assert names(key, problems), f"{'.'.join(key)}={value!r} was refused without naming the key:\n{problems}"


def _unchanged(old: Plan, new: Plan, key: tuple[str, ...], value: Any) -> bool:
    """The value was already in effect: every consuming step already received it (a default the base
    spec does not spell out), or, for a key that only shapes the graph, the graph is the same."""
    for step_id in consumers(key, new):
        where = received(old.by_id[step_id], key) if step_id in old.by_id else None
        if where is not None and not same(value_at(*where), value, key, Path("/")):
            return False
    return [s.id for s in old.steps] == [s.id for s in new.steps]


@pytest.mark.parametrize("node", NODES, ids=[".".join(node) or "<root>" for node in NODES])
def test_a_misspelt_key_at_any_depth_fails_at_plan_time(node, spec_dir):
    key = (*node, "probe_typo")
    new, problems = plan(set_key(BASE, key, 1), spec_dir)
    assert new is None and f"{'.'.join(key)}: Extra inputs are not permitted" in problems, problems


def test_load_study_reports_an_override_typo_as_coming_from_the_command_line(tmp_path):
    import yaml

    from codedistill.study import load_study

    path = tmp_path / "study.yaml"
    path.write_text(yaml.safe_dump(BASE, sort_keys=False))
    with pytest.raises(ConfigError, match=r"command line: data\.curate\.dedup\.treshold: Extra inputs"):
        load_study(path, ["data.curate.dedup.treshold=0.7"])


@pytest.mark.parametrize("name", sorted(__import__("codedistill.infer.presets", fromlist=["PRESETS"]).PRESETS))
def test_the_spec_preset_is_the_one_the_eval_step_samples_with(name, spec_dir):
    """One preset registry, one key: `eval.infer.sampling.preset` fills every sampling field the spec
    does not set (the base spec sets n), and nothing overrides it."""
    from codedistill.infer.presets import PRESETS

    new, problems = plan(set_key(BASE, ("eval", "infer", "sampling", "preset"), name), spec_dir)
    assert new is not None, problems
    for step in new.of_kind("eval"):
        sampling = eval_config(step.config, "/m").infer.sampling
        for field, value in PRESETS[name].items():
            assert getattr(sampling, field) == (2 if field == "n" else value), (name, field)


def test_the_cost_line_counts_what_the_steps_will_do(base_plan):
    from codedistill.starter import starter_problems

    evals = base_plan.of_kind("eval")
    assert base_plan.totals() == {
        "train_examples": 4 + 8 + 3 + 3,  # the ladder's two sizes and the two arms of the split
        "samples": len(evals) * len(starter_problems("eval")) * 2,  # n = 2 from the spec, not the preset's 1
    }


def test_the_key_a_server_names_reaches_the_eval_step_and_nothing_records_it(spec_dir):
    """`api_key_env` names a variable; `study run` reads only that one and hands it to the eval steps."""
    from codedistill.config import dump_config
    from codedistill.study.run import api_key_names

    spec = set_key(BASE, ("eval", "infer", "backend"), "openai")
    spec = set_key(spec, ("eval", "infer", "openai", "api_key_env"), "PROBE_KEY")
    new, problems = plan(spec, spec_dir)
    assert new is not None, problems
    assert api_key_names(new) == {"PROBE_KEY"}
    step = new.of_kind("eval")[0]
    received_cfg = eval_config(step.config, "served-model", {"PROBE_KEY": "sk-probe", "OTHER": "x"})
    assert received_cfg.infer.server.api_key.get_secret_value() == "sk-probe"
    assert "sk-probe" not in dump_config(received_cfg) and "sk-probe" not in received_cfg.model_dump_json()
