"""Inference configs: what to sample (`SamplingParams`) and where (`InferConfig` with one section per backend).

```yaml
model: smollm2-135m          # a named model, a local checkpoint, or the server's model name
backend: openai              # selects the `openai:` section below; the other sections are ignored
sampling: {preset: deepseek-r1, n: 4, max_new_tokens: 32768}
openai: {base_url: "http://127.0.0.1:8000/v1", max_concurrency: 64, api_key_env: OPENAI_API_KEY}
```
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import Field, SecretStr, field_validator, model_validator

from codedistill.config import StageConfig
from codedistill.errors import ConfigError
from codedistill.infer.presets import PRESETS, preset_fields

BackendName = Literal["transformers", "vllm", "openai", "llamacpp"]


class SamplingParams(StageConfig):
    """How to sample. Every field except `n` is part of each sample's cache key, so raising `n` reuses the
    samples already made and changing anything else makes new ones."""

    preset: str | None = Field(
        default=None,
        description=f"Fill the unset fields from a named preset ({', '.join(PRESETS)}); fields set explicitly win.",
    )
    n: int = Field(default=1, ge=1, description="Samples per request (sample_index 0..n-1).")
    temperature: float = Field(default=1.0, ge=0.0, description="0 means greedy decoding.")
    top_p: float = Field(default=1.0, gt=0.0, le=1.0, description="Nucleus sampling mass.")
    max_new_tokens: int = Field(default=1024, ge=1, description="Token budget per sample; hitting it gives finish_reason=length.")
    stop: list[str] = Field(
        default_factory=list,
        description="Extra stop strings (excluded from the text). None by default: a `###` stop would cut "
        "markdown headings out of reasoning traces.",
    )
    seed: int | None = Field(
        default=0, description="Base seed; sample i uses seed + i. None leaves sampling unseeded."
    )
    merge_system_prompt: bool = Field(
        default=False,
        description="Fold a system message into the first user message (DeepSeek-R1's usage advice: no system prompt).",
    )
    assistant_prefix: str = Field(
        default="",
        description="Text forced at the start of the reply, e.g. '<think>\\n' for R1; it is kept at the start of `text`.",
    )

    @model_validator(mode="before")
    @classmethod
    def _apply_preset(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("preset") in PRESETS:
            return {**PRESETS[data["preset"]], **data}
        return data  # an unknown name is reported by `_check_preset`, at the key's own location

    @field_validator("preset")
    @classmethod
    def _check_preset(cls, name: str | None) -> str | None:
        if name is not None:
            try:
                preset_fields(name)
            except ConfigError as exc:
                raise ValueError(str(exc)) from None
        return name

    def seed_for(self, sample_index: int) -> int | None:
        return None if self.seed is None else self.seed + sample_index

    def key_fields(self) -> dict[str, Any]:
        """What a sample's cache key covers: everything that changes one sample's distribution."""
        return self.model_dump(mode="json", exclude={"n", "preset"})


class TransformersConfig(StageConfig):
    """Local generation with `transformers` (CPU or GPU)."""

    batch_size: int = Field(default=8, ge=1, description="Sequences per forward batch (left-padded, sorted by length).")
    dtype: Literal["auto", "bfloat16", "float16", "float32"] = Field(
        default="auto", description="auto = bf16 on a GPU that supports it, else float32."
    )
    device: str = Field(default="auto", description="auto = cuda when available, else cpu; or e.g. 'cuda:1'.")
    trust_remote_code: bool = Field(default=False, description="Allow model code from the checkpoint.")


class VllmConfig(StageConfig):
    """The vLLM offline engine (GPU)."""

    tensor_parallel_size: int = Field(default=1, ge=1, description="GPUs one model copy is sharded over.")
    data_parallel_size: int = Field(
        default=1, ge=1, description="Independent model copies, one process each on its own GPUs; requests are split among them."
    )
    gpu_memory_utilization: float = Field(default=0.9, gt=0.0, le=1.0, description="Share of each GPU's memory vLLM may take.")
    max_model_len: int | None = Field(default=None, ge=1, description="Context length (prompt + reply); None = the model's.")
    dtype: Literal["auto", "bfloat16", "float16", "float32"] = Field(default="auto", description="Weights dtype.")
    enforce_eager: bool = Field(default=False, description="Skip CUDA graphs (faster start, slower decode).")
    enable_prefix_caching: bool = Field(default=True, description="Reuse the KV cache of shared prompt prefixes (n samples of one prompt).")
    chunk_size: int = Field(
        default=512, ge=1, description="Samples handed to the engine per call; each chunk is cached when done, bounding the loss on a crash."
    )
    trust_remote_code: bool = Field(default=False, description="Allow model code from the checkpoint.")


class OpenAIConfig(StageConfig):
    """Any OpenAI-compatible chat completions server (a hosted API, vLLM, SGLang, llama.cpp)."""

    base_url: str = Field(default="http://127.0.0.1:8000/v1", description="Server root including /v1.")
    api_key_env: str | None = Field(
        default="OPENAI_API_KEY", description="Environment variable the CLI reads the key from (library code never reads it)."
    )
    api_key: SecretStr | None = Field(default=None, exclude=True, description="The key itself; passed in by the CLI, never written to disk.")
    max_concurrency: int = Field(default=16, ge=1, description="Requests in flight at once.")
    max_retries: int = Field(default=8, ge=0, description="Retries per request on 429, 5xx, timeouts and dropped connections.")
    backoff_s: float = Field(default=1.0, gt=0.0, description="First retry delay; doubles each retry (with jitter), honours Retry-After.")
    max_backoff_s: float = Field(default=60.0, gt=0.0, description="Cap on one retry delay.")
    connect_timeout_s: float = Field(default=10.0, gt=0.0, description="Time to open a connection.")
    timeout_s: float = Field(
        default=3600.0, gt=0.0, description="Time to wait for a whole reply; 32K-token reasoning at ~20 tok/s takes ~30 min."
    )
    check_model: bool = Field(default=True, description="Before the job, ask GET /models whether `model` is served.")
    extra_body: dict[str, Any] = Field(default_factory=dict, description="Extra JSON fields for each request (server-specific).")


class InferConfig(StageConfig):
    """One generation job: the model, how to sample, and the backend that runs it."""

    model: str = Field(default="tiny-random", description="Named model, local checkpoint directory, or the server's model name.")
    backend: BackendName = Field(default="transformers", description="Which section below runs the job.")
    sampling: SamplingParams = Field(default_factory=SamplingParams)
    transformers: TransformersConfig = Field(default_factory=TransformersConfig)
    vllm: VllmConfig = Field(default_factory=VllmConfig)
    openai: OpenAIConfig = Field(default_factory=OpenAIConfig)
    llamacpp: OpenAIConfig = Field(
        default_factory=lambda: OpenAIConfig(base_url="http://127.0.0.1:8080/v1", api_key_env=None, max_concurrency=4),
        description="llama.cpp through the OpenAI-compatible server it ships (`python -m llama_cpp.server`).",
    )
    cache: bool = Field(default=True, description="Reuse finished samples from the store and save new ones as they finish.")

    @model_validator(mode="after")
    def _check_prefix(self) -> InferConfig:
        if self.sampling.assistant_prefix and self.backend in ("openai", "llamacpp") and not self.server.extra_body:
            raise ValueError(
                f"`sampling.assistant_prefix` needs a backend that renders the prompt itself (transformers, vllm); "
                f"with backend `{self.backend}` set `{self.backend}.extra_body` to the server's continue-final-message "
                "option (vLLM: {continue_final_message: true, add_generation_prompt: false}) or drop the prefix"
            )
        return self

    @property
    def server(self) -> OpenAIConfig:
        """The HTTP section of the selected backend (openai or llamacpp)."""
        return self.llamacpp if self.backend == "llamacpp" else self.openai

    def with_api_key(self, secrets: Mapping[str, str]) -> InferConfig:
        """This config with the selected server's `api_key` taken from `secrets[api_key_env]`, when the key
        is not set already; the CLI passes the variables it read from the environment."""
        section = "llamacpp" if self.backend == "llamacpp" else "openai"
        server = self.server
        key = secrets.get(server.api_key_env) if server.api_key_env and server.api_key is None else None
        if not key or self.backend not in ("openai", "llamacpp"):
            return self
        return self.model_copy(update={section: server.model_copy(update={"api_key": SecretStr(key)})})
