"""`SourceConfig`: the knobs every reader understands; each reader ignores those that are not its own."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import Field

from codedistill.config import StageConfig
from codedistill.curate.difficulty import DifficultyConfig


class SourceConfig(StageConfig):
    """Reading options. Example YAML for an OpenCodeReasoning-2 import with local TACO/APPS copies::

        question_dirs:
          taco: /data/BAAI-TACO          # holds train.jsonl / test.jsonl (or *.parquet)
          apps: /data/codeparrot-apps
        skip_bad: true
    """

    # --- bad input
    skip_bad: bool = Field(default=False, description="Skip malformed rows (counted, written to the rejects file) instead of stopping.")
    # --- LiveCodeBench release files
    release_version: str = Field(
        default="release_latest",
        description="LCB release: `release_v1`..`release_v6`, `release_latest`, or a delta like `v4_v5` (only the problems added in v5).",
    )
    start_date: date | None = Field(default=None, description="Keep problems with contest_date on or after this day.")
    end_date: date | None = Field(default=None, description="Keep problems with contest_date on or before this day.")
    keep_errata: bool = Field(default=False, description="Keep the problems listed in LiveCodeBench's ERRATA.md (excluded by default).")
    # --- TACO
    taco_special_judge: Path | None = Field(
        default=None,
        description="TACO's `output_spj.jsonl` (FlagOpen/TACO: `{idx, special_judge}` per test-split row); the rows it marks "
        "get `metadata.needs_special_judge`.",
    )
    # --- OpenCodeReasoning question re-hydration
    question_dirs: dict[str, Path] = Field(
        default_factory=dict,
        description="Local copies for re-hydration, by OCR `dataset` name (taco, apps, code_contests, open-r1/codeforces): a folder of `{split}.jsonl[.gz]`/`{split}.parquet` (or `{split}-*.parquet` shards).",
    )
    allow_hub: bool = Field(default=False, description="Load missing question datasets from the Hugging Face Hub with `datasets` (needs network).")
    # --- generic JSONL/Parquet
    record: Literal["problem", "trace"] = Field(default="problem", description="What a generic row holds.")
    field_map: dict[str, str] = Field(
        default_factory=dict,
        description="Record field → column (dotted for nested), e.g. {statement: question, id: meta.id}.",
    )
    source_name: str = Field(default="", description="Value for the `source` field when the format does not say (defaults to the format name).")
    # --- difficulty
    difficulty: DifficultyConfig = Field(default_factory=DifficultyConfig)
