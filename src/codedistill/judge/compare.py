"""Functional values on the pipe between a submission and its worker: arguments in, return values out.

Stdlib only: the warm workers load this file by path inside the sandbox, where `codedistill` itself is
not importable. Arguments are LiveCodeBench's form (one JSON value per line, passed positionally);
return values are tagged JSON so that the worker can compare them as LCB's `==` would (`checkers.py`).
"""

from __future__ import annotations

import json
from typing import Any

# ---- the value encoding used on the pipe between the submission and the worker -------------------
# JSON cannot tell a tuple from a list or keep non-string dict keys, and LCB's `==` can, so values are
# tagged: every JSON object on the wire is a tag ({"t": tuple, "d": dict pairs, "s": set, "f": frozenset}).


def encode_value(value: Any) -> Any:
    """Turn a returned Python value into tagged JSON; raise TypeError for anything else (objects...)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        if type(value) not in (bool, int, float, str, type(None)):  # int/str subclasses: keep the value
            return encode_value(_builtin_copy(value))
        return value
    if isinstance(value, list):
        return [encode_value(v) for v in value]
    if isinstance(value, tuple):
        return {"t": [encode_value(v) for v in value]}
    if isinstance(value, dict):
        return {"d": [[encode_value(k), encode_value(v)] for k, v in value.items()]}
    if isinstance(value, frozenset):
        return {"f": [encode_value(v) for v in value]}
    if isinstance(value, set):
        return {"s": [encode_value(v) for v in value]}
    tolist = getattr(value, "tolist", None)  # numpy scalars and arrays compare like their Python values
    if callable(tolist) and type(value).__module__.startswith("numpy"):
        return encode_value(tolist())
    raise TypeError(f"cannot compare a returned {type(value).__name__}")


def _builtin_copy(value: Any) -> Any:
    for kind in (bool, int, float, str):
        if isinstance(value, kind):
            return kind(value)
    return value


def decode_value(data: Any) -> Any:
    """Inverse of `encode_value`."""
    if isinstance(data, list):
        return [decode_value(v) for v in data]
    if isinstance(data, dict):
        (tag, items), = data.items()
        if tag == "t":
            return tuple(decode_value(v) for v in items)
        if tag == "d":
            return {decode_value(k): decode_value(v) for k, v in items}
        if tag == "s":
            return {decode_value(v) for v in items}
        if tag == "f":
            return frozenset(decode_value(v) for v in items)
        raise ValueError(f"unknown value tag {tag!r}")
    return data


def parse_functional_input(text: str) -> list[Any]:
    """LCB: one JSON value per line, the positional arguments in order."""
    return [json.loads(line) for line in text.rstrip("\n").split("\n")]
