"""The vLLM offline engine (GPU): the model's own chat template, per-sample seeds, tensor and data parallel.

Prompts are rendered with the Hugging Face tokenizer's chat template (the same text the transformers backend
feeds), so a forced reply prefix works and both local backends see identical prompts. No stop strings are
added: the `###` stop some harnesses use would cut markdown headings out of reasoning traces.

Data parallel runs `data_parallel_size` engine copies, each in its own spawned process that sees only its
`tensor_parallel_size` GPUs; the jobs are split round-robin and each process caches chunk by chunk.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from codedistill.errors import CodedistillError, require
from codedistill.infer.backends.chat import render_prompt
from codedistill.infer.config import InferConfig, SamplingParams, VllmConfig
from codedistill.infer.request import SampleJob
from codedistill.records import FinishReason, Generation

log = logging.getLogger(__name__)


def engine_kwargs(opts: VllmConfig, model: str, seed: int | None) -> dict[str, Any]:
    """Keyword arguments of `vllm.LLM` for one engine copy (tensor parallel inside, data parallel outside)."""
    kwargs: dict[str, Any] = {
        "model": model,
        "tensor_parallel_size": opts.tensor_parallel_size,
        "gpu_memory_utilization": opts.gpu_memory_utilization,
        "dtype": opts.dtype,
        "enforce_eager": opts.enforce_eager,
        "enable_prefix_caching": opts.enable_prefix_caching,
        "trust_remote_code": opts.trust_remote_code,
        "seed": seed if seed is not None else 0,
    }
    if opts.max_model_len is not None:
        kwargs["max_model_len"] = opts.max_model_len
    return kwargs


def sampling_kwargs(sampling: SamplingParams, seed: int | None) -> dict[str, Any]:
    """Keyword arguments of `vllm.SamplingParams` for one sample (n=1: each sample has its own seed and cache key)."""
    kwargs: dict[str, Any] = {
        "n": 1,
        "temperature": sampling.temperature,
        "top_p": sampling.top_p if sampling.temperature > 0 else 1.0,
        "max_tokens": sampling.max_new_tokens,
        "stop": list(sampling.stop),
        "skip_special_tokens": True,
    }
    if seed is not None:
        kwargs["seed"] = seed
    return kwargs


def to_generation(output: Any, assistant_prefix: str, latency_s: float) -> Generation:
    """Map one `vllm.RequestOutput` (first completion) to a `Generation`."""
    completion = output.outputs[0]
    return Generation(
        problem_id="",
        text=assistant_prefix + completion.text,
        finish_reason=FinishReason(completion.finish_reason),
        prompt_tokens=len(output.prompt_token_ids or []),
        completion_tokens=len(completion.token_ids),
        latency_s=latency_s,
    )


class VllmBackend:
    def __init__(self, cfg: InferConfig, model_path: Path | None):
        require("vllm", "vllm", "the vLLM backend")
        self.cfg = cfg
        self.model = str(model_path or cfg.model)
        self._llm: Any = None

    def run(self, jobs: Sequence[SampleJob]) -> Iterator[tuple[SampleJob, Generation]]:
        if self.cfg.vllm.data_parallel_size > 1:
            yield from _run_data_parallel(self.cfg, self.model, jobs)
            return
        if self._llm is None:
            from vllm import LLM

            self._llm = LLM(**engine_kwargs(self.cfg.vllm, self.model, self.cfg.sampling.seed))
        yield from _run_engine(self._llm, self.cfg, jobs)

    def close(self) -> None:
        self._llm = None


def _run_engine(llm: Any, cfg: InferConfig, jobs: Sequence[SampleJob]) -> Iterator[tuple[SampleJob, Generation]]:
    from vllm import SamplingParams as VllmSampling

    tokenizer = llm.get_tokenizer()
    prefix = cfg.sampling.assistant_prefix
    size = cfg.vllm.chunk_size
    for start in range(0, len(jobs), size):
        chunk = jobs[start : start + size]
        prompts = [render_prompt(tokenizer, job.messages, prefix) for job in chunk]
        params = [VllmSampling(**sampling_kwargs(cfg.sampling, job.seed)) for job in chunk]
        started = time.perf_counter()
        outputs = llm.generate(prompts, params, use_tqdm=False)
        latency = time.perf_counter() - started
        for job, output in zip(chunk, outputs, strict=True):
            yield job, to_generation(output, prefix, latency)


def _run_data_parallel(cfg: InferConfig, model: str, jobs: Sequence[SampleJob]) -> Iterator[tuple[SampleJob, Generation]]:
    import multiprocessing as mp

    dp, tp = cfg.vllm.data_parallel_size, cfg.vllm.tensor_parallel_size
    context = mp.get_context("spawn")  # CUDA cannot be initialised in a forked child
    results = context.Queue()
    shards = [list(jobs[rank::dp]) for rank in range(dp)]
    workers = [
        context.Process(target=_dp_worker, args=(cfg, model, shards[rank], list(range(rank * tp, (rank + 1) * tp)), results))
        for rank in range(dp)
    ]
    by_key = {job.key: job for job in jobs}
    for worker in workers:
        worker.start()
    try:
        running = dp
        while running:
            kind, payload = results.get()
            if kind == "done":
                running -= 1
            elif kind == "error":
                raise CodedistillError(f"vLLM data-parallel worker failed: {payload}")
            else:
                key, record = payload
                yield by_key[key], Generation.model_validate(record)
    finally:
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
            worker.join()


def _dp_worker(cfg: InferConfig, model: str, jobs: list[SampleJob], gpus: list[int], results: Any) -> None:
    """One engine copy in its own process; it sees only its GPUs (set before vLLM initialises CUDA)."""
    import os

    # `gpus` index the devices this job may use: the inherited CUDA_VISIBLE_DEVICES list when one is set.
    inherited = os.environ.get("CUDA_VISIBLE_DEVICES")
    devices = inherited.split(",") if inherited else [str(i) for i in range(max(gpus) + 1)]
    os.environ["CUDA_VISIBLE_DEVICES"] = ",".join(devices[i] for i in gpus)
    try:
        from vllm import LLM

        llm = LLM(**engine_kwargs(cfg.vllm, model, cfg.sampling.seed))
        for job, generation in _run_engine(llm, cfg, jobs):
            results.put(("result", (job.key, generation.model_dump(mode="json"))))
    except Exception as exc:  # reported to the parent, which stops the job
        results.put(("error", f"GPUs {gpus}: {type(exc).__name__}: {exc}"))
    results.put(("done", None))
