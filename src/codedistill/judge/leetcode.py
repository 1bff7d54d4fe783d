"""LeetCode's linked-list and binary-tree arguments, in the JSON form LeetCode itself uses.

LiveCodeBench has no form for `ListNode`/`TreeNode` arguments, so such problems are usually dropped. LeetCode
writes them as JSON lists: a linked list as its values, a binary tree in level order with `null` for a
missing child and trailing nulls trimmed. A problem whose `metadata["leetcode_types"]` names a type per
parameter and for the return value (`{"params": ["TreeNode", null], "returns": "ListNode"}`) is judged by
building those structures from the test's JSON arguments and writing the returned one back as a list.

Stdlib only: loaded by path inside the sandbox, like `compare.py`.

    >>> tree_values(build("TreeNode", [1, None, 2, 3]))
    [1, None, 2, 3]
"""

from __future__ import annotations

from collections import deque
from typing import Any

TYPES = ("ListNode", "TreeNode")
MAX_NODES = 1_000_000  # a returned structure larger than this is treated as cyclic


class ListNode:
    def __init__(self, val=0, next=None):
        self.val = val
        self.next = next


class TreeNode:
    def __init__(self, val=0, left=None, right=None):
        self.val = val
        self.left = left
        self.right = right


def build(kind: str | None, value: Any) -> Any:
    """The argument a solution receives for a JSON `value` declared as `kind` (None: the value itself)."""
    if kind is None:
        return value
    if not isinstance(value, list):
        raise ValueError(f"a {kind} argument must be a JSON list, got {type(value).__name__}")
    return _linked_list(value) if kind == "ListNode" else _tree(value)


def values(kind: str | None, node: Any) -> Any:
    """The JSON form of a returned `kind` (None: the value itself)."""
    if kind is None:
        return node
    if node is not None and type(node).__name__ != kind:
        raise TypeError(f"expected a {kind} or None, got {type(node).__name__}")
    return list_values(node) if kind == "ListNode" else tree_values(node)


def _linked_list(items: list) -> ListNode | None:
    head = None
    for item in reversed(items):
        head = ListNode(item, head)
    return head


def _tree(items: list) -> TreeNode | None:
    if not items or items[0] is None:
        return None
    root = TreeNode(items[0])
    parents, index = deque([root]), 1
    while parents and index < len(items):
        parent = parents.popleft()
        for side in ("left", "right"):
            if index < len(items) and items[index] is not None:
                child = TreeNode(items[index])
                setattr(parent, side, child)
                parents.append(child)
            index += 1
    return root


def list_values(head: ListNode | None) -> list:
    out, seen = [], 0
    while head is not None:
        seen += 1
        if seen > MAX_NODES:
            raise ValueError("the returned linked list has a cycle")
        out.append(head.val)
        head = head.next
    return out


def tree_values(root: TreeNode | None) -> list:
    out, queue, seen = [], deque([root]), 0
    while queue:
        node = queue.popleft()
        if node is None:
            out.append(None)
            continue
        seen += 1
        if seen > MAX_NODES:
            raise ValueError("the returned tree has a cycle")
        out.append(node.val)
        queue.extend((node.left, node.right))
    while out and out[-1] is None:
        out.pop()
    return out
