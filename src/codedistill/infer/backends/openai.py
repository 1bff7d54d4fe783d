"""Any OpenAI-compatible chat server (hosted APIs, vLLM, SGLang, llama.cpp's server) over async httpx.

At most `max_concurrency` requests are in flight; each sample is one request with its own seed, so each
is cached on its own. 429, 5xx, timeouts and dropped connections are retried with exponential backoff
(jitter, `Retry-After` honoured), which also rides out a server restart mid-job. Failures the user must
fix stop the job at once with a message saying what to do: the server cannot be reached (before any reply),
the model is not served, the key is rejected, a prompt does not fit the context. Samples finished before
that are already cached; requests still in flight are cancelled.
"""

from __future__ import annotations

import asyncio
import difflib
import logging
import random
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from codedistill.errors import CodedistillError, ConfigError, require
from codedistill.infer.config import InferConfig
from codedistill.infer.request import SampleJob
from codedistill.records import FinishReason, Generation

log = logging.getLogger(__name__)

RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524})
_CONTEXT_WORDS = ("context_length_exceeded", "context length", "context_length", "maximum context", "too long", "exceeds", "context window")


class ServerError(CodedistillError):
    """The server refused the job in a way retrying cannot fix."""


class _Retry(Exception):
    def __init__(self, reason: str, delay_s: float | None = None):
        super().__init__(reason)
        self.delay_s = delay_s


def request_body(cfg: InferConfig, job: SampleJob) -> dict[str, Any]:
    """The chat completions JSON for one sample."""
    sampling = cfg.sampling
    messages = [dict(m) for m in job.messages]
    if sampling.assistant_prefix:  # continued by servers that support it (see `InferConfig._check_prefix`)
        messages.append({"role": "assistant", "content": sampling.assistant_prefix})
    body: dict[str, Any] = {
        "model": cfg.model,
        "messages": messages,
        "max_tokens": sampling.max_new_tokens,
        "temperature": sampling.temperature,
        "top_p": sampling.top_p,
        "n": 1,
    }
    if sampling.stop:
        body["stop"] = list(sampling.stop)
    if job.seed is not None:
        body["seed"] = job.seed
    return {**body, **cfg.server.extra_body}


def parse_response(payload: dict[str, Any], assistant_prefix: str, latency_s: float) -> Generation:
    """Map a chat completion to a `Generation`; `reasoning_content` (DeepSeek, vLLM) or `reasoning` is kept."""
    choice = payload["choices"][0]
    message = choice.get("message") or {}
    usage = payload.get("usage") or {}
    return Generation(
        problem_id="",
        text=assistant_prefix + (message.get("content") or ""),
        finish_reason=FinishReason(choice.get("finish_reason")),
        prompt_tokens=usage.get("prompt_tokens") or 0,
        completion_tokens=usage.get("completion_tokens") or 0,
        latency_s=latency_s,
        reasoning_content=message.get("reasoning_content") or message.get("reasoning"),
    )


class OpenAIBackend:
    def __init__(self, cfg: InferConfig, model_path: Path | None = None):
        require("httpx", "infer", "the OpenAI-compatible backend")
        self.cfg = cfg
        self.opts = cfg.server
        self.base_url = self.opts.base_url.rstrip("/")
        self._rng = random.Random(cfg.sampling.seed)  # jitter only
        self._server_seen = False  # after the first reply, a refused connection means a restart: retry it

    def run(self, jobs: Sequence[SampleJob]) -> Iterator[tuple[SampleJob, Generation]]:
        loop = asyncio.new_event_loop()
        client = loop.run_until_complete(self._open())
        pending: set[asyncio.Task[tuple[SampleJob, Generation]]] = set()
        try:
            if self.opts.check_model:
                loop.run_until_complete(self._check_model(client))
            queue = iter(jobs)
            while True:
                while len(pending) < self.opts.max_concurrency and (job := next(queue, None)) is not None:
                    pending.add(loop.create_task(self._sample(client, job)))
                if not pending:
                    return
                done, pending = loop.run_until_complete(asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED))
                failures = [task.exception() for task in done if task.exception() is not None]
                for task in done:  # hand over every finished sample before raising, so it gets cached
                    if task.exception() is None:
                        yield task.result()
                if failures:
                    raise failures[0]
        finally:
            for task in pending:
                task.cancel()
            if pending:
                loop.run_until_complete(asyncio.wait(pending))
            loop.run_until_complete(client.aclose())
            loop.close()

    def close(self) -> None:
        pass

    async def _open(self) -> Any:
        import httpx

        headers = {"Authorization": f"Bearer {self.opts.api_key.get_secret_value()}"} if self.opts.api_key else {}
        timeout = httpx.Timeout(self.opts.timeout_s, connect=self.opts.connect_timeout_s)
        limits = httpx.Limits(max_connections=self.opts.max_concurrency, max_keepalive_connections=self.opts.max_concurrency)
        return httpx.AsyncClient(base_url=self.base_url, headers=headers, timeout=timeout, limits=limits)

    async def _check_model(self, client: Any) -> None:
        """Fail before the job when the server is down, the key is refused or the model is not served."""
        import httpx

        try:
            response = await client.get("/models")
        except httpx.TransportError as exc:
            raise ServerError(self._unreachable(exc)) from None
        self._server_seen = True
        if response.status_code in (401, 403):
            raise ServerError(self._auth_message(response))
        try:
            listing = response.json() if response.status_code == 200 else {}
        except ValueError:
            listing = {}
        if not isinstance(listing, dict):
            return  # some servers do not list models; the first request will tell
        served = [entry.get("id", "") for entry in (listing.get("data") or []) if isinstance(entry, dict)]
        if served and self.cfg.model not in served:
            close = difflib.get_close_matches(self.cfg.model, served, n=1)
            hint = f" Did you mean `{close[0]}`?" if close else ""
            raise ConfigError(
                f"model `{self.cfg.model}` is not served at {self.base_url}.{hint} Served: {', '.join(served[:20])}; "
                f"set `model` to one of them (or `{self.cfg.backend}.check_model: false` if the server hides some)"
            )

    async def _sample(self, client: Any, job: SampleJob) -> tuple[SampleJob, Generation]:
        body = request_body(self.cfg, job)
        for attempt in range(self.opts.max_retries + 1):
            try:
                return job, await self._post(client, job, body)
            except _Retry as retry:
                if attempt == self.opts.max_retries:
                    raise ServerError(
                        f"{self.base_url}: gave up on problem `{job.problem_id}` sample {job.sample_index} after "
                        f"{attempt + 1} attempts ({retry}); finished samples are cached, re-run the same command to resume"
                    ) from None
                delay = retry.delay_s if retry.delay_s is not None else self._backoff(attempt)
                log.warning("%s: %s; retry %d/%d in %.1fs", job.problem_id, retry, attempt + 1, self.opts.max_retries, delay)
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")

    async def _post(self, client: Any, job: SampleJob, body: dict[str, Any]) -> Generation:
        import httpx

        started = time.perf_counter()
        try:
            response = await client.post("/chat/completions", json=body)
        except httpx.TimeoutException as exc:
            raise _Retry(f"timed out ({type(exc).__name__})") from None
        except httpx.TransportError as exc:
            if not self._server_seen:
                raise ServerError(self._unreachable(exc)) from None
            raise _Retry(f"connection failed ({type(exc).__name__}: {exc})") from None
        self._server_seen = True
        if response.status_code == 200:
            try:
                return parse_response(response.json(), self.cfg.sampling.assistant_prefix, time.perf_counter() - started)
            except (ValueError, KeyError, IndexError, TypeError) as exc:
                raise _Retry(f"malformed reply ({type(exc).__name__}: {exc})") from None
        if response.status_code in RETRY_STATUS:
            raise _Retry(f"HTTP {response.status_code}", _retry_after(response))
        raise ServerError(self._refusal(response, job))

    def _backoff(self, attempt: int) -> float:
        return min(self.opts.max_backoff_s, self.opts.backoff_s * 2**attempt) * (0.5 + self._rng.random() / 2)

    def _unreachable(self, exc: Exception) -> str:
        return (
            f"cannot reach the server at {self.base_url} ({type(exc).__name__}: {exc}); start it or fix "
            f"`{self.cfg.backend}.base_url`"
        )

    def _auth_message(self, response: Any) -> str:
        where = f"${self.opts.api_key_env}" if self.opts.api_key_env else f"`{self.cfg.backend}.api_key`"
        return f"{self.base_url} rejected the API key (HTTP {response.status_code}: {_server_message(response)}); set a valid key in {where}"

    def _refusal(self, response: Any, job: SampleJob) -> str:
        status, message = response.status_code, _server_message(response)
        if status in (401, 403):
            return self._auth_message(response)
        if status == 404:
            return f"{self.base_url}: model `{self.cfg.model}` or the chat endpoint not found (HTTP 404: {message}); check `model` and `{self.cfg.backend}.base_url`"
        if any(word in message.lower() for word in _CONTEXT_WORDS):
            return (
                f"problem `{job.problem_id}`: the prompt plus max_new_tokens={self.cfg.sampling.max_new_tokens} does not fit "
                f"the model's context (HTTP {status}: {message}); lower `sampling.max_new_tokens` or shorten the prompt"
            )
        return f"{self.base_url} refused the request for problem `{job.problem_id}` (HTTP {status}: {message})"


def _server_message(response: Any) -> str:
    try:
        payload = response.json()
    except ValueError:
        return response.text[:300]
    error = payload.get("error", payload) if isinstance(payload, dict) else payload
    if isinstance(error, dict):
        return str(error.get("message") or error)[:300]
    return str(error)[:300]


def _retry_after(response: Any) -> float | None:
    value = response.headers.get("retry-after")
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None
