"""The code that runs inside the sandbox: a warm worker that forks one process per submission.

Stdlib only; started as ``python -s harness.py --backend NAME`` by `pool.py`, it talks JSON lines over its
stdin/stdout. The forked submission process runs `runner.py`; both load `compare.py` by path, since the
`codedistill` package is not visible inside the sandbox.

Trust boundary. The *worker* (this file's `serve`) never runs submitted code. For each job it hands the
code to a *submission process* that was forked before the job arrived (so the expected outputs are not
in its memory), feeds it one test input at a time, and measures it from outside through ``/proc``: CPU
time (user + system, all threads) against the per-test limit, peak RSS, output size. The submission's own
reports are only its answers. The worker compares answers with `checkers.py` and returns per-test
results. Inside bwrap/userns the worker is PID 1 of its own PID namespace, so submissions cannot signal
it (init ignores signals it has no handler for); it is non-dumpable, so they cannot ptrace it or open its
``/proc/<pid>/mem`` or fds; at the end of a job everything in the namespace but the worker is killed.

WARNING: with ``--backend rlimits`` none of the namespace guarantees hold (see `sandbox.py`).
"""

from __future__ import annotations

import ctypes
import importlib.util
import json
import os
import select
import signal
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


# The submission-process side, loaded by path under a private name (it loads its own siblings the same way).
_spec = importlib.util.spec_from_file_location("_codedistill_judge_runner", os.path.join(HERE, "runner.py"))
runner = sys.modules[_spec.name] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(runner)
compare = runner.compare
checkers = runner.load_sibling("checkers")

CLK_TCK = os.sysconf("SC_CLK_TCK")
IDLE_CPU_SHARE = 0.02  # past the watchdog, a test using less CPU than this share of wall time is "blocked"
POLL_SLICE_S = 0.25  # longest wait between two /proc checks of a running test's CPU time


_libc = ctypes.CDLL(None, use_errno=True)


def _prctl(option: int, value: int) -> None:
    _libc.prctl(option, value, 0, 0, 0)


PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_SET_CHILD_SUBREAPER = 1, 4, 36


# =====================================================================================================
# The worker (trusted: never executes submitted code)
# =====================================================================================================


def _proc_cpu(pid: int) -> float | None:
    """User + system CPU seconds of `pid` (all threads), from /proc; None once it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK
    except (OSError, IndexError, ValueError):
        return None


def _proc_peak_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", "rb") as handle:
            for line in handle:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class Submission:
    """One forked submission process, driven and measured from outside."""

    def __init__(self, base_globals: dict, fresh_exec: bool = False):
        self.in_fd = os.memfd_create("stdin")
        self.out_fd = os.memfd_create("stdout")
        cmd_r, self.cmd_w = os.pipe()
        self.report_r, report_w = os.pipe()
        sys.stdout.flush()
        self.pid = os.fork()
        if self.pid == 0:
            try:
                _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
                os.setsid()
                keep = {cmd_r, report_w, self.in_fd, self.out_fd}
                low = 3
                for fd in sorted(keep):  # close_range(2) underneath: one syscall per gap
                    os.closerange(low, fd)
                    low = fd + 1
                os.closerange(low, 1 << 16)
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                if fresh_exec:  # a clean interpreter: nothing of the worker's memory survives exec
                    for fd in keep:
                        os.set_inheritable(fd, True)
                    os.execv(sys.executable, [sys.executable, "-s", __file__, "--child",
                                              *map(str, (cmd_r, report_w, self.in_fd, self.out_fd))])
                runner.run_submission(cmd_r, report_w, self.in_fd, self.out_fd, base_globals)
            finally:
                os._exit(70)
        os.close(cmd_r)
        os.close(report_w)
        self.buffer = b""
        self.status: int | None = None  # wait status once reaped
        self.rusage = None

    # -- driving ------------------------------------------------------------------------------------

    def send(self, message: dict) -> bool:
        data = (json.dumps(message) + "\n").encode()
        try:
            while data:
                data = data[os.write(self.cmd_w, data):]
            return True
        except OSError:
            return False

    def receive(self, cpu_limit: float, wall_limit: float, cpu_start: float | None = None) -> tuple[dict | None, str]:
        """Wait for one reply while enforcing the CPU-time limit and the wall-clock watchdog.

        Returns (reply, "") or (None, reason) with reason "cpu", "wall" or "died". /proc is read only when
        a wait times out, so quick tests cost no polling.
        """
        poller = select.poll()
        poller.register(self.report_r, select.POLLIN)
        if cpu_start is None:
            cpu_start = _proc_cpu(self.pid) or 0.0
        wall_start = time.monotonic()
        wall_end = wall_start + wall_limit
        used = 0.0
        while b"\n" not in self.buffer:
            if used > cpu_limit:
                return None, "cpu"
            left_wall = wall_end - time.monotonic()
            if left_wall <= 0:
                # The watchdog is for sleeping or blocked code. Code that is computing but starved by a
                # loaded machine keeps running until its CPU limit, so verdicts do not depend on load.
                elapsed = time.monotonic() - wall_start
                if used < IDLE_CPU_SHARE * elapsed or elapsed >= 10 * wall_limit:
                    return None, "wall"
                wall_end += POLL_SLICE_S
                left_wall = POLL_SLICE_S
            # CPU time grows at most as fast as wall time per thread, so sleeping until the budget could be
            # spent loses nothing; the cap bounds the overshoot of multi-threaded programs.
            timeout = max(0.005, min(cpu_limit - used + 0.01, left_wall, POLL_SLICE_S))
            if poller.poll(timeout * 1000):
                chunk = os.read(self.report_r, 1 << 20)
                if not chunk:
                    return None, "died"
                self.buffer += chunk
            else:
                used = (_proc_cpu(self.pid) or cpu_start) - cpu_start
        line, _, self.buffer = self.buffer.partition(b"\n")
        try:
            return json.loads(line), ""
        except ValueError:
            return {"error": "runtime", "message": "garbled report from the submission process"}, ""

    def cpu(self) -> float:
        value = _proc_cpu(self.pid)
        if value is None and self.rusage is not None:
            return self.rusage.ru_utime + self.rusage.ru_stime
        return value or 0.0

    def reap(self, timeout: float | None = None) -> bool:
        """Collect the exit status; with a timeout, give up (False) if it is still running by then."""
        if self.status is not None:
            return True
        if timeout is not None:
            try:
                pidfd = os.pidfd_open(self.pid)
            except OSError:
                pidfd = None
            if pidfd is not None:
                try:
                    if not select.select([pidfd], [], [], timeout)[0]:
                        return False
                finally:
                    os.close(pidfd)
        try:
            _, self.status, self.rusage = os.wait4(self.pid, 0)
        except ChildProcessError:
            self.status = 0
        return True

    def kill(self) -> None:
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except OSError:
            pass
        try:
            os.kill(self.pid, signal.SIGKILL)
        except OSError:
            pass
        self.reap()

    def close(self) -> None:
        for fd in (self.in_fd, self.out_fd, self.cmd_w, self.report_r):
            try:
                os.close(fd)
            except OSError:
                pass

    def feed(self, data: bytes) -> None:
        os.ftruncate(self.in_fd, 0)
        os.pwrite(self.in_fd, data, 0)
        os.lseek(self.in_fd, 0, os.SEEK_SET)
        os.ftruncate(self.out_fd, 0)
        os.lseek(self.out_fd, 0, os.SEEK_SET)

    def output(self, limit: int) -> bytes:
        size = os.fstat(self.out_fd).st_size
        return os.pread(self.out_fd, min(size, limit), 0)


def _kill_everything(backend: str, sub: Submission) -> None:
    """Kill the submission and everything it started (daemons included), then reap them all."""
    sub.kill()
    for _ in range(3):
        if backend != "rlimits":  # we are PID 1 of a private namespace: -1 means "everyone else here"
            try:
                os.kill(-1, signal.SIGKILL)
            except OSError:
                pass
        else:
            for pid in _descendants(os.getpid()):
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
        try:
            while True:
                os.waitpid(-1, 0)
        except ChildProcessError:
            pass
        if backend != "rlimits" or not _descendants(os.getpid()):
            break
    sub.close()
    _empty_scratch()


def _empty_scratch() -> None:
    """Delete whatever the submission left in the scratch directory (our cwd), so the next cannot read it.

    Read-only mounts inside the scratch (an interpreter or venv that lives under /tmp, bound there by
    bwrap) and the directories leading to them are kept; everything else in those directories goes.
    """
    _clear_dir(os.getcwd(), _mounts_below(os.getcwd()))


def _mounts_below(root: str) -> frozenset[str]:
    mounts = set()
    try:
        with open("/proc/self/mountinfo", encoding="utf-8") as info:
            for line in info:
                point = line.split()[4].replace("\\040", " ")
                if point.startswith(root.rstrip("/") + "/"):
                    mounts.add(point)
    except OSError:
        pass
    return frozenset(mounts)


def _clear_dir(path: str, mounts: frozenset[str]) -> None:
    import shutil
    import stat

    def force(func, target, _exc) -> None:  # a submission may have made entries unwritable
        try:
            os.chmod(os.path.dirname(target), stat.S_IRWXU)
            os.chmod(target, stat.S_IRWXU, follow_symlinks=False)
        except OSError:
            pass
        try:
            func(target)
        except OSError:
            pass

    with os.scandir(path) as entries:
        for entry in entries:
            full = os.path.abspath(entry.path)
            if full in mounts:
                continue
            if any(m.startswith(full + "/") for m in mounts):
                _clear_dir(full, mounts)  # holds a mount deeper down: clear around it
            elif entry.is_dir(follow_symlinks=False):
                shutil.rmtree(full, onerror=force)
            else:
                try:
                    os.unlink(full)
                except OSError:
                    force(os.unlink, full, None)


def _descendants(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", "rb") as handle:
                    parents[int(name)] = int(handle.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = [], [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        found += children
        frontier += children
    return found


class Worker:
    def __init__(self, backend: str):
        self.backend = backend
        self.base_globals: dict = {}
        exec(runner.LCB_PREAMBLE, self.base_globals)  # import everything once, so submissions start warm
        import gc
        import threading  # noqa: F401  (imported by many submissions and by _apply_limits)

        gc.freeze()  # keep the collector from touching (and copying) the worker's pages in every fork
        self.spare: Submission | None = None
        self._current: Submission | None = None

    def fork(self, fresh_exec: bool = False) -> Submission:
        return Submission(self.base_globals, fresh_exec)

    def judge(self, job: dict) -> dict:
        sub = self._current = self.spare or self.fork()
        self.spare = None
        try:
            return self._judge(job, sub)
        finally:
            _kill_everything(self.backend, sub)
            if self._current is not sub:
                _kill_everything(self.backend, self._current)
            self.spare = self.fork()  # forked now, before the next job (and its expected outputs) arrives

    def _load(self, job: dict, sub: Submission) -> dict | None:
        """Start `sub` on the job's code; None when it is ready, else a failed test result."""
        payload = {k: v for k, v in job.items() if k not in ("tests", "checker")}
        payload["tests"] = [None] * len(job["tests"])  # only the count is needed (CPU backstop)
        if not sub.send(payload):
            return {"status": "sandbox_error", "message": "submission process did not start"}
        reply, reason = sub.receive(job["time_limit_s"], job["wall_limit_s"])
        if reply is None:
            return self._abnormal(job, sub, reason, 0.0)
        if reply.get("ok"):
            return None
        return self._error_result(reply)

    def _judge(self, job: dict, sub: Submission) -> dict:
        failed = self._load(job, sub)
        tests, results, first_failure, passed = job["tests"], [], None, 0
        if failed is not None:
            first_failure = {"test_index": 0, "input": tests[0]["input"] if tests else "", "expected": tests[0]["output"] if tests else "", "got": "", "message": failed["message"]}
            return {"status": failed["status"], "passed": 0, "total": len(tests), "tests": [failed], "first_failure": first_failure}
        for index, test in enumerate(tests):
            if sub.status is not None:  # it ended itself (os._exit) in an earlier test: start a clean one
                sub = self._current = self.fork(fresh_exec=True)
                failed = self._load(job, sub)
                if failed is not None:
                    result, got = failed, ""
                    results.append(result)
                    first_failure = first_failure or _failure_record(index, test, got, result)
                    break
            result, got = self._run_test(job, sub, test)
            results.append(result)
            if result["status"] == "accepted":
                passed += 1
            else:
                first_failure = first_failure or _failure_record(index, test, got, result)
                if job["stop_at_first_failure"]:
                    break
        status = next((r["status"] for r in results if r["status"] != "accepted"), "accepted")
        return {"status": status, "passed": passed, "total": len(tests), "tests": results, "first_failure": first_failure}

    def _run_test(self, job: dict, sub: Submission, test: dict) -> tuple[dict, str]:
        functional = job["mode"] == "functional"
        sub.feed(b"" if functional else test["input"].encode("utf-8", "surrogatepass"))
        cpu_before = sub.cpu()
        sub.send({"op": "test", "input": test["input"] if functional else ""})  # a failed send shows up as "died"
        reply, reason = sub.receive(job["time_limit_s"], job["wall_limit_s"], cpu_before)
        cpu = max(sub.cpu() - cpu_before, 0.0)
        if reply is not None:
            cpu = max(cpu - 1.0 / CLK_TCK, min(reply.get("cpu", cpu), cpu + 1.0 / CLK_TCK))
        peak = _proc_peak_kib(sub.pid)
        if reply is None:
            if reason == "died" and not sub.reap(timeout=job["wall_limit_s"]):
                sub.kill()  # it closed its end of the pipe but kept running
                return {"status": "runtime_error", "message": "closed the judge's pipe and did not exit",
                        "cpu_time": round(cpu, 4), "peak_memory": peak}, ""
            if reason == "died":
                if not functional and os.WIFEXITED(sub.status) and os.WEXITSTATUS(sub.status) == 0:
                    reply = {"ok": True}  # os._exit(0) after writing the answer: a normal end
                cpu = max(cpu, (sub.rusage.ru_utime + sub.rusage.ru_stime) - cpu_before if sub.rusage else 0.0)
                peak = max(peak, sub.rusage.ru_maxrss if sub.rusage else 0)
            if reply is None:
                result = self._abnormal(job, sub, reason, cpu)
                result.update(cpu_time=round(cpu, 4), peak_memory=peak)
                return result, ""
        if cpu > job["time_limit_s"]:
            return {"status": "time_limit", "message": f"CPU time {cpu:.2f}s > {job['time_limit_s']}s", "cpu_time": round(cpu, 4), "peak_memory": peak}, ""
        result, got = self._check(job, sub, test, reply)
        result.update(cpu_time=round(cpu, 4), peak_memory=peak)
        return result, got

    def _check(self, job: dict, sub: Submission, test: dict, reply: dict) -> tuple[dict, str]:
        limit = job["output_limit_mb"] << 20
        if not reply.get("ok"):
            if job["mode"] == "stdin" and os.fstat(sub.out_fd).st_size >= limit:
                return {"status": "runtime_error", "message": f"output limit exceeded (> {job['output_limit_mb']} MB)"}, ""
            return self._error_result(reply), ""
        checker = job["checker"]  # a built-in checker spec (checkers.py); the judge refuses the rest up front
        if job["mode"] == "functional":
            if "unencodable" in reply:
                return {"status": "wrong_answer", "message": reply["unencodable"]}, ""
            got_value = compare.decode_value(json.loads(reply["value"]))
            got = _short(repr(got_value))
            try:
                expected = json.loads(test["output"])
            except ValueError as exc:
                return {"status": "sandbox_error", "message": f"test output is not JSON: {exc}"}, got
            ok, message = checkers.check_value(checker, got_value, expected)
        else:
            raw = sub.output(limit + 1)
            if len(raw) > limit:
                return {"status": "runtime_error", "message": f"output limit exceeded (> {job['output_limit_mb']} MB)"}, ""
            got = raw.decode("utf-8", "replace")
            ok, message = checkers.check_text(checker, got, test["output"])
            got = _short(got, 2000)
        return ({"status": "accepted", "message": ""} if ok else {"status": "wrong_answer", "message": message}), got

    def _error_result(self, reply: dict) -> dict:
        kind = reply.get("error")
        status = {"memory": "memory_limit", "compile": "compile_error", "bad_test": "sandbox_error",
                  "sandbox": "sandbox_error"}.get(kind, "runtime_error")
        return {"status": status, "message": str(reply.get("message", ""))[:2000]}

    def _abnormal(self, job: dict, sub: Submission, reason: str, cpu: float) -> dict:
        """The submission stopped answering: over a limit, or dead."""
        if reason in ("cpu", "wall"):
            sub.kill()
            if reason == "cpu":
                return {"status": "time_limit", "message": f"CPU time limit {job['time_limit_s']}s exceeded"}
            return {"status": "time_limit", "message": f"wall-clock watchdog: no answer after {job['wall_limit_s']}s (sleeping or blocked)"}
        if not sub.reap(timeout=job["wall_limit_s"]):
            sub.kill()
            return {"status": "runtime_error", "message": "closed the judge's pipe and did not exit"}
        status = sub.status or 0
        peak_kib = sub.rusage.ru_maxrss if sub.rusage else 0
        if os.WIFSIGNALED(status):
            number = os.WTERMSIG(status)
            if number in (signal.SIGXCPU, signal.SIGKILL) and cpu >= job["time_limit_s"]:
                return {"status": "time_limit", "message": f"killed by {signal.Signals(number).name} at the CPU limit"}
            if job["memory_limit_mb"] and peak_kib >= 0.9 * job["memory_limit_mb"] * 1024:
                return {"status": "memory_limit", "message": f"killed by {signal.Signals(number).name} near the memory limit"}
            return {"status": "runtime_error", "message": f"killed by signal {signal.Signals(number).name}"}
        code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else -1
        return {"status": "runtime_error", "message": f"process exited with status {code} during the test"}


def _failure_record(index: int, test: dict, got: str, result: dict) -> dict:
    return {"test_index": index, "input": _short(test["input"], 2000), "expected": _short(test["output"], 2000),
            "got": got, "message": result.get("message", "")}


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def serve(backend: str) -> None:
    if backend != "rlimits" and os.getpid() != 1:  # cleanup signals -1 ("everyone"): only safe as a namespace's init
        sys.exit(f"harness: backend {backend!r} must run as PID 1 of its own PID namespace (got pid {os.getpid()})")
    _prctl(PR_SET_DUMPABLE, 0)  # no ptrace, no /proc/<pid>/mem or fd access by submissions
    if backend == "rlimits":
        _prctl(PR_SET_CHILD_SUBREAPER, 1)  # daemons re-parent to us so we can find and kill them
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    worker = Worker(backend)
    worker.spare = worker.fork()
    out = sys.stdout.buffer
    out.write(json.dumps({"ready": True, "backend": backend}).encode() + b"\n")
    out.flush()
    for line in sys.stdin.buffer:
        if not line.strip():
            continue
        job = json.loads(line)
        try:
            result = worker.judge(job)
        except Exception as exc:  # a worker bug: report it for this job, keep serving
            result = {"status": "sandbox_error", "passed": 0, "total": len(job.get("tests", ())), "tests": [],
                      "first_failure": None, "message": f"worker error: {runner.describe(exc)}"}
        result["id"] = job.get("id")
        out.write(json.dumps(result).encode() + b"\n")
        out.flush()


def main(argv: list[str]) -> None:
    if argv[:1] == ["--child"]:
        cmd_r, report_w, in_fd, out_fd = map(int, argv[1:5])
        base: dict = {}
        exec(runner.LCB_PREAMBLE, base)
        try:
            runner.run_submission(cmd_r, report_w, in_fd, out_fd, base)
        finally:
            os._exit(70)
    backend = argv[argv.index("--backend") + 1] if "--backend" in argv else "rlimits"
    serve(backend)


if __name__ == "__main__":
    main(sys.argv[1:])
