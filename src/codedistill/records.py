"""The data contracts every stage shares; JSON field names are the interchange names of DESIGN.md.

Records are frozen pydantic models. Unknown fields on read are kept (``extra="allow"``), never renamed.
Only stdlib and pydantic are imported here.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag, model_validator


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="allow")


class TestKind(StrEnum):
    STDIN = "stdin"
    FUNCTIONAL = "functional"


class Difficulty(StrEnum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


class VerdictStatus(StrEnum):
    ACCEPTED = "accepted"
    WRONG_ANSWER = "wrong_answer"
    TIME_LIMIT = "time_limit"
    MEMORY_LIMIT = "memory_limit"
    RUNTIME_ERROR = "runtime_error"
    COMPILE_ERROR = "compile_error"
    NO_CODE = "no_code"
    SANDBOX_ERROR = "sandbox_error"


class FinishReason(StrEnum):
    STOP = "stop"
    LENGTH = "length"


class TestCase(Record):
    """One test. Functional `input` is LiveCodeBench's form: one JSON value per line, the arguments in
    order; `output` is one JSON value. Stdin tests hold raw text."""

    __test__ = False  # not a pytest class
    input: str
    output: str
    kind: TestKind = TestKind.STDIN


# ---- checkers: how a submission's output is compared with the expected one -----------------------
# A checker is null (the judge's fallback, LiveCodeBench's rule), a built-in by name with parameters, or
# a program. The built-ins are implemented, stdlib only, in `codedistill/judge/checkers.py`.


class _Spec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ExactChecker(_Spec):
    """Lines identical, except for whitespace at line ends and blank lines at the end."""

    name: Literal["exact"]


class LcbChecker(_Spec):
    """LiveCodeBench's `grade_stdio`: stripped lines equal as strings, or as lists of exact decimals."""

    name: Literal["lcb"]


class TokensChecker(_Spec):
    """Whitespace-separated tokens equal (testlib `wcmp`), across line breaks; numbers within a tolerance."""

    name: Literal["tokens"]
    case_sensitive: bool = Field(default=True, description="False compares tokens case-insensitively (CodeContests).")
    abs_tol: float = Field(default=0.0, ge=0, description="Absolute tolerance for non-integer numeric tokens; 0 with rel_tol 0 compares strings.")
    rel_tol: float = Field(default=0.0, ge=0, description="Relative tolerance for non-integer numeric tokens.")


class FloatChecker(_Spec):
    """Tokens, with numbers equal within max(abs_tol, rel_tol * |expected|) (testlib `rcmp6`)."""

    name: Literal["float"]
    abs_tol: float = Field(default=1e-6, ge=0)
    rel_tol: float = Field(default=1e-6, ge=0)

    @model_validator(mode="after")
    def _some_tolerance(self) -> FloatChecker:
        if self.abs_tol == 0 and self.rel_tol == 0:
            raise ValueError("`float` needs `abs_tol` or `rel_tol` > 0; use `tokens` for exact tokens")
        return self


class UnorderedLinesChecker(_Spec):
    """The same lines in any order (each line compared as its tokens; blank lines ignored)."""

    name: Literal["unordered_lines"]


class UnorderedTokensChecker(_Spec):
    """The same multiset of whitespace-separated tokens, in any order."""

    name: Literal["unordered_tokens"]


class YesNoChecker(_Spec):
    """Tokens equal, with `yes`/`no` in any letter case (`YES`, `Yes`, `yes`)."""

    name: Literal["yes_no"]


class Program(_Spec):
    """A checker or interactor program (untrusted: it comes with downloaded data and runs sandboxed)."""

    language: Literal["python", "cpp"]
    code: str = Field(min_length=1)


def _spec_input(value: Any) -> Any:
    """`checker: lcb` means `{"name": "lcb"}`; null fields are absent ones (Parquet fills a struct's unused fields)."""
    if isinstance(value, str):
        return {"name": value}
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if v is not None}
    return value


BuiltinChecker = Annotated[
    ExactChecker | LcbChecker | TokensChecker | FloatChecker | UnorderedLinesChecker | UnorderedTokensChecker | YesNoChecker,
    Field(discriminator="name"),
    BeforeValidator(_spec_input),
]
BUILTIN_CHECKERS = tuple(get_args(c.model_fields["name"].annotation)[0] for c in get_args(get_args(BuiltinChecker)[0]))


def _checker_kind(value: Any) -> str | None:
    if isinstance(value, str | BaseModel):
        return "program" if isinstance(value, Program) else "builtin"
    if isinstance(value, dict):
        return "builtin" if "name" in value else "program" if "language" in value or "code" in value else None
    return None


Checker = Annotated[
    Annotated[BuiltinChecker, Tag("builtin")] | Annotated[Program, Tag("program")],
    Discriminator(
        _checker_kind,
        custom_error_type="checker_kind",
        custom_error_message='a checker is a built-in ({"name": "tokens"}, one of '
        + ", ".join(BUILTIN_CHECKERS) + ') or a program ({"language": "python"|"cpp", "code": "..."})',
    ),
    BeforeValidator(_spec_input),
]


class Problem(Record):
    id: str
    source: str
    platform: str = ""
    title: str = ""
    statement: str
    starter_code: str = ""
    fn_name: str | None = Field(default=None, description="Entry point of a functional problem; None for stdin.")
    tests: list[TestCase] = Field(default_factory=list)
    difficulty: Difficulty | None = None
    difficulty_raw: str | None = None
    contest_date: str | None = Field(default=None, description="ISO date (YYYY-MM-DD) the problem was published.")
    checker: Checker | None = Field(
        default=None,
        description="How outputs are compared: set by the reader to its source's own grader rule; None means "
        "LiveCodeBench's rule. A program is run testlib-style (`checker INPUT OUTPUT ANSWER`).",
    )
    interactor: Annotated[Program, BeforeValidator(_spec_input)] | None = Field(default=None, description="Interactive problems: the program the submission talks to.")
    solutions: list[str] = Field(default_factory=list, description="Reference solutions known to pass the tests.")
    metadata: dict[str, Any] = Field(
        default_factory=dict,
        description="Source-specific extras. The judge reads `needs_special_judge` (why comparing outputs is not "
        "enough, e.g. several answers are accepted), `leetcode_types` (ListNode/TreeNode arguments) and "
        "`imports` (the problem's environment, e.g. SortedList).",
    )

    @property
    def is_functional(self) -> bool:
        return self.fn_name is not None


class Sample(Record):
    """Code to judge: either `code` (in `language`), or a whole generation `text` from which the judge
    extracts the program and its language with the configured extraction rule."""

    problem_id: str
    sample_id: int | str
    code: str | None = None
    text: str | None = None
    language: Literal["python", "cpp"] = "python"


class TestResult(Record):
    __test__ = False
    status: VerdictStatus
    cpu_time: float = 0.0
    peak_memory: int = Field(default=0, description="Peak resident memory in KiB.")
    message: str = ""


class Failure(Record):
    """The first failing test: what was fed, what was expected, what came back."""

    test_index: int
    input: str
    expected: str
    got: str = ""
    message: str = ""


class Verdict(Record):
    problem_id: str
    sample_id: int | str
    status: VerdictStatus
    passed: int = 0
    total: int = 0
    first_failure: Failure | None = None
    cpu_time: float = Field(default=0.0, description="Total CPU seconds over the tests that ran.")
    peak_memory: int = Field(default=0, description="Peak resident memory in KiB over the tests that ran.")
    sandbox: str = Field(default="", description="Isolation backend that ran the code (bwrap, userns, rlimits).")
    extraction: str = Field(default="", description="Rule that took the program from the sample's text (final_answer, lcb); empty for given code.")
    checker: str = Field(default="", description="Built-in checker that compared the outputs (tokens, lcb, ...).")
    tests: list[TestResult] = Field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return self.status == VerdictStatus.ACCEPTED

    @property
    def pass_fraction(self) -> float:
        return self.passed / self.total if self.total else 0.0


class Trace(Record):
    """A teacher's answer to a problem in canonical form: `text` = "<think>\\n{reasoning}\\n</think>\\n\\n{answer}"."""

    id: str
    problem_id: str
    teacher: str = ""
    source: str = ""
    prompt: str = ""
    reasoning: str = ""
    answer: str = ""
    code: str | None = None
    text: str = Field(default="", description="The canonical text a student is trained on.")
    raw: str = Field(default="", description="The teacher's output as received, before normalisation.")
    flags: list[str] = Field(default_factory=list, description="Why the trace is malformed, if it is.")
    difficulty: Difficulty | None = None
    difficulty_raw: str | None = None
    verdict: VerdictStatus | None = None
    pass_fraction: float | None = None
    num_tokens: int | None = None
    provenance: dict[str, Any] = Field(default_factory=dict)


class Generation(Record):
    run_id: str = ""
    problem_id: str
    sample_index: int = 0
    text: str
    finish_reason: FinishReason
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_s: float = 0.0
    reasoning_content: str | None = None


class SubsetManifest(Record):
    """A named, seeded selection of trace ids; `content_hash` changes whenever the selection or its inputs do."""

    name: str
    parent: str | None = None
    seed: int = 0
    rule: dict[str, Any] = Field(default_factory=dict)
    ids: list[str]
    counts: dict[str, int] = Field(default_factory=dict)
    token_total: int = 0
    input_hash: str = ""
    content_hash: str = ""
