"""LeetCodeDataset (arXiv 2504.14655) rows as functional `Problem`s, and the train split's responses as `Trace`s.

Its `input_output` pairs are keyword-style (``"n = 7, queries = [[0,5]]"`` → ``"[2, 2, 2]"``) and its
`check` calls the candidate with keywords; LiveCodeBench calls positionally with JSON arguments. Each pair
becomes a LCB functional test: the keyword values are ordered by the starter signature and written one
JSON value per line; the output is parsed as a Python literal (a `-> str` method's output is the raw
text, which the dataset stores unquoted). Pairs whose recorded output is the canonical solution's own
failure (``"Error: ..."``, ``"Execution timed out"``) are not tests and are dropped; so are the few whose
input is not a Python literal (``nums = [0001]``), listed in ``metadata["dropped_tests"]``. Values may
be written in LeetCode's JSON (``true``, ``null``). Linked lists and binary trees keep LeetCode's list
form, and the problem names them in ``metadata["leetcode_types"]`` for the judge (`judge/leetcode.py`).
The row's harness imports beyond the standard library (``SortedList``) go to ``metadata["imports"]``.

    >>> to_positional_test("n = 3, s = 'ab'", "True", ["s", "n"], "bool")
    TestCase(input='"ab"\\n3', output='true', kind=<TestKind.FUNCTIONAL: 'functional'>)
"""

from __future__ import annotations

import ast
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from codedistill.errors import data_error
from codedistill.extract import extract_code
from codedistill.judge.leetcode import TYPES as LEETCODE_TYPES
from codedistill.recordio import iter_jsonl
from codedistill.records import Difficulty, Problem, TestCase, TestKind, Trace
from codedistill.sources.rows import Rejects

_NOT_A_TEST = ("Error:", "Execution timed out")
_NODE = re.compile(r"\w*Node\b")
_JSON_NAMES = {"true": True, "false": False, "null": None}  # the dataset writes some values in LeetCode's JSON


def signature(starter_code: str, fn_name: str) -> tuple[list[str], str | None]:
    """Parameter names (without `self`) and the return annotation of `fn_name` in the starter code."""
    node = _method(starter_code, fn_name)
    names = [a.arg for a in node.args.args if a.arg != "self"]
    returns = ast.unparse(node.returns) if node.returns is not None else None
    return names, returns


def structure_types(starter_code: str, fn_name: str) -> dict[str, Any] | None:
    """The judge's `leetcode_types` (`ListNode`/`TreeNode` per parameter and for the return), or None."""
    node = _method(starter_code, fn_name)
    annotations = [a.annotation for a in node.args.args if a.arg != "self"] + [node.returns]
    kinds = [_structure(ast.unparse(a)) if a is not None else None for a in annotations]
    return {"params": kinds[:-1], "returns": kinds[-1]} if any(kinds) else None


def _structure(annotation: str) -> str | None:
    """`ListNode` or `TreeNode` for `Optional[TreeNode]` and the like; an error for other node types."""
    if not _NODE.search(annotation):
        return None
    name = annotation.removeprefix("Optional[").removesuffix("]")
    if name not in LEETCODE_TYPES:
        raise ValueError(f"argument type {annotation!r} has no JSON form (only ListNode and TreeNode, optionally Optional)")
    return name


def _method(starter_code: str, fn_name: str) -> ast.FunctionDef:
    tree = ast.parse(starter_code.rstrip() + "\n" + " " * 8 + "pass\n")
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == fn_name:
            return node
    raise ValueError(f"starter code has no method {fn_name!r}")


def to_positional_test(input_text: str, output_text: str, params: list[str], returns: str | None) -> TestCase:
    """One pair as a LCB functional test. Keyword inputs are ordered by `params`; a few rows are already
    positional (``[1,2,3], 2``) or use older parameter names (``start =`` for ``startGene``), and are taken
    in the order written when their count matches the signature."""
    call = ast.parse(f"f({input_text.strip()})", mode="eval").body
    if not isinstance(call, ast.Call) or (call.args and call.keywords):
        raise ValueError("input is neither `name = value` keywords nor positional values")
    values = [ast.literal_eval(_json_names(node)) for node in [*call.args, *(kw.value for kw in call.keywords)]]
    names = [kw.arg for kw in call.keywords]
    if set(names) == set(params):
        given = dict(zip(names, values, strict=True))
        values = [given[name] for name in params]
    elif len(values) != len(params):
        given = f"names {sorted(names)}" if names else f"{len(values)} values"
        raise ValueError(f"input {given} do not match the signature {params}")
    return TestCase(
        input="\n".join(json.dumps(value) for value in values),
        output=json.dumps(_string(output_text) if returns == "str" else _literal(output_text)),
        kind=TestKind.FUNCTIONAL,
    )


def _string(text: str) -> str:
    """A `-> str` answer: stored unquoted, except in the few positional rows that quote it (``"ca"``)."""
    stripped = text.strip()
    if len(stripped) >= 2 and stripped[0] == stripped[-1] == '"':
        try:
            return json.loads(stripped)
        except ValueError:
            pass
    return text


def _literal(text: str) -> Any:
    """A Python literal; the dataset also writes float infinities and NaN bare (`-inf`) and JSON (`[true,null]`)."""
    special = {"inf": float("inf"), "-inf": float("-inf"), "nan": float("nan")}
    if text.strip() in special:
        return special[text.strip()]
    return ast.literal_eval(_json_names(ast.parse(text.strip(), mode="eval").body))


class _JsonNames(ast.NodeTransformer):
    """Reads the bare names `true`, `false` and `null` as the JSON constants they are."""

    def visit_Name(self, name: ast.Name) -> ast.AST:
        return ast.Constant(_JSON_NAMES[name.id]) if name.id in _JSON_NAMES else name


def _json_names(node: ast.expr) -> ast.expr:
    return _JsonNames().visit(node)


def _extra_imports(prompt: str) -> str:
    """The import lines of the row's harness preamble that bring in packages beyond the standard library
    (``from sortedcontainers import SortedList``): LeetCode's environment has them, canonical solutions use
    `SortedList` without importing it, and LCB's preamble does not provide it."""
    lines = []
    for line in prompt.splitlines():
        match = re.match(r"(?:from|import)\s+(\w+)", line)
        if match and match.group(1) not in sys.stdlib_module_names:
            lines.append(line.strip())
    return "\n".join(lines)


def _difficulty(raw: str | None) -> Difficulty | None:
    value = (raw or "").lower()
    return Difficulty(value) if value in {d.value for d in Difficulty} else None


def _problem(row: dict[str, Any]) -> Problem:
    meta = row.get("meta") or {}
    starter = row.get("starter_code") or meta.get("lang_code") or ""
    entry = row["entry_point"]
    fn_name = entry.rsplit(".", 1)[-1]
    params, returns = signature(starter, fn_name)
    types = structure_types(starter, fn_name)
    tests, dropped = [], []
    for index, pair in enumerate(row["input_output"]):
        if str(pair["output"]).startswith(_NOT_A_TEST):
            continue
        try:
            tests.append(to_positional_test(pair["input"], pair["output"], params, returns))
        except (ValueError, SyntaxError) as exc:  # e.g. `nums = [0001]`: not a Python literal
            dropped.append(f"input_output[{index}]: {str(exc).splitlines()[0][:120]}")
    if not tests:
        raise ValueError("no convertible input_output pair")
    imports = _extra_imports(row.get("prompt", ""))
    difficulty_raw = row.get("difficulty") or meta.get("difficulty")
    return Problem(
        id=row["task_id"],
        source="leetcodedataset",
        platform="leetcode",
        title=row["task_id"].replace("-", " "),
        statement=row.get("problem_description") or meta.get("question_title") or "",
        starter_code=starter,
        fn_name=fn_name,
        tests=tests,
        difficulty=_difficulty(difficulty_raw),
        difficulty_raw=difficulty_raw,
        contest_date=row.get("estimated_date"),
        solutions=[row["completion"]] if row.get("completion") else [],
        metadata={"question_id": row.get("question_id", meta.get("question_id")), "tags": row.get("tags", []),
                  "dropped_tests": dropped, **({"leetcode_types": types} if types else {}),
                  **({"imports": imports} if imports else {})},
    )


def read_leetcodedataset(path: str | Path, *, skip_bad: bool = False, rejects: Rejects | None = None) -> Iterator[Problem]:
    """Problems with positional functional tests; a row that cannot be converted is an error naming it
    (or, with `skip_bad=True`, is skipped and recorded in `rejects` with the reason)."""
    for number, row in iter_jsonl(path):
        try:
            yield _problem(row)
        except (KeyError, ValueError, SyntaxError, TypeError) as exc:
            field = f"{exc.args[0]}" if isinstance(exc, KeyError) else None
            if skip_bad:
                if rejects is not None:
                    rejects.add(data_error(path, number, field, f"{row.get('task_id', '?')}: {exc}; its trace, if any, stays unlabelled"), row)
                continue
            raise data_error(path, number, field, f"{row.get('task_id', '?')}: {exc}; pass skip_bad=True to skip such rows") from None


def read_leetcodedataset_traces(path: str | Path) -> Iterator[Trace]:
    """The train split's model-written `response` (explanation + code, no think tags) as traces.

    Correctness is unknown until the response's code is judged (`Trace.verdict` stays None).
    """
    for number, row in iter_jsonl(path):
        response = row.get("response")
        if not isinstance(response, str) or "task_id" not in row:
            raise data_error(path, number, "response", "missing; expected the train split of LeetCodeDataset")
        meta = row.get("meta") or {}
        yield Trace(
            id=f"{row['task_id']}/response",
            problem_id=row["task_id"],
            teacher="leetcodedataset-response",
            source="leetcodedataset",
            prompt=row.get("query", ""),
            answer=response,
            code=extract_code(response),
            text=response,
            raw=response,
            difficulty=_difficulty(meta.get("difficulty") or row.get("difficulty")),
            difficulty_raw=meta.get("difficulty") or row.get("difficulty"),
            provenance={"dataset": "LeetCodeDataset", "file": Path(path).name, "line": number},
        )
