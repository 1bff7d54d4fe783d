"""Load a study file and plan it; every problem of the whole spec is reported at once, before any work."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from codedistill.config import (
    Issue,
    deep_merge,
    error_key,
    format_issues,
    parse_overrides,
    read_yaml,
    validation_issues,
)
from codedistill.errors import ConfigError
from codedistill.store import Store
from codedistill.study.plan import Plan, plan_or_issues
from codedistill.study.run import Event, api_key_names, run_plan
from codedistill.study.spec import StudySpec


def quickstart_spec_path() -> Path:
    return Path(str(resources.files("codedistill") / "configs" / "study" / "quickstart.yaml"))


def load_study(path: str | Path, overrides: Iterable[str] | None = None) -> tuple[StudySpec, Plan]:
    """Validate the spec (every key at any depth), resolve its sections and plan it.

    All problems are collected and raised as one `ConfigError`, each as `file:line: key: message`
    (`command line` for a key an override set).
    """
    data, marks = read_yaml(path)
    extra = parse_overrides(overrides)
    data = deep_merge(data, extra)
    marks = {**marks, **{key: "command line" for key in _paths(extra)}}
    spec, issues = validate_spec(data)
    plan = None
    if spec is not None:
        plan, more = plan_or_issues(spec, Path(path).resolve().parent)
        issues += more
    issues = list(dict.fromkeys(issues))  # a study-level key shared by several stages is reported once
    if issues or plan is None:
        raise ConfigError(format_issues(issues, str(path), marks, f"{path}: {len(issues)} problem(s) in the study:"))
    return spec, plan


def validate_spec(data: dict[str, Any], rounds: int = 5) -> tuple[StudySpec | None, list[Issue]]:
    """The spec, and every key-level problem; after problems, the spec without the bad keys (so the checks
    that need a whole spec still run and report theirs too), or None when a required key is bad."""
    issues: list[Issue] = []
    for _ in range(rounds):
        try:
            spec = StudySpec.model_validate(data)
        except ValidationError as exc:
            issues += validation_issues(exc, StudySpec)
            data, removed = _without(data, [error_key(err) for err in exc.errors()])
            if not removed:
                return None, issues
        else:
            return spec, issues
    return None, issues


def _without(data: dict[str, Any], keys: list[tuple[str, ...]]) -> tuple[dict[str, Any], bool]:
    """`data` with each key path removed (its default applies again); False when none could be removed."""
    data, removed = copy.deepcopy(data), False
    for key in keys:
        node: Any = data
        for part in key[:-1]:
            node = node[int(part)] if isinstance(node, list) and part.isdigit() and int(part) < len(node) else (
                node.get(part) if isinstance(node, dict) else None)
        if isinstance(node, dict) and key and key[-1] in node:
            del node[key[-1]]
            removed = True
    return data, removed


def _paths(nested: dict[str, Any], prefix: tuple[str, ...] = ()) -> Iterable[tuple[str, ...]]:
    for key, value in nested.items():
        yield (*prefix, key)
        if isinstance(value, dict):
            yield from _paths(value, (*prefix, key))


def run_study(path: str | Path, store: Store, *, model_cache: Path, overrides: Iterable[str] | None = None,
              on_event: Event | None = None, environ: Mapping[str, str] | None = None) -> Plan:
    """Load, plan and run a study; `environ` (the CLI passes `os.environ`) supplies only the API keys the
    plan's servers name."""
    _, plan = load_study(path, overrides)
    secrets = {name: (environ or {})[name] for name in api_key_names(plan) if name in (environ or {})}
    run_plan(plan, store, model_cache=model_cache, on_event=on_event, secrets=secrets)
    return plan
