"""The study spec: one YAML describing students, data, subsets, stages, recipe, benchmark and executor.

Stage sections hold the keys of their stage's own config (`train` → TrainConfig, `eval` → EvalConfig,
`judge` → JudgeConfig, `data.curate` → CurateConfig, a source's `options` → SourceConfig), so a
misspelt key or a bad value at any depth fails with its file, line and key path. `study plan`
resolves each section into that stage's frozen config (defaults, presets and inheritance applied
there: a stage's `train` over the study's, `eval.judge` over `judge`); see `study.resolve`.
Example (abridged)::

    name: valley-qwen
    students: [{name: qwen2.5-7b, model: Qwen/Qwen2.5-7B-Instruct}]
    data:
      traces: [{format: ocr, path: data/ocr2.parquet}]
    subsets:
      ladders: [{name: base, sizes: [1000, 10000, 30000]}]
      splits: [{name: correctness, factor: correctness, size: 6000}]
    stages:
      - {name: ladder, subsets: ["base-*"]}
      - {name: from-30k, init: "ladder/base-30k-s0", subsets: ["correctness-*"], train: {num_train_epochs: 3}}
    judge: {time_limit_s: 4}          # labelling and evaluation
    eval: {infer: {sampling: {preset: study, n: 8}}}
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from codedistill.config import StageConfig, keys_model
from codedistill.curate import CurateConfig
from codedistill.evaluate.run import EvalConfig
from codedistill.judge import JudgeConfig
from codedistill.sources.config import SourceConfig
from codedistill.subsets import SubsetSpec
from codedistill.train.config import TrainConfig

SourceKeys = keys_model(SourceConfig)
CurateKeys = keys_model(CurateConfig)
TrainKeys = keys_model(TrainConfig)
EvalKeys = keys_model(EvalConfig)
JudgeKeys = keys_model(JudgeConfig)


class SourceRef(StageConfig):
    format: str = Field(description="A reader name of `codedistill data import` (starter, ocr, taco, jsonl, ...).")
    path: str | None = Field(default=None, description="Local file or directory (relative to the study file); None for the starter data.")
    split: Literal["train", "eval"] = Field(default="train", description="Split of the starter data.")
    options: SourceKeys = Field(default_factory=SourceKeys, description="Reader options (SourceConfig keys).")


class StudentSpec(StageConfig):
    name: str = Field(description="Label of the student in results and the report.")
    model: str = Field(description="A named model (`codedistill models list`), a local checkpoint or a Hub id.")


class DataSpec(StageConfig):
    problems: list[SourceRef] = Field(
        default_factory=lambda: [SourceRef(format="starter")],
        description="Training problems (their tests label the traces).",
    )
    traces: list[SourceRef] = Field(default_factory=lambda: [SourceRef(format="starter")], description="Teacher traces.")
    label: bool = Field(default=True, description="Judge every trace's final code against its problem's tests.")
    curate: CurateKeys = Field(default_factory=CurateKeys, description="CurateConfig keys (normalisation, dedup, decontamination).")


class StageSpec(StageConfig):
    """Students trained on `subsets`, starting from the base model or from an earlier stage's checkpoint."""

    name: str = Field(description="Stage label; also the `start` of its curves when `init` is not base.")
    init: str = Field(default="base", description="`base`, or `STAGE/SUBSET` naming a checkpoint of an earlier stage.")
    subsets: list[str] = Field(description="Manifest names or glob patterns (`base-*`) to train on.")
    train: TrainKeys = Field(default_factory=TrainKeys, description="TrainConfig keys overriding the study's `train` for this stage.")


class ExecutorSpec(StageConfig):
    kind: Literal["local", "submitit"] = Field(default="local", description="`local` runs steps in this process; `submitit` submits train and eval steps as jobs.")
    cluster: Literal["slurm", "local", "debug"] = Field(default="slurm", description="submitit cluster (`local` runs jobs as subprocesses).")
    folder: str = Field(default="submitit", description="Job logs folder, relative to the workspace.")
    parameters: dict[str, Any] = Field(default_factory=dict, description="submitit parameters, e.g. slurm_partition, gpus_per_node, timeout_min.")


class StudySpec(StageConfig):
    name: str = Field(description="Study name; titles the report and names its folder (`reports/NAME/`).")
    students: list[StudentSpec] = Field(min_length=1)
    data: DataSpec = Field(default_factory=DataSpec)
    subsets: SubsetSpec
    stages: list[StageSpec] = Field(min_length=1)
    baseline: bool = Field(default=True, description="Evaluate each untrained student (the size-0 point of every curve).")
    benchmark: SourceRef = Field(
        default_factory=lambda: SourceRef(format="starter", split="eval"),
        description="Evaluation problems (decontamination also uses them).",
    )
    train: TrainKeys = Field(default_factory=TrainKeys, description="TrainConfig keys shared by every stage.")
    eval: EvalKeys = Field(default_factory=EvalKeys, description="EvalConfig keys (prompt style, sampling, backend); "
                           "`eval.judge` adds to or overrides `judge` for evaluation.")
    judge: JudgeKeys = Field(default_factory=JudgeKeys, description="JudgeConfig keys for labelling and evaluation.")
    executor: ExecutorSpec = Field(default_factory=ExecutorSpec)
