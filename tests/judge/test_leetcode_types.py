"""LeetCode's environment: ListNode/TreeNode arguments (JSON lists in, structures to the solution, lists
back out) and a problem's own imports (SortedList)."""

from __future__ import annotations

import pytest

from codedistill.judge import JudgeConfig, judge_samples
from codedistill.judge.leetcode import ListNode, TreeNode, build, tree_values, values
from codedistill.records import Problem, Sample, TestCase, VerdictStatus
from codedistill.records import TestKind as Kind

CFG = JudgeConfig(workers=2, time_limit_s=2.0, wall_limit_s=4.0, memory_limit_mb=512)


@pytest.mark.parametrize("items", [[], [1], [1, 2, 3], [1, None, 2, 3], [5, 4, 8, 11, None, 13, 4, 7, 2, None, None, None, 1]])
def test_trees_round_trip_in_leetcode_level_order(items: list) -> None:
    assert values("TreeNode", build("TreeNode", items)) == items


def test_tree_shape_follows_leetcode() -> None:
    root = build("TreeNode", [1, None, 2, 3])
    assert root.left is None and root.right.val == 2 and root.right.left.val == 3 and root.right.right is None


def test_lists_round_trip_and_cycles_are_refused() -> None:
    assert values("ListNode", build("ListNode", [7, 0, 8])) == [7, 0, 8]
    assert build("ListNode", []) is None and values("ListNode", None) == []
    loop = ListNode(1)
    loop.next = loop
    with pytest.raises(ValueError, match="cycle"):
        values("ListNode", loop)
    node = TreeNode(1)
    node.left = node
    with pytest.raises(ValueError, match="cycle"):
        tree_values(node)
    with pytest.raises(TypeError, match="expected a ListNode"):
        values("ListNode", [1, 2])


def _problem(fn_name: str, types: dict, *pairs: tuple[str, str]) -> Problem:
    tests = [TestCase(input=i, output=o, kind=Kind.FUNCTIONAL) for i, o in pairs]
    return Problem(id=fn_name, source="test", statement="", fn_name=fn_name, tests=tests, metadata={"leetcode_types": types})


ADD = _problem("addTwoNumbers", {"params": ["ListNode", "ListNode"], "returns": "ListNode"},
               ("[2,4,3]\n[5,6,4]", "[7,0,8]"), ("[0]\n[0]", "[0]"), ("[9,9]\n[1]", "[0,0,1]"))
ADD_RIGHT = """
class Solution:
    def addTwoNumbers(self, l1: Optional[ListNode], l2: Optional[ListNode]) -> Optional[ListNode]:
        head = tail = ListNode()
        carry = 0
        while l1 or l2 or carry:
            total = carry + (l1.val if l1 else 0) + (l2.val if l2 else 0)
            carry, digit = divmod(total, 10)
            tail.next = tail = ListNode(digit)
            l1, l2 = l1 and l1.next, l2 and l2.next
        return head.next
"""
INVERT = _problem("invertTree", {"params": ["TreeNode"], "returns": "TreeNode"},
                  ("[4,2,7,1,3,6,9]", "[4,7,2,9,6,3,1]"), ("[]", "[]"), ("[1,null,2]", "[1,2]"))
INVERT_RIGHT = """
class Solution:
    def invertTree(self, root: Optional[TreeNode]) -> Optional[TreeNode]:
        if root:
            root.left, root.right = self.invertTree(root.right), self.invertTree(root.left)
        return root
"""
DEPTH = _problem("maxDepth", {"params": ["TreeNode"], "returns": None}, ("[3,9,20,null,null,15,7]", "3"), ("[]", "0"))
DEPTH_RIGHT = """
class Solution:
    def maxDepth(self, root: Optional[TreeNode]) -> int:
        return 1 + max(self.maxDepth(root.left), self.maxDepth(root.right)) if root else 0
"""


@pytest.mark.parametrize(("problem", "code", "status"), [
    (ADD, ADD_RIGHT, VerdictStatus.ACCEPTED),
    (INVERT, INVERT_RIGHT, VerdictStatus.ACCEPTED),
    (DEPTH, DEPTH_RIGHT, VerdictStatus.ACCEPTED),
    (INVERT, "class Solution:\n    def invertTree(self, root):\n        return root", VerdictStatus.WRONG_ANSWER),
    (ADD, "class Solution:\n    def addTwoNumbers(self, a, b):\n        return [7, 0, 8]", VerdictStatus.WRONG_ANSWER),
    (ADD, "class Solution:\n    def addTwoNumbers(self, a, b):\n        a.next.next.next = a\n        return a", VerdictStatus.WRONG_ANSWER),
    (DEPTH, "class Solution:\n    def maxDepth(self, root):\n        return root.left.left.val", VerdictStatus.RUNTIME_ERROR),
    # A solution that defines the classes itself (as LeetCode's comment suggests) still works.
    (DEPTH, "class TreeNode:\n    pass\n" + DEPTH_RIGHT, VerdictStatus.ACCEPTED),
])
def test_solutions_are_judged_on_structures(problem: Problem, code: str, status: VerdictStatus) -> None:
    (verdict,) = judge_samples([problem], [Sample(problem_id=problem.id, sample_id=0, code=code)], CFG)
    assert verdict.status == status, verdict.first_failure


def test_cycle_is_reported_as_a_wrong_answer_with_the_reason() -> None:
    code = "class Solution:\n    def addTwoNumbers(self, a, b):\n        a.next.next.next = a\n        return a"
    (verdict,) = judge_samples([ADD], [Sample(problem_id=ADD.id, sample_id=0, code=code)], CFG)
    assert "cycle" in verdict.first_failure.message


@pytest.mark.parametrize("types", [{"params": ["Node"], "returns": None}, {"params": "TreeNode"}, ["TreeNode"]])
def test_malformed_type_declarations_are_a_verdict_naming_the_problem(types: object) -> None:
    problem = DEPTH.model_copy(update={"metadata": {"leetcode_types": types}})
    (verdict,) = judge_samples([problem], [Sample(problem_id=problem.id, sample_id=0, code=DEPTH_RIGHT)], CFG)
    assert verdict.status == VerdictStatus.SANDBOX_ERROR
    assert "maxDepth" in verdict.first_failure.message and "leetcode_types" in verdict.first_failure.message


def test_wrong_argument_count_is_a_bad_test_not_a_crash() -> None:
    problem = _problem("maxDepth", {"params": ["TreeNode", None], "returns": None}, ("[1]", "1"))
    (verdict,) = judge_samples([problem], [Sample(problem_id=problem.id, sample_id=0, code=DEPTH_RIGHT)], CFG)
    assert verdict.status == VerdictStatus.SANDBOX_ERROR and "declared types" in verdict.first_failure.message


SORTED = """
class Solution:
    def median(self, nums: List[int]) -> int:
        s = SortedList(nums)
        return s[len(s) // 2]
"""


@pytest.mark.parametrize(("imports", "status", "message"), [
    ("from sortedcontainers import SortedList", VerdictStatus.ACCEPTED, ""),
    (None, VerdictStatus.RUNTIME_ERROR, "NameError: name 'SortedList' is not defined"),
    ("from no_such_package import SortedList", VerdictStatus.RUNTIME_ERROR, "the problem's imports failed: ModuleNotFoundError"),
    (["not", "a string"], VerdictStatus.SANDBOX_ERROR, "metadata.imports must be a string"),
])
def test_a_problem_can_bring_its_environment_imports(imports: object, status: VerdictStatus, message: str) -> None:
    problem = Problem(id="median", source="test", statement="", fn_name="median",
                      tests=[TestCase(input="[3, 1, 2]", output="2", kind=Kind.FUNCTIONAL)],
                      metadata={} if imports is None else {"imports": imports})
    (verdict,) = judge_samples([problem], [Sample(problem_id="median", sample_id=0, code=SORTED)], CFG)
    assert verdict.status == status
    assert message in (verdict.first_failure.message if verdict.first_failure else "")
