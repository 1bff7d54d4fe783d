"""The server fixture fails a test at once when its server dies, instead of letting the client retry a corpse."""

from __future__ import annotations

import contextlib
import re
import signal
import sys
import threading
import time

import httpx
import pytest

from codedistill.infer import InferConfig, generate

from .conftest import ServerDied, ServerProcess, free_port, make_requests

# Lists its one model like llama_cpp.server, then dies on the first completion as the AMX build did (SIGSEGV).
CRASHING_SERVER = """
import http.server, json, os, resource, signal, sys

resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"object": "list", "data": [{"id": "fake"}]}).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        print("ggml_compute_forward: about to crash", file=sys.stderr, flush=True)
        os.kill(os.getpid(), signal.SIGSEGV)

http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
"""


def crashing_server(tmp_path) -> ServerProcess:
    script, port = tmp_path / "server.py", free_port()
    script.write_text(CRASHING_SERVER)
    return ServerProcess([sys.executable, str(script), str(port)], f"http://127.0.0.1:{port}/v1/models",
                         tmp_path / "server.log", name="fake server")


def test_a_server_that_dies_mid_job_fails_the_test_at_once(tmp_path):
    server = crashing_server(tmp_path)
    base_url = server.ready_url.removesuffix("/models")
    # The client rides out restarts: 20 retries against a dead server take 30 to 50 s before it gives up.
    cfg = InferConfig(model="fake", backend="llamacpp", sampling={"n": 2, "max_new_tokens": 4},
                      llamacpp={"base_url": base_url, "backoff_s": 0.5, "max_backoff_s": 2.0, "max_retries": 20})
    started = time.monotonic()
    with pytest.raises(ServerDied) as failed, server:
        list(generate(make_requests(3), cfg))
    assert time.monotonic() - started < 10
    message = str(failed.value)
    assert message.startswith("fake server was killed by Segmentation fault; the last ")
    assert "ggml_compute_forward: about to crash" in message and str(tmp_path / "server.log") in message


def test_a_death_interrupts_whatever_the_test_waits_on(tmp_path):
    def crash(url: str) -> None:
        with contextlib.suppress(httpx.TransportError):
            httpx.post(url.replace("/models", "/chat/completions"), json={})

    started = time.monotonic()
    with pytest.raises(ServerDied, match="killed by Segmentation fault"), crashing_server(tmp_path) as server:
        threading.Thread(target=crash, args=(server.ready_url,)).start()
        time.sleep(30)  # as a test waits on a subprocess or a database row
    assert time.monotonic() - started < 10


def test_a_server_that_dies_while_starting_fails_at_once(tmp_path):
    command = [sys.executable, "-c", "import sys; sys.exit('llama_model_load: failed to load model')"]
    server = ServerProcess(command, f"http://127.0.0.1:{free_port()}/v1/models", tmp_path / "server.log",
                           name="fake server", ready_within_s=60)
    started = time.monotonic()
    with pytest.raises(ServerDied, match=re.compile(r"exited with status 1; .*failed to load model", re.S)), server:
        pass
    assert time.monotonic() - started < 5


def test_a_server_stopped_on_purpose_fails_nothing_and_restarts(tmp_path):
    before = signal.getsignal(signal.SIGUSR1)
    with crashing_server(tmp_path) as server:
        server.stop()
        time.sleep(0.5)  # a death report would interrupt this sleep
        server.start()
        assert httpx.get(server.ready_url).status_code == 200
    assert server.process is None and signal.getsignal(signal.SIGUSR1) is before
