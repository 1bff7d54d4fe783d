"""The data contracts every stage shares; JSON field names are the interchange names of DESIGN.md.

Records are frozen pydantic models. Unknown fields on read are kept (``extra="allow"``), never renamed.
Only stdlib and pydantic are imported here.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


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
    solutions: list[str] = Field(default_factory=list, description="Reference solutions known to pass the tests.")
    metadata: dict[str, Any] = Field(
        default_factory=dict,
        description="Source-specific extras. The judge reads `checker` (several valid outputs), `leetcode_types` "
        "(ListNode/TreeNode arguments) and `imports` (the problem's environment, e.g. SortedList).",
    )

    @property
    def is_functional(self) -> bool:
        return self.fn_name is not None


class Sample(Record):
    """Code to judge: either `code`, or a whole generation `text` from which the judge extracts it."""

    problem_id: str
    sample_id: int | str
    code: str | None = None
    text: str | None = None


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
