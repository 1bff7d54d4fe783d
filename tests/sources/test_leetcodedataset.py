"""LeetCodeDataset rows → positional functional problems; train responses → traces."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from codedistill.errors import DataError
from codedistill.records import Difficulty
from codedistill.records import TestKind as Kind
from codedistill.sources.leetcodedataset import (
    _extra_imports,
    read_leetcodedataset,
    read_leetcodedataset_traces,
    structure_types,
    to_positional_test,
)
from codedistill.sources.rows import Rejects

MINI = Path(__file__).parents[1] / "data" / "sources" / "leetcodedataset_mini.jsonl"


def test_keyword_inputs_become_positional_json_lines() -> None:
    problems = list(read_leetcodedataset(MINI, skip_bad=True))
    assert [p.id for p in problems] == ["two-sum-mini", "echo-mini", "tree-mini"]
    add, echo, _ = problems
    assert add.fn_name == "add" and add.difficulty == Difficulty.EASY and add.contest_date == "2024-09-01"
    # `b = [1,2], a = 3` is reordered by the signature (a, b); the "Error: ..." pair is not a test.
    assert [(t.input, t.output) for t in add.tests] == [("3\n[1, 2]", "[4, 5]"), ("0\n[]", "[]")]
    assert all(t.kind == Kind.FUNCTIONAL for t in add.tests)
    assert add.solutions and "return" in add.solutions[0]
    # A `-> str` output is stored unquoted and becomes a JSON string; `True` becomes JSON true.
    assert (echo.tests[0].input, echo.tests[0].output) == ('"ab"\ntrue', '"abab"')


def test_tree_and_list_arguments_keep_leetcode_json_and_declare_their_types() -> None:
    tree = list(read_leetcodedataset(MINI))[2]
    assert tree.metadata["leetcode_types"] == {"params": ["TreeNode"], "returns": None}
    assert [(t.input, t.output) for t in tree.tests] == [("[1, null, 2]", "2")]
    assert structure_types("class Solution:\n    def f(self, a: int, h: ListNode) -> Optional[TreeNode]:", "f") == {
        "params": [None, "ListNode"], "returns": "TreeNode"}
    assert structure_types("class Solution:\n    def f(self, a: List[int]) -> int:", "f") is None


def test_other_node_types_are_a_clear_error_unless_skipped(tmp_path: Path) -> None:
    row = json.loads(MINI.read_text().splitlines()[2])
    row["starter_code"] = row["starter_code"].replace("Optional[TreeNode]", "Node")
    path = tmp_path / "rows.jsonl"
    path.write_text(json.dumps(row) + "\n")
    with pytest.raises(DataError, match=r"rows.jsonl:1: tree-mini: argument type 'Node' has no JSON form"):
        list(read_leetcodedataset(path))
    rejects = Rejects()
    assert list(read_leetcodedataset(path, skip_bad=True, rejects=rejects)) == []
    assert rejects.count == 1 and "has no JSON form" in next(iter(rejects.reasons))


@pytest.mark.parametrize(("given", "output", "returns", "expected"), [
    ("[1,2,3,1], 2", "4", "int", ("[1, 2, 3, 1]\n2", "4")),  # already positional
    ("start = 1, finish = [true, null]", "false ", "bool", ("1\n[true, null]", "false")),  # older names, JSON values
    ('"abbaca"', '"ca"', "str", ('"abbaca"', '"ca"')),  # a quoted `-> str` answer
    ('s = "x"', "ca", "str", ('"x"', '"ca"')),  # the usual unquoted one
])
def test_positional_rows_json_values_and_quoted_strings(given: str, output: str, returns: str, expected: tuple) -> None:
    test = to_positional_test(given, output, ["a", "b"] if "," in given else ["a"], returns)
    assert (test.input, test.output) == expected


def test_mismatched_names_are_rejected() -> None:
    with pytest.raises(ValueError, match="do not match"):
        to_positional_test("x = 1, z = 2", "1", ["y"], "int")
    with pytest.raises(ValueError, match="neither"):
        to_positional_test("1, x = 2", "1", ["x", "y"], "int")


def test_traces_from_the_train_split(tmp_path: Path) -> None:
    row = {"task_id": "t", "query": "Q", "response": "Use a loop.\n```python\nclass Solution:\n    pass\n```",
           "meta": {"difficulty": "Hard"}}
    path = tmp_path / "train.jsonl"
    path.write_text(json.dumps(row) + "\n")
    (trace,) = read_leetcodedataset_traces(path)
    assert (trace.problem_id, trace.prompt, trace.difficulty) == ("t", "Q", Difficulty.HARD)
    assert trace.code == "class Solution:\n    pass" and trace.verdict is None


def test_real_files(shared_data: Path) -> None:
    test_split = list(read_leetcodedataset(shared_data / "leetcodedataset/LeetCodeDataset-v0.3.1-test.jsonl.gz", skip_bad=True))
    assert len(test_split) == 228
    assert sum(len(p.tests) for p in test_split) > 23_000
    traces = list(read_leetcodedataset_traces(shared_data / "leetcodedataset/LeetCodeDataset-v0.2.0-train.jsonl.gz"))
    assert len(traces) == 1890 and all(t.code for t in traces)


def test_only_imports_beyond_the_standard_library_are_kept() -> None:
    prompt = "import heapq\nfrom sortedcontainers import SortedList\nfrom typing import *\n\nclass ListNode:\n    pass\n"
    assert _extra_imports(prompt) == "from sortedcontainers import SortedList"
    assert _extra_imports("import math\n") == ""
