"""Judge samples against problems: records in, `Verdict`s out, resumable when writing to a file.

A misbehaving submission is a `Verdict`, never an exception; bad input (no code, a problem without tests,
malformed test JSON, code that is not UTF-8) is a verdict for that record with a message saying why.
So is a problem the judge cannot grade faithfully (a checker program or an interactor, which the
execution core does not run yet, or a multiple-answer problem without a checker): `sandbox_error`,
counted, never silently compared. Every verdict records its extraction rule and checker.
"""

from __future__ import annotations

import difflib
import json
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from pydantic import ValidationError

from codedistill.errors import DataError
from codedistill.extract import extract_program
from codedistill.judge.config import JudgeConfig
from codedistill.judge.leetcode import TYPES as LEETCODE_TYPES
from codedistill.judge.pool import WorkerPool
from codedistill.judge.sandbox import worker_command
from codedistill.recordio import Journal, read_records
from codedistill.records import (
    BuiltinChecker,
    Failure,
    LcbChecker,
    Problem,
    Program,
    Sample,
    TestKind,
    TestResult,
    Verdict,
    VerdictStatus,
)

log = logging.getLogger(__name__)


def judge_samples(
    problems: Mapping[str, Problem] | Iterable[Problem],
    samples: Iterable[Sample],
    cfg: JudgeConfig,
    *,
    on_progress: Callable[[int], None] | None = None,
) -> Iterator[Verdict]:
    """Judge every sample against its problem's tests, in parallel; verdicts come in completion order."""
    by_id = dict(problems) if isinstance(problems, Mapping) else {p.id: p for p in problems}
    command = worker_command(cfg.backend, cfg.python, cfg.scratch_mb, cfg.hash_seed)
    problem_errors: dict[str, str | None] = {}  # per problem id, checked once
    ready: list[Verdict] = []

    def jobs() -> Iterator[dict]:
        for sample in samples:
            problem = by_id.get(sample.problem_id)
            job_or_verdict = _build_job(problem, sample, cfg, command.backend, problem_errors)
            if isinstance(job_or_verdict, Verdict):
                ready.append(job_or_verdict)
            else:
                yield job_or_verdict

    with WorkerPool(command, cfg.workers, cfg.stack_limit_mb) as pool:
        for job, result in pool.map_unordered(jobs()):
            while ready:
                yield _tick(ready.pop(0), on_progress)
            yield _tick(_to_verdict(job, result, command.backend), on_progress)
    while ready:
        yield _tick(ready.pop(0), on_progress)


def judge_code(problem: Problem, code: str, cfg: JudgeConfig) -> Verdict:
    """Judge one program against `problem` (what `codedistill judge check` runs)."""
    sample = Sample(problem_id=problem.id, sample_id=0, code=code)
    return next(judge_samples({problem.id: problem}, [sample], cfg.model_copy(update={"workers": 1})))


def _tick(verdict: Verdict, on_progress: Callable[[int], None] | None) -> Verdict:
    if on_progress is not None:
        on_progress(1)
    return verdict


# ---- building jobs ---------------------------------------------------------------------------------


def _early(sample: Sample, status: VerdictStatus, message: str, backend: str, total: int = 0, **recorded: str) -> Verdict:
    failure = Failure(test_index=-1, input="", expected="", message=message)
    return Verdict(problem_id=sample.problem_id, sample_id=sample.sample_id, status=status, total=total,
                   first_failure=failure, sandbox=backend, **recorded)


LCB_RULE = LcbChecker(name="lcb")  # the comparison of problems whose reader recorded none


def effective_checker(problem: Problem, cfg: JudgeConfig) -> BuiltinChecker | Program:
    """The run's forced checker, else the problem's own, else LiveCodeBench's rule."""
    return cfg.checker or problem.checker or LCB_RULE


def _problem_error(problem: Problem, cfg: JudgeConfig) -> str | None:
    """Why `problem` cannot be judged at all under `cfg`, or None."""
    if not problem.tests:
        return f"problem {problem.id} has no tests; nothing to judge against"
    if "checker" in problem.metadata:
        return (f"problem {problem.id}: metadata.checker is no longer read; give the checker as the problem's "
                "top-level `checker` (a built-in such as {\"name\": \"unordered_lines\"}, or a program)")
    if problem.interactor is not None:
        return f"problem {problem.id} is interactive; interactors are not supported yet, so it is not judged"
    if isinstance(effective_checker(problem, cfg), Program):
        return (f"problem {problem.id} has a checker program; checker programs are not supported yet, so it is not "
                "judged (set `checker` in the judge config to force a built-in comparison)")
    reason = problem.metadata.get("needs_special_judge")
    if reason and cfg.special_judge == "exclude":
        return (f"problem {problem.id} needs a special judge ({reason}) and has no checker program; excluded, "
                "not compared (set special_judge=compare to judge it by comparison anyway)")
    if problem.fn_name is None:
        if any(t.kind == TestKind.FUNCTIONAL for t in problem.tests):
            return f"problem {problem.id} has functional tests but no `fn_name`; set the entry point in the problems file"
        return None
    if not isinstance(problem.metadata.get("imports", ""), str):
        return f"problem {problem.id}: metadata.imports must be a string of import statements (got {problem.metadata['imports']!r})"
    types = problem.metadata.get("leetcode_types")
    if types is not None and not _valid_types(types):
        return (f"problem {problem.id}: metadata.leetcode_types must be {{\"params\": [type or null, ...], \"returns\": type or null}} "
                f"with types among {', '.join(LEETCODE_TYPES)} (got {types!r})")
    for index, test in enumerate(problem.tests):
        for field in ("input", "output"):
            text = getattr(test, field)
            lines = text.rstrip("\n").split("\n") if field == "input" else [text]
            for number, line in enumerate(lines, start=1):
                try:
                    json.loads(line)
                except ValueError as exc:
                    return f"problem {problem.id} test {index}: {field} line {number} is not JSON ({exc}); fix the problems file"
    return None


def _valid_types(types: object) -> bool:
    allowed = (None, *LEETCODE_TYPES)
    return (isinstance(types, dict) and set(types) == {"params", "returns"} and isinstance(types["params"], list)
            and all(t in allowed for t in types["params"]) and types["returns"] in allowed)


def _build_job(problem: Problem | None, sample: Sample, cfg: JudgeConfig, backend: str,
               problem_errors: dict[str, str | None]) -> dict | Verdict:
    extraction = "" if sample.code is not None else cfg.extraction
    if problem is None:
        return _early(sample, VerdictStatus.SANDBOX_ERROR, f"unknown problem id {sample.problem_id!r}", backend, extraction=extraction)
    if problem.id not in problem_errors:
        problem_errors[problem.id] = _problem_error(problem, cfg)
        if problem_errors[problem.id]:
            log.error("%s", problem_errors[problem.id])
    if problem_errors[problem.id]:
        return _early(sample, VerdictStatus.SANDBOX_ERROR, problem_errors[problem.id], backend, len(problem.tests), extraction=extraction)
    checker = effective_checker(problem, cfg)
    recorded = {"extraction": extraction, "checker": checker.name}
    if sample.code is not None:
        code, language = sample.code, sample.language
    else:
        found = extract_program(sample.text or "", cfg.extraction)
        code, language = (found.code, found.language) if found else (None, "python")
    if code is None or not code.strip():
        return _early(sample, VerdictStatus.NO_CODE, f"no program found in the sample (extraction: {cfg.extraction})",
                      backend, len(problem.tests), **recorded)
    if language != "python":
        return _early(sample, VerdictStatus.SANDBOX_ERROR, f"{language} submissions are not supported yet; not judged",
                      backend, len(problem.tests), **recorded)
    try:
        code.encode("utf-8")
    except UnicodeEncodeError as exc:
        return _early(sample, VerdictStatus.COMPILE_ERROR, f"code is not valid UTF-8 ({exc.reason})", backend, len(problem.tests), **recorded)
    types = problem.metadata.get("leetcode_types") if problem.fn_name else None
    imports = problem.metadata.get("imports") if problem.fn_name else None
    return {
        "id": [sample.problem_id, sample.sample_id],
        "backend": backend,
        "code": code,
        "mode": "functional" if problem.fn_name else "stdin",
        "fn_name": problem.fn_name,
        "tests": [{"input": t.input, "output": t.output} for t in problem.tests],
        "checker": checker.model_dump(mode="json"),
        "extraction": extraction,
        "leetcode_types": types,
        "imports": imports,
        "time_limit_s": cfg.time_limit_s,
        "wall_limit_s": cfg.effective_wall_limit_s,
        "memory_limit_mb": cfg.memory_limit_mb,
        "output_limit_mb": cfg.output_limit_mb,
        "max_processes": cfg.max_processes,
        "recursion_limit": cfg.recursion_limit,
        "unlimited_int_digits": cfg.unlimited_int_digits,
        "allow_resource_module": cfg.allow_resource_module,
        "fresh_solution_per_test": cfg.fresh_solution_per_test,
        "preamble": cfg.functional_preamble,
        "stdin_preamble": cfg.stdin_preamble,
        "wait_for_threads": cfg.wait_for_threads,
        "stop_at_first_failure": cfg.stop_at_first_failure,
    }


def _to_verdict(job: dict, result: dict, backend: str) -> Verdict:
    problem_id, sample_id = job["id"]
    tests = [
        TestResult(status=r["status"], cpu_time=r.get("cpu_time", 0.0), peak_memory=r.get("peak_memory", 0),
                   message=r.get("message", ""))
        for r in result.get("tests", [])
    ]
    failure = result.get("first_failure")
    if failure is None and result.get("message"):
        failure = {"test_index": -1, "input": "", "expected": "", "message": result["message"]}
    return Verdict(
        problem_id=problem_id, sample_id=sample_id, status=result["status"],
        passed=result.get("passed", 0), total=result.get("total", len(job["tests"])),
        first_failure=Failure(**failure) if failure else None,
        cpu_time=round(sum(t.cpu_time for t in tests), 4),
        peak_memory=max((t.peak_memory for t in tests), default=0),
        sandbox=backend, extraction=job["extraction"], checker=job["checker"]["name"], tests=tests,
    )


# ---- files, resumable ------------------------------------------------------------------------------


def read_samples(path: str | Path) -> Iterator[Sample]:
    """Samples from JSONL; a bad record is logged with `file:line` and skipped, never fatal."""
    with open(path, "rb") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield Sample.model_validate(json.loads(line.decode("utf-8")))
            except (ValueError, ValidationError) as exc:
                first = exc.errors()[0] if isinstance(exc, ValidationError) else None
                where = ".".join(str(p) for p in first["loc"]) + ": " + first["msg"] if first else str(exc)[:200]
                log.error("%s:%d: %s; record skipped, fix it and re-run to judge it", path, number, where)


def judge_files(
    problems_path: str | Path,
    samples_path: str | Path,
    out_path: str | Path,
    cfg: JudgeConfig,
    *,
    on_progress: Callable[..., None] | None = None,
) -> dict[str, int]:
    """Judge a samples file into `out_path`, resuming from `<out>.partial`; returns counts per status."""
    out_path = Path(out_path)
    problems = {p.id: p for p in read_records(problems_path, Problem)}
    journal = Journal(out_path.with_name(out_path.name + ".partial"), key=_key)
    todo = [s for s in read_samples(samples_path) if _key(s.model_dump()) not in journal]
    if on_progress is not None:
        on_progress(len(journal.done), total=len(journal.done) + len(todo))
    counts: dict[str, int] = {}
    with journal:
        for verdict in judge_samples(problems, todo, cfg, on_progress=on_progress):
            journal.append(verdict)
            counts[verdict.status.value] = counts.get(verdict.status.value, 0) + 1
    journal.commit(out_path)
    return counts


def judge_check_file(code_path: str | Path, problem_id: str, problems_path: str | Path, cfg: JudgeConfig) -> Verdict:
    """Judge the program in `code_path` against one problem of a problems file (`judge check`)."""
    found = None
    ids = []
    for problem in read_records(problems_path, Problem):
        if problem.id == problem_id:
            found = problem
            break
        ids.append(problem.id)
    if found is None:
        close = difflib.get_close_matches(problem_id, ids, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise DataError(f"{problems_path}: no problem with id {problem_id!r}{hint}")
    try:
        raw = Path(code_path).read_bytes()
    except OSError as exc:
        raise DataError(f"{code_path}: cannot read the program ({exc.strerror})") from None
    return judge_code(found, raw.decode("utf-8", "surrogateescape"), cfg)  # non-UTF-8 → compile_error


def _key(record: dict) -> tuple[str, str]:
    """A sample's identity; ids compare as JSON text, so sample 1 and sample "1" stay apart."""
    return record["problem_id"], json.dumps(record["sample_id"])


__all__ = ["judge_samples", "judge_code", "judge_files", "judge_check_file", "read_samples"]
