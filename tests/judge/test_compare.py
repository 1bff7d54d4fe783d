"""The functional-value encoding on the pipe (no sandbox); the comparison rules are in test_checkers.py."""

from __future__ import annotations

import json

import pytest

from codedistill.judge.compare import decode_value, encode_value, parse_functional_input


@pytest.mark.parametrize(
    "value",
    [None, True, 3, -2.5, "s", [1, [2]], (1, (2, 3)), {"a": 1, 2: (3,)}, {1, 2}, frozenset({(1, 2)}), [float("inf")], 10**50],
)
def test_encoding_round_trips_python_types(value) -> None:
    decoded = decode_value(json.loads(json.dumps(encode_value(value))))
    assert decoded == value and type(decoded) is type(value)


def test_bool_is_not_confused_with_int() -> None:
    assert decode_value(encode_value(True)) is True
    assert decode_value(encode_value(1)) is not True


def test_objects_cannot_be_encoded() -> None:
    with pytest.raises(TypeError):
        encode_value(object())


def test_functional_input_is_one_json_value_per_line() -> None:
    assert parse_functional_input('[1, 2]\n"a"\n3\n') == [[1, 2], "a", 3]
    with pytest.raises(ValueError):
        parse_functional_input("[1,\n2]")
