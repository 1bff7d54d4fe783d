"""Configs are pydantic models loaded from YAML and overridden with `key=value`.

Precedence is model defaults < YAML < overrides. Every validation problem is reported at once, as
`file:line: key: what is wrong (got value); allowed: ...`.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from codedistill.errors import ConfigError

C = TypeVar("C", bound=BaseModel)


class StageConfig(BaseModel):
    """Base of every stage config: unknown keys are errors and resolved configs are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@functools.cache
def keys_model(model: type[BaseModel]) -> type[StageConfig]:
    """The keys of `model` as a section of a larger file may set them: every field optional, unset by default.

    Types and constraints are kept, so a misspelt key or a bad value fails where it is written;
    `model`'s defaults, presets and cross-field rules apply when the keys that were set
    (`model_dump(exclude_unset=True)`) are resolved into `model` itself. A study's `train:` section is
    `keys_model(TrainConfig)`: it holds what the study sets, and each stage resolves it into a TrainConfig.
    """
    fields: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        annotation = _keys_annotation(info.annotation)
        if info.metadata:
            annotation = Annotated[(annotation, *info.metadata)]
        fields[name] = (annotation | None, Field(default=None, description=info.description, exclude=info.exclude))
    return create_model(f"{model.__name__}Keys", __base__=StageConfig, __module__=model.__module__,
                        __doc__=f"Keys of `{model.__name__}`; unset ones take its defaults.", **fields)


def _keys_annotation(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return keys_model(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return typing.Union[tuple(_keys_annotation(arg) for arg in typing.get_args(annotation))]  # noqa: UP007
    return annotation


def set_keys(section: BaseModel | None) -> dict[str, Any]:
    """What a `keys_model` section (or any model) was given explicitly, nested."""
    return section.model_dump(exclude_unset=True) if section is not None else {}


def read_yaml(path: str | Path) -> tuple[dict[str, Any], dict[tuple[str, ...], int]]:
    """A YAML mapping and the line of each of its key paths; a missing file or bad YAML is a ConfigError."""
    try:
        text = Path(path).read_text(encoding="utf-8")
        loaded = yaml.safe_load(text) or {}
        marks = line_marks(text)
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(loaded, dict):
        raise ConfigError(f"{path}: expected a mapping of keys at the top level, got {type(loaded).__name__}")
    return loaded, marks


def line_marks(text: str) -> dict[tuple[str, ...], int]:
    """Map each key path of a YAML mapping to its 1-based line number."""
    marks: dict[tuple[str, ...], int] = {}

    def walk(node: yaml.Node, prefix: tuple[str, ...]) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                path = (*prefix, str(key.value))
                marks[path] = key.start_mark.line + 1
                walk(value, path)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                marks[(*prefix, str(index))] = item.start_mark.line + 1
                walk(item, (*prefix, str(index)))

    root = yaml.compose(text)
    if root is not None:
        walk(root, ())
    return marks


def parse_overrides(overrides: Iterable[str] | Mapping[str, Any] | None) -> dict[str, Any]:
    """Turn `["train.learning_rate=1e-4", ...]` into a nested dict; values are parsed as YAML."""
    if overrides is None:
        return {}
    items = overrides.items() if isinstance(overrides, Mapping) else (_split_override(o) for o in overrides)
    nested: dict[str, Any] = {}
    for key, value in items:
        node = nested
        *parents, leaf = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return nested


def section_overrides(overrides: Iterable[str] | None, *sections: str) -> dict[str, dict[str, Any]]:
    """Split `source.x=1 curate.y=2` by their first key, for a file that holds one config per section."""
    nested = parse_overrides(overrides)
    unknown = sorted(set(nested) - set(sections))
    if unknown:
        raise ConfigError(
            f"override `{unknown[0]}`: this command's overrides start with a section name ({', '.join(sections)}), "
            f"e.g. {sections[0]}.KEY=VALUE"
        )
    return {section: nested.get(section, {}) for section in sections}


def _split_override(text: str) -> tuple[str, Any]:
    key, sep, raw = text.partition("=")
    if not sep or not key.strip():
        raise ConfigError(f"override `{text}`: expected key=value, e.g. train.learning_rate=1e-4")
    return key.strip(), yaml.safe_load(raw) if raw.strip() else ""


def deep_merge(base: dict[str, Any], update: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in update.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        elif isinstance(value, Mapping) and isinstance(merged.get(key), list) and all(str(k).isdigit() for k in value):
            merged[key] = _merge_list(merged[key], value)  # `splits.0.size=300` sets one list item's key
        else:
            merged[key] = value
    return merged


def _merge_list(base: list[Any], update: Mapping[str, Any]) -> list[Any]:
    merged = list(base)
    for index, value in update.items():
        position = int(index)
        if position >= len(merged):
            raise ConfigError(f"override index {index}: the list has only {len(merged)} item(s)")
        if isinstance(value, Mapping) and isinstance(merged[position], dict):
            merged[position] = deep_merge(merged[position], value)
        else:
            merged[position] = value
    return merged


def load_config(
    model: type[C],
    path: str | Path | None = None,
    overrides: Iterable[str] | Mapping[str, Any] | None = None,
    *,
    section: str | None = None,
) -> C:
    """Build `model` from an optional YAML file (or one `section` of it) plus overrides."""
    data: dict[str, Any] = {}
    marks: dict[tuple[str, ...], int] = {}
    source = "<overrides>"
    if path is not None:
        source = str(path)
        data, marks = read_yaml(path)
        if section is not None:
            data = data.get(section, {}) or {}
            marks = {k[1:]: v for k, v in marks.items() if k[:1] == (section,)}
            if not isinstance(data, dict):
                raise ConfigError(f"{path}: {section}: expected a mapping of keys, got {type(data).__name__}")
    data = deep_merge(data, parse_overrides(overrides))
    return validate_config(model, data, source=source, marks=marks)


def validate_config(
    model: type[C],
    data: Mapping[str, Any],
    *,
    source: str = "<config>",
    marks: Mapping[tuple[str, ...], int] = {},
    prefix: tuple[str, ...] = (),
) -> C:
    """Validate `data`; `prefix` is where it sits in a larger file (errors then show `train.learning_rate`)."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(format_validation_error(exc, model, source, marks, prefix)) from None


@dataclass(frozen=True)
class Issue:
    """One thing wrong with a config: the key path at fault (`("train", "learning_rate")`) and what."""

    key: tuple[str, ...]
    message: str
    related: tuple[tuple[str, ...], ...] = ()  # other keys the problem involves (a rule over two keys names both)


def validation_issues(exc: ValidationError, model: type[BaseModel], prefix: tuple[str, ...] = ()) -> list[Issue]:
    """Each pydantic error as an `Issue` at its key path, with the bad value or the allowed keys."""
    issues = []
    for err in exc.errors():
        inner = error_key(err)
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] not in ("missing", "extra_forbidden") and "input" in err and not isinstance(err["input"], Mapping):
            message += f" (got {_short(err['input'])})"
        if err["type"] == "extra_forbidden":
            message += f"; allowed keys: {', '.join(_allowed_keys(model, inner[:-1]))}"
        issues.append(Issue((*prefix, *inner), message))
    return issues


def error_key(err: Any) -> tuple[str, ...]:
    """The key path of a pydantic error, without validator and union-member tags."""
    return tuple(str(p) for p in err["loc"] if not str(p).startswith("function-"))


def format_issues(issues: Iterable[Issue], source: str, marks: Mapping[tuple[str, ...], int | str], title: str) -> str:
    """`title`, then one `file:line: key: message` line per issue (each once), then what to do.

    A mark that is a string instead of a line number says where else the key came from (an override)."""
    def where(key: tuple[str, ...]) -> str:
        line = _nearest_mark(marks, key)
        return source if line is None else f"{source}:{line}" if isinstance(line, int) else str(line)

    lines = [title]
    for issue in sorted(issues, key=lambda i: (m if isinstance(m := _nearest_mark(marks, i.key), int) else 0)):
        text = f"  {where(issue.key)}: {'.'.join(issue.key) or '<root>'}: {issue.message}"
        if issue.related:
            related = "; ".join(f"{'.'.join(key)} at {where(key)}" for key in issue.related)
            text += f" (related: {related})"
        if text not in lines:
            lines.append(text)
    lines.append("Fix the values above, or delete a key to use its default.")
    return "\n".join(lines)


def format_validation_error(
    exc: ValidationError,
    model: type[BaseModel],
    source: str,
    marks: Mapping[tuple[str, ...], int],
    prefix: tuple[str, ...] = (),
) -> str:
    return format_issues(validation_issues(exc, model, prefix), source, marks,
                         f"{source}: {exc.error_count()} invalid setting(s) for {model.__name__}:")


def _short(value: Any, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _nearest_mark(marks: Mapping[tuple[str, ...], int | str], loc: tuple[str, ...]) -> int | str | None:
    for end in range(len(loc), 0, -1):
        if loc[:end] in marks:
            return marks[loc[:end]]
    return None


def _allowed_keys(model: type[BaseModel], parent: tuple[str, ...]) -> list[str]:
    """Field names of the (possibly nested) model at `parent`; best effort for unions and lists."""
    current: Any = model
    for part in parent:
        if part.isdigit():  # an item of a list: its model is the list's
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return []
        current = _first_model(field.annotation)
        if current is None:
            return []
    return sorted(getattr(current, "model_fields", {}))


def _first_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _first_model(arg)
        if found is not None:
            return found
    return None


def dump_config(config: BaseModel) -> str:
    """The resolved config as YAML, written as `config.yaml` next to a run's artifacts."""
    return yaml.safe_dump(config.model_dump(mode="json"), sort_keys=False)
