"""What runs inside the submission process: load the code under limits, then answer one test per command.

Stdlib only, loaded by path by `harness.py` inside the sandbox. Everything here runs in the same process
as the submitted code, so nothing here is trusted by the worker: it only reports answers (stdout is read by
the worker itself; functional return values come back tagged-JSON encoded), while CPU time, memory and
the verdict are decided outside.
"""

from __future__ import annotations

import importlib.util
import io
import json
import math
import os
import resource
import signal
import sys
import time
import traceback
import types

HERE = os.path.dirname(os.path.abspath(__file__))


def load_sibling(name: str):
    """This directory's `name`.py as a private module (the package is not importable in the sandbox)."""
    key = f"_codedistill_judge_{name}"
    if key not in sys.modules:
        spec = importlib.util.spec_from_file_location(key, os.path.join(HERE, f"{name}.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules[key] = module
        spec.loader.exec_module(module)
    return sys.modules[key]


compare = load_sibling("compare")
leetcode = load_sibling("leetcode")

# LiveCodeBench's `import_string`, prepended to every program it grades (lcb_runner/evaluation/testing_util.py).
LCB_PREAMBLE = (
    "from string import *\nfrom re import *\nfrom datetime import *\nfrom collections import *\n"
    "from heapq import *\nfrom bisect import *\nfrom copy import *\nfrom math import *\nfrom random import *\n"
    "from statistics import *\nfrom itertools import *\nfrom functools import *\nfrom operator import *\n"
    "from io import *\nfrom sys import *\nfrom json import *\nfrom builtins import *\nfrom typing import *\n"
    "import string\nimport re\nimport datetime\nimport collections\nimport heapq\nimport bisect\nimport copy\n"
    "import math\nimport random\nimport statistics\nimport itertools\nimport functools\nimport operator\n"
    "import io\nimport sys\nimport json\nsys.setrecursionlimit(50000)\n"
)

class _Pipe:
    """Newline-delimited JSON over a pair of raw fds."""

    def __init__(self, read_fd: int, write_fd: int):
        self.reader = os.fdopen(read_fd, "rb", buffering=1 << 16)
        self.write_fd = write_fd

    def recv(self):
        line = self.reader.readline()
        if not line:
            os._exit(0)
        return json.loads(line)

    def send(self, message: dict) -> None:
        data = (json.dumps(message) + "\n").encode()
        while data:
            data = data[os.write(self.write_fd, data):]


def _apply_limits(job: dict) -> None:
    mb = 1 << 20
    if job["memory_limit_mb"]:
        limit = job["memory_limit_mb"] * mb
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    cpu_total = math.ceil(job["time_limit_s"] * (len(job["tests"]) + 1)) + 1  # backstop; /proc polling is primary
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_total, cpu_total + 1))
    output = job["output_limit_mb"] * mb
    resource.setrlimit(resource.RLIMIT_FSIZE, (output, output))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if job["max_processes"] and job["backend"] != "rlimits":  # NPROC counts per user namespace only there
        resource.setrlimit(resource.RLIMIT_NPROC, (job["max_processes"], job["max_processes"]))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the output limit fails instead of killing
    import threading

    threading.stack_size(8 << 20)  # the usual default; the main thread keeps the worker's large stack limit
    sys.setrecursionlimit(job["recursion_limit"])
    if job["unlimited_int_digits"] and hasattr(sys, "set_int_max_str_digits"):
        sys.set_int_max_str_digits(0)


def _fresh_streams(in_fd: int, out_fd: int) -> None:
    """Point fd 0/1 and sys.stdin/stdout at this test's input and output files.

    A real buffered text stream over fd 0 means `for line in sys.stdin`, `sys.stdin.buffer`, `input()`,
    `open(0)` and reads that continue where the previous one stopped all behave as on a real judge.
    """
    for old in (sys.stdin, sys.stdout):  # unflushed output of a failed test must not leak into the next
        try:
            old.buffer.raw.close()
        except Exception:  # noqa: BLE001 - a stream the program replaced or broke
            pass
    os.dup2(in_fd, 0)
    os.dup2(out_fd, 1)
    sys.stdin = sys.__stdin__ = io.TextIOWrapper(
        io.BufferedReader(io.FileIO(0, "rb", closefd=False)), encoding="utf-8", errors="replace"
    )
    sys.stdout = sys.__stdout__ = io.TextIOWrapper(
        io.BufferedWriter(io.FileIO(1, "wb", closefd=False)), encoding="utf-8", errors="replace"
    )


def describe(exc: BaseException) -> str:
    lines = traceback.format_exception_only(type(exc), exc)
    return lines[-1].strip() if lines else type(exc).__name__


def _failure(exc: BaseException) -> dict:
    kind = "memory" if isinstance(exc, MemoryError) else "runtime"
    return {"error": kind, "message": describe(exc)}


def _join_threads() -> None:
    threading = sys.modules.get("threading")
    if threading is None:
        return
    for thread in threading.enumerate():
        if thread is not threading.main_thread() and not thread.daemon:
            thread.join()


def run_submission(cmd_fd: int, report_fd: int, in_fd: int, out_fd: int, base_globals: dict) -> None:
    """Load the code, then run one test per command; never returns."""
    pipe = _Pipe(cmd_fd, report_fd)
    job = pipe.recv()
    try:
        _apply_limits(job)
    except (ValueError, OSError) as exc:
        pipe.send({"error": "sandbox", "message": f"cannot set limits: {exc}"})
        os._exit(1)
    devnull = os.open("/dev/null", os.O_WRONLY)
    os.dup2(devnull, 2)
    sys.stderr = sys.__stderr__ = io.TextIOWrapper(io.FileIO(2, "wb", closefd=False), encoding="utf-8")
    _fresh_streams(in_fd, out_fd)
    try:
        code = compile(job["code"], "<solution>", "exec")
    except BaseException as exc:  # SyntaxError, ValueError (NUL bytes), MemoryError, RecursionError
        pipe.send({"error": "compile", "message": describe(exc)})
        os._exit(0)
    functional = job["mode"] == "functional"
    globals_ = dict(base_globals) if (job["preamble"] if functional else job["stdin_preamble"]) else {}
    if not job["allow_resource_module"]:
        sys.modules["resource"] = None  # LCB's reliability_guard
    types = job.get("leetcode_types")
    if functional:
        if types:  # LeetCode defines these for the solution (its starter code only names them in a comment)
            globals_.update(ListNode=leetcode.ListNode, TreeNode=leetcode.TreeNode)
        target, error = _load_functional(code, globals_, job["fn_name"], job.get("imports"))
        if error is not None:
            pipe.send(error)
            os._exit(0)
        if target[0] is not None and not job["fresh_solution_per_test"]:
            try:
                target = (target[0](), target[1])
            except BaseException as exc:
                pipe.send(_failure(exc))
                os._exit(0)
    pipe.send({"ok": True})
    while True:
        command = pipe.recv()
        start = time.process_time()
        _fresh_streams(in_fd, out_fd)
        if functional:
            reply = _run_functional(target, command["input"], types)
        else:
            reply = _run_stdin(code, globals_, job["wait_for_threads"])
        reply["cpu"] = time.process_time() - start
        pipe.send(reply)


def _module(name: str, base: dict) -> dict:
    """A real, registered module namespace (dataclasses, pickle and typing look modules up by name)."""
    module = types.ModuleType(name)
    module.__dict__.update(base)
    module.__dict__.update(__name__=name, __builtins__=__builtins__, stdin=sys.stdin, stdout=sys.stdout)
    sys.modules[name] = module
    return module.__dict__


def _load_functional(code, base: dict, fn_name: str, imports: str | None):
    """Execute the module once (LCB compiles once per submission); find `Solution.fn_name` or `fn_name`.

    `imports` are the problem's own (LeetCode's environment provides `SortedList` without an import).
    """
    globals_ = _module("__solution__", base)
    if imports:
        try:
            exec(imports, globals_)
        except BaseException as exc:
            return None, {"error": "runtime", "message": f"the problem's imports failed: {describe(exc)}"}
    try:
        exec(code, globals_)
    except BaseException as exc:
        return None, _failure(exc)
    cls = globals_.get("Solution")
    if isinstance(cls, type):
        if not callable(getattr(cls, fn_name, None)):
            return None, {"error": "compile", "message": f"class Solution has no method {fn_name!r}"}
        return (cls, fn_name), None
    func = globals_.get(fn_name)
    if not callable(func):
        return None, {"error": "compile", "message": f"no class Solution and no function {fn_name!r}"}
    return (None, func), None


def _run_functional(target, text: str, types: dict | None) -> dict:
    cls, func = target
    try:
        args = compare.parse_functional_input(text)
        if types:
            args = [leetcode.build(kind, arg) for kind, arg in zip(types["params"], args, strict=True)]
    except ValueError as exc:
        return {"error": "bad_test", "message": f"test input is not one JSON value per line of the declared types: {exc}"}
    try:
        if cls is not None and not isinstance(cls, type):
            call = getattr(cls, func)  # LCB: one shared Solution() (fresh_solution_per_test=false)
        else:
            call = getattr(cls(), func) if cls is not None else func  # a fresh Solution() per test
        value = call(*args)
    except BaseException as exc:
        return _failure(exc)
    try:
        if types:
            value = leetcode.values(types["returns"], value)
        return {"ok": True, "value": json.dumps(compare.encode_value(value))}
    except (TypeError, ValueError, RecursionError) as exc:
        return {"ok": True, "unencodable": describe(exc)}


def _run_stdin(code, base: dict, wait_for_threads: bool) -> dict:
    globals_ = _module("__main__", base)
    try:
        exec(code, globals_)
        if wait_for_threads:
            _join_threads()
    except SystemExit as exc:  # exit()/sys.exit() end the program as on a real judge
        if exc.code not in (None, 0):
            return {"error": "runtime", "message": f"SystemExit: {exc.code}"}
    except BaseException as exc:
        return _failure(exc)
    try:
        sys.stdout.flush()
    except BaseException as exc:  # closed stdout, output limit (EFBIG)
        return _failure(exc)
    return {"ok": True}
