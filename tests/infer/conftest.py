"""Fixtures for the inference tests: the tiny random model and HTTP servers on 127.0.0.1."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from codedistill.infer import GenerationRequest


def make_requests(count: int, words: int = 3) -> list[GenerationRequest]:
    """Requests of different lengths, so batches need padding."""
    return [
        GenerationRequest(problem_id=f"p{i}", messages=[{"role": "user", "content": " ".join(["solve"] * (words + 2 * i))}])
        for i in range(count)
    ]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServerDied(SystemExit):
    """A test's server died. A SystemExit, because asyncio and other libraries that catch everything else from
    a callback re-raise it (an ordinary exception raised from the signal handler mid-request gets swallowed as
    a "fatal write error"); pytest reports it as the test's failure."""


class ServerProcess:
    """A server subprocess whose death fails the running test at once, with the tail of its log.

    A client that rides out restarts would otherwise retry a dead server for minutes. A watchdog thread
    waits on the process; when it exits other than through `stop()`, the watchdog signals the main thread,
    whose handler raises `ServerDied` wherever the test is blocked (a retry loop, a subprocess, a sleep).
    Enter it as a context manager from the main thread (signal handlers live there); `start()` and `stop()`
    may then follow from any thread.
    """

    def __init__(self, command: list[str], ready_url: str, log: Path, *, name: str, ready_within_s: float = 90):
        self.command, self.ready_url, self.log, self.name = command, ready_url, log, name
        self.ready_within_s = ready_within_s
        self.process: subprocess.Popen | None = None
        self._watchdog: threading.Thread | None = None
        self._death: str | None = None  # set by the watchdog, reported once by `_raise_if_dead`
        self._lock = threading.Lock()

    def __enter__(self) -> ServerProcess:
        self._previous_handler = signal.signal(signal.SIGUSR1, lambda signum, frame: self._raise_if_dead())
        try:
            self.start()
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
        signal.signal(signal.SIGUSR1, self._previous_handler)

    def start(self) -> None:
        """Start the server and wait until `ready_url` answers 200."""
        with self.log.open("ab") as log:
            process = subprocess.Popen(self.command, stdout=log, stderr=subprocess.STDOUT)
        with self._lock:
            self.process = process
        self._watchdog = threading.Thread(target=self._watch, args=(process,), daemon=True)
        self._watchdog.start()
        deadline = time.monotonic() + self.ready_within_s
        while process.poll() is None:
            try:
                if httpx.get(self.ready_url, timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"{self.name} did not answer {self.ready_url} within {self.ready_within_s:.0f} s; "
                            f"{self._log_tail()}", pytrace=False)
            time.sleep(0.2)
        self._watchdog.join()  # it has recorded the death and signalled the main thread
        if threading.current_thread() is threading.main_thread():
            self._raise_if_dead()

    def stop(self) -> None:
        """Kill the server on purpose: no test fails for it."""
        with self._lock:
            process, self.process = self.process, None
        if process is not None:
            process.kill()
            process.wait()
        if self._watchdog is not None:
            self._watchdog.join()  # after this no signal is in flight, so the handler may be restored

    def _raise_if_dead(self) -> None:
        """Fail the test if the server died on its own (once, so that teardown does not fail again)."""
        death, self._death = self._death, None
        if death is not None:
            raise ServerDied(death)

    def _watch(self, process: subprocess.Popen) -> None:
        code = process.wait()
        with self._lock:
            if process is not self.process:
                return  # stopped on purpose
            self.process = None
            how = f"was killed by {signal.strsignal(-code) or -code}" if code < 0 else f"exited with status {code}"
            self._death = f"{self.name} {how}; {self._log_tail()}"
        signal.pthread_kill(threading.main_thread().ident, signal.SIGUSR1)

    def _log_tail(self, lines: int = 40) -> str:
        tail = self.log.read_text(errors="replace").splitlines()[-lines:] if self.log.exists() else []
        return f"the last {len(tail)} lines of {self.log}:\n" + "\n".join(tail)


class FaultServer:
    """A real OpenAI-compatible HTTP server that misbehaves on purpose.

    `reply(body)` gives the content of an "ok" answer. `script` lists what successive chat requests get: "ok", "429", "500", "503", "sleep" (answer after
    `sleep_s`, longer than the client's timeout), "drop" (close the socket without answering), "401", "404",
    "ctx" (context overflow 400). Requests past the script get "ok". `delay_s` slows every "ok" reply.
    """

    def __init__(self, script: list[str] | None = None, *, delay_s: float = 0.0, sleep_s: float = 2.0,
                 models: list[str] | None = None, reply=None):
        self.script = list(script or [])
        self.delay_s, self.sleep_s = delay_s, sleep_s
        self.models = models if models is not None else ["fake-model"]
        self.reply = reply or (lambda body: f"answer to {body['messages'][-1]['content']} seed={body.get('seed')}")
        self.bodies: list[dict] = []
        self.auth: list[str | None] = []
        self.actions: list[str] = []
        self.in_flight = self.max_in_flight = 0
        self._lock = threading.Lock()
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> FaultServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _next_action(self, body: dict) -> str:
        with self._lock:
            self.bodies.append(body)
            action = self.script.pop(0) if self.script else "ok"
            self.actions.append(action)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        return action

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _send(self, status: int, payload: dict, headers: dict[str, str] | None = None) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                if self.path == "/v1/models":
                    self._send(200, {"object": "list", "data": [{"id": m} for m in server.models]})
                else:
                    self._send(404, {"error": {"message": "not found"}})

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                server.auth.append(self.headers.get("Authorization"))
                action = server._next_action(body)
                try:
                    self._act(action, body)
                finally:
                    with server._lock:
                        server.in_flight -= 1

            def _act(self, action: str, body: dict) -> None:
                if action == "drop":
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if action == "sleep":
                    time.sleep(server.sleep_s)
                errors = {"429": (429, "rate limited"), "500": (500, "internal error"), "503": (503, "overloaded"),
                          "401": (401, "Incorrect API key provided"), "404": (404, "The model does not exist"),
                          "ctx": (400, "This model's maximum context length is 2048 tokens")}
                if action in errors:
                    status, message = errors[action]
                    self._send(status, {"error": {"message": message}}, {"Retry-After": "0"} if status == 429 else None)
                    return
                time.sleep(server.delay_s)
                prompt = body["messages"][-1]["content"]
                length = body["max_tokens"] < 4
                self._send(200, {
                    "choices": [{"index": 0, "finish_reason": "length" if length else "stop",
                                 "message": {"role": "assistant", "content": server.reply(body),
                                             "reasoning_content": "thinking about it"}}],
                    "usage": {"prompt_tokens": len(prompt.split()), "completion_tokens": 5},
                })

        return Handler


@pytest.fixture
def fault_server() -> Iterator[type[FaultServer]]:
    yield FaultServer


@pytest.fixture
def requests_of():
    return make_requests
