"""How each source's own grader compares outputs, and which statements accept several answers.

Readers record both in the problem: `Problem.checker` (the source's comparison, overridable per problem
or for a whole run with `JudgeConfig.checker`) and `metadata.needs_special_judge` (why comparing with
the one expected output is not enough). Each rule follows the source's real grader:

| source | grader | checker |
|---|---|---|
| LiveCodeBench | `lcb_runner/evaluation/testing_util.py::grade_stdio` | `lcb` |
| TACO, APPS | `metrics/testing_util.py`, `eval/testing_util.py` (string compare; numbers by `np.allclose`, rtol 1e-5, atol 1e-8) | `tokens`, rel_tol 1e-5, abs_tol 1e-8 |
| CodeContests | `execution/tester_sandboxer.cc::OutputsMatch` (tokens lower-cased; numbers within 1e-5) | `tokens`, case-insensitive, abs_tol 1e-5 |
| Codeforces | testlib `wcmp`, the default checker (problems needing more ship their own) | `tokens` |

OpenCodeReasoning questions take the rule of the dataset they come from. Functional problems
(LeetCode-style) keep LCB's `grade_call_based` whatever the checker. Two TACO/APPS fallbacks are not
reproduced, because they accept wrong answers: comparing each line's tokens as a *set* (so `1 1 2`
matches `2 1`) and rounding every number to 3 decimals.
"""

from __future__ import annotations

import re

from codedistill.records import LcbChecker, TokensChecker

SOURCE_CHECKERS = {
    "lcb": LcbChecker(name="lcb"),
    "taco": TokensChecker(name="tokens", rel_tol=1e-5, abs_tol=1e-8),
    "apps": TokensChecker(name="tokens", rel_tol=1e-5, abs_tol=1e-8),
    "codecontests": TokensChecker(name="tokens", case_sensitive=False, abs_tol=1e-5),
    "codeforces": TokensChecker(name="tokens"),
}

# Statements that accept any of several outputs ("If there are multiple answers, print any of them").
_ANY_ANSWER = re.compile(
    r"\bany\s+(?:one\s+)?of\s+them\s+(?:will\s+be|would\s+be|is|are)\s+(?:accepted|considered|correct|allowed)"
    r"|\b(?:print|output|return|find|report)(?:ing)?\s+any\b"
    r"(?!\s+(?:extra|other|additional|more|spaces?|characters?|leading|trailing)\b)"
    r"|\b(?:multiple|several|many|more\s+than\s+one)\s+(?:possible\s+|correct\s+|valid\s+|optimal\s+|such\s+)?"
    r"(?:answers?|solutions?|outputs?)\b[^.]{0,80}?\bany\b",
    re.IGNORECASE,
)


def special_judge_reason(statement: str) -> str | None:
    """Why `statement` needs a special judge (the phrase that accepts several outputs), or None.

    >>> special_judge_reason("If there are multiple answers, print any of them.")
    "statement: 'multiple answers, print any'"
    >>> special_judge_reason("Do not print any extra spaces.") is None
    True
    """
    match = _ANY_ANSWER.search(statement)
    return f"statement: {' '.join(match.group(0).split())!r}" if match else None
