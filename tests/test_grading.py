"""Per-source comparison rules and the statements that accept several answers, on real statements."""

from __future__ import annotations

import json

from codedistill.grading import SOURCE_CHECKERS, special_judge_reason
from codedistill.sources.lcb import ERRATA


def test_each_source_has_its_graders_rule() -> None:
    assert SOURCE_CHECKERS["lcb"].name == "lcb"
    assert SOURCE_CHECKERS["codecontests"].model_dump() == {"name": "tokens", "case_sensitive": False, "abs_tol": 1e-5, "rel_tol": 0.0}
    assert SOURCE_CHECKERS["taco"] == SOURCE_CHECKERS["apps"]
    assert (SOURCE_CHECKERS["taco"].rel_tol, SOURCE_CHECKERS["taco"].abs_tol) == (1e-5, 1e-8)  # np.allclose's defaults
    assert SOURCE_CHECKERS["codeforces"].model_dump() == {"name": "tokens", "case_sensitive": True, "abs_tol": 0.0, "rel_tol": 0.0}


def test_phrases_that_accept_any_answer() -> None:
    for statement in (
        "If there are multiple answers, print any of them.",
        "If multiple solutions exist, any of them will be accepted.",
        "If there are multiple good sequences with the same minimum sum, printing any of them is accepted.",
        "If there are several possible answers, you may output any.",
        "Find any array b that satisfies the conditions.",
    ):
        assert special_judge_reason(statement), statement
    for statement in (
        "Do not print any extra spaces.",
        "If there are several identical minima, Yelisey can choose any of them.",
        "Each test contains multiple test cases.",
        "Print the answer.",
    ):
        assert special_judge_reason(statement) is None, statement


def test_real_statements_lcb_errata_and_codecontests(shared_data) -> None:
    rows = json.loads((shared_data / "lcb" / "lcb-v6_Qwen2.5-Ins-7B_N1_eval_all.json").read_text())
    flagged = {r["question_id"] for r in rows if special_judge_reason(r["question_content"])}
    several = {qid for qid, why in ERRATA.items() if why == "multiple solutions accepted" and qid.startswith(("abc", "arc"))}
    assert several <= flagged  # every AtCoder multiple-answer problem of LCB's ERRATA says so in its statement
    assert len(flagged) < 0.03 * len(rows)
    contests = json.loads((shared_data / "codecontests" / "test_code_contests.json").read_text())
    assert sum(special_judge_reason(r["problem"]) is not None for r in contests) == 35  # of 165, none marked by the format
