"""LiveCodeBench's deliberate rules, each fixed LCB defect, and bad input per record, through the real judge."""

from __future__ import annotations

import pytest

from codedistill.judge import JudgeConfig, judge_code, judge_samples
from codedistill.records import FloatChecker, Problem, Sample, TestCase
from codedistill.records import TestKind as Kind

CFG = JudgeConfig(workers=2, time_limit_s=2.0, wall_limit_s=4.0, memory_limit_mb=512)


def stdin_problem(*pairs: tuple[str, str], **extra) -> Problem:
    return Problem(id="p", source="test", statement="", tests=[TestCase(input=i, output=o) for i, o in pairs], **extra)


def functional_problem(fn_name: str, *pairs: tuple[str, str], **extra) -> Problem:
    tests = [TestCase(input=i, output=o, kind=Kind.FUNCTIONAL) for i, o in pairs]
    return Problem(id="f", source="test", statement="", fn_name=fn_name, tests=tests, **extra)


SUM = stdin_problem(("2\n1 2\n3 4\n", "3\n7\n"), ("1\n10 20\n", "30\n"))

# Each program reads the same input a different way; all must be accepted.
STDIN_READERS = {
    "input": "n = int(input())\nfor _ in range(n):\n    a, b = map(int, input().split())\n    print(a + b)",
    "iterate_stdin": "import sys\nnext(sys.stdin)\nfor line in sys.stdin:\n    print(sum(map(int, line.split())))",
    "stdin_buffer": "import sys\ndata = sys.stdin.buffer.read().split()\nn = int(data[0])\nfor i in range(n):\n    print(int(data[1 + 2 * i]) + int(data[2 + 2 * i]))",
    "open_0": "data = open(0).read().split()\nfor i in range(int(data[0])):\n    print(int(data[1 + 2 * i]) + int(data[2 + 2 * i]))",
    "readline_then_read": "import sys\nn = int(sys.stdin.readline())\nrest = sys.stdin.read().split()\nfor i in range(n):\n    print(int(rest[2 * i]) + int(rest[2 * i + 1]))",
    "readlines": "import sys\nlines = sys.stdin.readlines()[1:]\nprint('\\n'.join(str(sum(map(int, l.split()))) for l in lines))",
    "main_guard": "def main():\n    n = int(input())\n    for _ in range(n):\n        print(sum(map(int, input().split())))\n\nif __name__ == '__main__':\n    main()",
    "exit_after_print": "n = int(input())\nfor _ in range(n):\n    print(sum(map(int, input().split())))\nexit()",
    "os_exit_after_flush": "import os, sys\nn = int(input())\nsys.stdout.write('\\n'.join(str(sum(map(int, input().split()))) for _ in range(n)) + '\\n')\nsys.stdout.flush()\nos._exit(0)",
    "preamble_names": "n = int(input())\nq = deque()\nfor _ in range(n):\n    q.append(sum(map(int, input().split())))\nprint(*q, sep='\\n')",
    "thread_main": "import threading, sys\ndef main():\n    n = int(input())\n    for _ in range(n):\n        print(sum(map(int, input().split())))\nthreading.stack_size(1 << 26)\nthreading.Thread(target=main).start()",
    "import_resource": "import resource\nresource.getrlimit(resource.RLIMIT_AS)\nn = int(input())\nfor _ in range(n):\n    print(sum(map(int, input().split())))",
}


def test_every_way_of_reading_stdin_works() -> None:
    samples = [Sample(problem_id="p", sample_id=name, code=code) for name, code in STDIN_READERS.items()]
    verdicts = {v.sample_id: v for v in judge_samples([SUM], samples, CFG)}
    failed = {k: (v.status.value, v.first_failure) for k, v in verdicts.items() if not v.accepted}
    assert not failed
    assert all(v.passed == v.total == 2 for v in verdicts.values())


@pytest.mark.parametrize(
    ("got", "expected", "status"),
    # A problem without a checker gets LCB's rule (the other built-ins: test_checkers.py, test_rules.py).
    [
        ("  3 \n7\n\n\n", "3\n7", "accepted"),  # stripped, line by line
        ("1.50 2\n", "1.5 2.0\n", "accepted"),  # tokens equal as exact decimals
        ("1e2\n", "100\n", "accepted"),
        ("0.333\n", "0.3333\n", "wrong_answer"),  # exact, no tolerance by default
        ("YES\n", "yes\n", "wrong_answer"),  # strings are case-sensitive
        ("1 2\n", "1  2\n", "accepted"),  # a line of decimals compares as its list of Decimals
        ("YES 1.0\n", "YES 1\n", "wrong_answer"),  # not all decimals: the line must match exactly
        ("a  b\n", "a b\n", "wrong_answer"),
        ("1\n2\n", "1 2\n", "wrong_answer"),  # line structure matters
        ("3\n", "3\n4\n", "wrong_answer"),
    ],
)
def test_stdout_comparison_rules(got: str, expected: str, status: str) -> None:
    problem = stdin_problem(("", expected))
    verdict = judge_code(problem, f"import sys\nsys.stdout.write({got!r})", CFG)
    assert verdict.status.value == status


def test_float_tolerance_is_a_checker() -> None:
    problem = stdin_problem(("", "0.3333333\n"))
    code = "print(1/3)"
    assert judge_code(problem, code, CFG).status.value == "wrong_answer"
    assert judge_code(problem.model_copy(update={"checker": FloatChecker(name="float")}), code, CFG).accepted
    forced = JudgeConfig(**{**CFG.model_dump(), "checker": {"name": "float", "abs_tol": 1e-6, "rel_tol": 0}})
    assert judge_code(problem, code, forced).accepted


def test_all_tests_must_pass_and_stop_at_first_failure() -> None:
    problem = stdin_problem(("1\n", "2\n"), ("2\n", "5\n"), ("3\n", "6\n"))
    code = "print(int(input()) * 2)"
    verdict = judge_code(problem, code, CFG)
    assert (verdict.status.value, verdict.passed, verdict.total, len(verdict.tests)) == ("wrong_answer", 1, 3, 2)
    assert verdict.first_failure.test_index == 1
    assert (verdict.first_failure.expected, verdict.first_failure.got) == ("5\n", "4\n")
    everything = judge_code(problem, code, CFG.model_copy(update={"stop_at_first_failure": False}))
    assert (everything.passed, len(everything.tests)) == (2, 3)


def test_unflushed_output_of_a_failed_test_does_not_leak_into_the_next() -> None:
    problem = stdin_problem(("1\n", "1\n"), ("2\n", "2\n"))
    code = "n = int(input())\nprint('partial')\nif n == 1:\n    raise SystemExit(3)\nprint(n)"
    verdict = judge_code(problem, code, CFG.model_copy(update={"stop_at_first_failure": False}))
    assert [t.status.value for t in verdict.tests] == ["runtime_error", "wrong_answer"]
    assert verdict.tests[1].message.startswith("2 output line(s)")  # 'partial' + '2', no stale line


TWO_SUM = functional_problem("add_up", ("1\n2", "3"), ("[1, 2]\n[3]", "[1, 2, 3]"))


@pytest.mark.parametrize(
    ("code", "status"),
    [
        ("class Solution:\n    def add_up(self, a, b):\n        return a + b", "accepted"),
        ("def add_up(a, b):\n    return a + b", "accepted"),  # a plain function
        ("class Solution:\n    def add_up(self, a: List[int], b) -> Optional[int]:\n        return reduce(lambda x, y: x + y, [a, b])", "accepted"),  # preamble names
        ("class Solution:\n    def add_up(self, a, b):\n        print('debug')\n        return a + b", "accepted"),  # prints ignored
        ("class Solution:\n    def other(self, a, b):\n        return a + b", "compile_error"),  # no entry point
        ("x = 1", "compile_error"),
        ("from operator import add as add_up", "accepted"),  # LCB looks the name up in the module, preamble included
        ("class Solution:\n    def add_up(self, a, b):\n        return str(a + b)", "wrong_answer"),
        ("class Solution:\n    def add_up(self, a, b):\n        return {1}", "wrong_answer"),
        ("class Solution:\n    def add_up(self, a, b):\n        return object()", "wrong_answer"),  # not comparable data
        ("class Solution:\n    def add_up(self, a, b):\n        raise ValueError('boom')", "runtime_error"),
    ],
)
def test_functional_rules(code: str, status: str) -> None:
    verdict = judge_code(TWO_SUM, code, CFG)
    assert verdict.status.value == status, verdict.first_failure


def test_top_level_tuple_becomes_list_but_nested_tuples_do_not() -> None:
    problem = functional_problem("pair", ("1", "[1, 2]"))
    assert judge_code(problem, "class Solution:\n    def pair(self, x):\n        return (x, 2)", CFG).accepted
    nested = functional_problem("pair", ("1", "[[1, 2]]"))
    verdict = judge_code(nested, "class Solution:\n    def pair(self, x):\n        return [(x, 2)]", CFG)
    assert verdict.status.value == "wrong_answer"  # LCB: [(1, 2)] != [[1, 2]]


def test_custom_eq_cannot_fake_a_pass() -> None:
    code = "class Any:\n    def __eq__(self, other):\n        return True\nclass Solution:\n    def add_up(self, a, b):\n        return Any()"
    assert judge_code(TWO_SUM, code, CFG).status.value == "wrong_answer"


STATEFUL = "class Solution:\n    def __init__(self):\n        self.seen = []\n    def count(self, x):\n        self.seen.append(x)\n        return len(self.seen)"


def test_fresh_solution_per_test_and_the_lcb_switch() -> None:
    problem = functional_problem("count", ("5", "1"), ("6", "1"))
    assert judge_code(problem, STATEFUL, CFG).accepted
    lcb = judge_code(problem, STATEFUL, CFG.model_copy(update={"fresh_solution_per_test": False}))
    assert (lcb.status.value, lcb.passed) == ("wrong_answer", 1)


def test_import_resource_and_the_lcb_switch() -> None:
    problem = stdin_problem(("", "ok\n"))
    code = "import resource\nprint('ok')"
    assert judge_code(problem, code, CFG).accepted
    assert judge_code(problem, code, CFG.model_copy(update={"allow_resource_module": False})).status.value == "runtime_error"


def test_big_integers_and_deep_recursion() -> None:
    digits = "".join(str(7**6000 // 10**k % 10**1000).zfill(1000) for k in range(5000, -1, -1000)).lstrip("0")
    problem = stdin_problem(("", digits + "\n"))
    assert judge_code(problem, "print(7**6000)", CFG).accepted
    limited = judge_code(problem, "print(7**6000)", CFG.model_copy(update={"unlimited_int_digits": False}))
    assert limited.status.value == "runtime_error"
    deep = stdin_problem(("", "60000\n"))
    code = "def depth(n):\n    return 0 if n == 0 else 1 + depth(n - 1)\nprint(depth(60000))"
    assert judge_code(deep, code, CFG).accepted


def test_output_of_threads_counts_and_the_lcb_switch() -> None:
    problem = stdin_problem(("", "late\n"))
    code = "import threading, time\ndef main():\n    time.sleep(0.2)\n    print('late')\nthreading.Thread(target=main).start()"
    assert judge_code(problem, code, CFG).accepted
    lcb = judge_code(problem, code, CFG.model_copy(update={"wait_for_threads": False}))
    assert lcb.status.value == "wrong_answer"  # LCB grades the empty output


def test_verdicts_are_stable_when_the_cores_are_oversubscribed() -> None:
    # 8 programs of ~0.3 s CPU each on 4 workers (more than the cores): each gets a fraction of a core,
    # so wall time exceeds the 1 s limit, but CPU time does not.
    problem = stdin_problem(("", "done\n"))
    code = "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.3:\n    pass\nprint('done')"
    cfg = CFG.model_copy(update={"workers": 4, "time_limit_s": 1.0, "wall_limit_s": 1.0})
    samples = [Sample(problem_id="p", sample_id=i, code=code) for i in range(8)]
    verdicts = list(judge_samples([problem], samples, cfg))
    assert [v.status.value for v in verdicts] == ["accepted"] * 8
    assert all(0.25 <= v.cpu_time < 1.0 for v in verdicts)


def test_numpy_is_importable_under_a_tight_memory_limit() -> None:
    problem = stdin_problem(("3\n", "6\n"))
    code = "import numpy as np\nprint(int(np.int64(input()) * 2))"
    assert judge_code(problem, code, CFG.model_copy(update={"memory_limit_mb": 256})).accepted


def test_time_is_cpu_time_not_wall_time() -> None:
    problem = stdin_problem(("", "done\n"))
    # Sleeping 1.5 s uses no CPU: within a 1 s CPU limit, and under the 4 s watchdog.
    verdict = judge_code(problem, "import time\ntime.sleep(1.5)\nprint('done')", CFG.model_copy(update={"time_limit_s": 1.0}))
    assert verdict.accepted
    assert verdict.tests[0].cpu_time < 0.5
    assert verdict.peak_memory > 0


# ---- bad input: a verdict per record, never a crash, never a silent pass ------------------------------


def test_bad_records_each_get_a_verdict() -> None:
    broken_json = functional_problem("add_up", ("1\nnot json", "3"))
    broken_json = broken_json.model_copy(update={"id": "broken"})
    no_tests = Problem(id="empty", source="test", statement="")
    no_entry = TWO_SUM.model_copy(update={"id": "no_entry", "fn_name": None})
    problems = [TWO_SUM, broken_json, no_tests, no_entry]
    good = "class Solution:\n    def add_up(self, a, b):\n        return a + b"
    samples = [
        Sample(problem_id="f", sample_id="empty_code", code="   \n"),
        Sample(problem_id="f", sample_id="text_without_code", text="I think the answer is 3."),
        Sample(problem_id="f", sample_id="text_with_code", text=f"<think>hmm</think>\n```python\n{good}\n```"),
        Sample(problem_id="f", sample_id="surrogate", code="print('\udcff')"),
        Sample(problem_id="f", sample_id="nul_byte", code="print(1)\x00"),
        Sample(problem_id="broken", sample_id="bad_test_json", code=good),
        Sample(problem_id="empty", sample_id="no_tests", code=good),
        Sample(problem_id="missing", sample_id="unknown_problem", code=good),
        Sample(problem_id="no_entry", sample_id="functional_without_fn_name", code=good),
    ]
    verdicts = {v.sample_id: v for v in judge_samples(problems, samples, CFG)}
    statuses = {k: v.status.value for k, v in verdicts.items()}
    assert statuses == {
        "empty_code": "no_code",
        "text_without_code": "no_code",
        "text_with_code": "accepted",
        "surrogate": "compile_error",
        "nul_byte": "compile_error",
        "bad_test_json": "sandbox_error",
        "no_tests": "sandbox_error",
        "unknown_problem": "sandbox_error",
        "functional_without_fn_name": "sandbox_error",
    }
    assert "not JSON" in verdicts["bad_test_json"].first_failure.message
    assert "no tests" in verdicts["no_tests"].first_failure.message
    assert all(v.sandbox for v in verdicts.values())
