"""Every metric on hand-built generations, and pass@k against the closed form."""

from __future__ import annotations

import itertools
from math import comb

import pytest

from codedistill.evaluate.metrics import (
    FLAG_CODE_ONLY_IN_THINK,
    FLAG_EMPTY,
    FLAG_NO_CODE,
    FLAG_TRUNCATED,
    FLAG_UNCLOSED_THINK,
    compute_metrics,
    pass_at_k,
    percentile,
    sample_result,
)
from codedistill.records import Difficulty, Generation, Problem, Verdict, VerdictStatus

EASY = Problem(id="e1", source="t", platform="atcoder", statement="s", difficulty=Difficulty.EASY)
HARD = Problem(id="h1", source="t", platform="leetcode", statement="s", difficulty=Difficulty.HARD, fn_name="f")

TEXTS = {
    "empty": "",
    "only_think": "<think>\nlet me think about it",
    "two_blocks": "```python\nprint(1)\n```\nbetter:\n```python\nprint(2)\n```",
    "code_in_think": "<think>\n```python\nprint(3)\n```\n</think>\n\nThe answer is above.",
    "truncated": "<think>\nstart\n</think>\n\n```python\nprint(",
    "clean": "<think>\nplan\n</think>\n\n```python\nprint(4)\n```",
}


def gen(pid: str, idx: int, text: str, finish: str = "stop", tokens: int = 10) -> Generation:
    return Generation(problem_id=pid, sample_index=idx, text=text, finish_reason=finish, completion_tokens=tokens)


def verdict(pid: str, idx: int, status: VerdictStatus) -> Verdict:
    return Verdict(problem_id=pid, sample_id=idx, status=status, passed=int(status == "accepted"), total=1)


def test_flags_and_extraction_per_text():
    empty = sample_result(EASY, gen("e1", 0, TEXTS["empty"]), None)
    assert empty.status == "no_code" and not empty.has_code
    assert set(empty.flags) == {FLAG_EMPTY, FLAG_NO_CODE}

    think = sample_result(EASY, gen("e1", 1, TEXTS["only_think"], "length"), None)
    assert think.think_open and not think.think_closed and not think.answer_block
    assert set(think.flags) == {FLAG_NO_CODE, FLAG_UNCLOSED_THINK, FLAG_TRUNCATED}

    two = sample_result(EASY, gen("e1", 2, TEXTS["two_blocks"]), None)
    assert two.code == "print(2)" and not two.think_open and two.flags == ()

    inside = sample_result(EASY, gen("e1", 3, TEXTS["code_in_think"]), None)
    assert inside.code is None and inside.answer_block
    assert set(inside.flags) == {FLAG_NO_CODE, FLAG_CODE_ONLY_IN_THINK}

    cut = sample_result(EASY, gen("e1", 4, TEXTS["truncated"], "length"), None)
    assert cut.think_closed and cut.code is None and FLAG_TRUNCATED in cut.flags

    clean = sample_result(HARD, gen("h1", 0, TEXTS["clean"]), verdict("h1", 0, VerdictStatus.ACCEPTED))
    assert clean.accepted and clean.code == "print(4)" and clean.platform == "leetcode" and clean.difficulty == "hard"


def test_run_metrics_on_hand_built_generations():
    rows = [
        sample_result(EASY, gen("e1", 0, TEXTS["empty"], tokens=0), verdict("e1", 0, VerdictStatus.NO_CODE)),
        sample_result(EASY, gen("e1", 1, TEXTS["only_think"], "length", 100), verdict("e1", 1, VerdictStatus.NO_CODE)),
        sample_result(EASY, gen("e1", 2, TEXTS["two_blocks"], tokens=20), verdict("e1", 2, VerdictStatus.ACCEPTED)),
        sample_result(EASY, gen("e1", 3, TEXTS["code_in_think"], tokens=30), verdict("e1", 3, VerdictStatus.NO_CODE)),
        sample_result(HARD, gen("h1", 0, TEXTS["truncated"], "length", 100), verdict("h1", 0, VerdictStatus.NO_CODE)),
        sample_result(HARD, gen("h1", 1, TEXTS["clean"], tokens=50), verdict("h1", 1, VerdictStatus.WRONG_ANSWER)),
    ]
    m = compute_metrics(rows, ks=(1, 2, 4, 8))
    o = m.overall
    assert (o.problems, o.samples) == (2, 6)
    # pass@1: e1 has 1/4, h1 has 0/2 -> mean 0.125
    assert o.pass_at[1] == pytest.approx(0.125)
    assert o.pass_at[2] == pytest.approx((1 - comb(3, 2) / comb(4, 2) + 0.0) / 2)
    assert o.pass_at[4] == pytest.approx(1.0)  # only e1 has 4 samples, and it has one correct
    assert 8 not in o.pass_at
    assert o.completion_rate == pytest.approx(4 / 6)
    assert o.think_tag_rate == pytest.approx(4 / 6)  # only_think, code_in_think, truncated, clean
    assert o.think_closed_rate == pytest.approx(3 / 6)
    assert o.answer_block_rate == pytest.approx(3 / 6)
    assert o.code_rate == pytest.approx(2 / 6)
    assert o.tokens_mean == pytest.approx(50)
    assert o.tokens_percentiles == {50: 30.0, 90: 100.0, 99: 100.0}
    assert o.verdicts == pytest.approx({"accepted": 1 / 6, "no_code": 4 / 6, "wrong_answer": 1 / 6})
    assert o.flags[FLAG_TRUNCATED] == pytest.approx(2 / 6)
    assert set(m.by_difficulty) == {"easy", "hard"} and set(m.by_platform) == {"atcoder", "leetcode"}
    assert m.by_difficulty["hard"].completion_rate == 0.5 and m.by_platform["atcoder"].pass_at[1] == 0.25
    assert m.per_problem == {"e1": 0.25, "h1": 0.0}
    flat = m.flat()
    assert flat["pass@1"] == pytest.approx(0.125) and flat["difficulty/easy/think_tag_rate"] == 0.5
    assert flat["verdict/no_code"] == pytest.approx(4 / 6)


def test_empty_run_and_duplicates_are_errors():
    with pytest.raises(ValueError, match="no samples"):
        compute_metrics([])
    row = sample_result(EASY, gen("e1", 0, "x"), None)
    with pytest.raises(ValueError, match="appears twice"):
        compute_metrics([row, row])


@pytest.mark.parametrize("n", range(1, 7))
def test_pass_at_k_equals_closed_form_exhaustively(n):
    # Closed form: the probability that a random k-subset of the n samples holds a correct one,
    # computed by enumerating every subset of every correctness pattern.
    for pattern in itertools.product([False, True], repeat=n):
        c = sum(pattern)
        for k in range(1, n + 1):
            subsets = list(itertools.combinations(pattern, k))
            exact = sum(any(s) for s in subsets) / len(subsets)
            assert pass_at_k(n, c, k) == pytest.approx(exact, abs=1e-12)
            assert pass_at_k(n, c, k) == pytest.approx(1 - comb(n - c, k) / comb(n, k), abs=1e-12)


def test_pass_at_k_rejects_bad_arguments():
    with pytest.raises(ValueError):
        pass_at_k(3, 4, 1)
    with pytest.raises(ValueError):
        pass_at_k(3, 1, 4)


def test_percentile_nearest_rank():
    assert percentile([1, 2, 3, 4], 50) == 2.0
    assert percentile([1, 2, 3, 4], 100) == 4.0
    assert percentile([7], 1) == 7.0
    with pytest.raises(ValueError):
        percentile([], 50)


def test_only_a_stop_finish_counts_as_completed():
    """`other` (a content filter, an abort, ...) ended the generation early: not completed, like `length`."""
    results = [sample_result(EASY, gen("e1", i, TEXTS["clean"], finish), None)
               for i, finish in enumerate(["stop", "length", "other", "content_filter"])]
    assert [r.finish_reason for r in results] == ["stop", "length", "other", "other"]
    assert compute_metrics(results, [1]).overall.completion_rate == 0.25
