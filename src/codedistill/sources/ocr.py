"""OpenCodeReasoning v1 and v2 (Hub: `nvidia/OpenCodeReasoning`, `nvidia/OpenCodeReasoning-2`).

Rows carry a placeholder question (`"-"`) and a `dataset`/`split`/`index` key into the source dataset;
`QuestionIndex` re-hydrates the question from local copies (or, when allowed, the Hub) the way the
dataset cards prescribe: TACO/APPS `question`; CodeContests `description`; open-r1 Codeforces
`description` + input/output format + examples + note.

Each row yields its `Problem` (once per question, id `taco/train/123`-style, matching the TACO/APPS/
CodeContests readers so their tests can label the traces) and a normalised `Trace`. The problem is
compared as the dataset it comes from compares its outputs (`grading.SOURCE_CHECKERS`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from codedistill.curate.difficulty import normalize_difficulty
from codedistill.curate.think_tags import build_trace
from codedistill.errors import DataError
from codedistill.grading import SOURCE_CHECKERS, special_judge_reason
from codedistill.records import Problem, Trace
from codedistill.sources.config import SourceConfig
from codedistill.sources.rows import Rejects, RowContext, iter_rows, read_rows

HUB_NAMES = {"taco": "BAAI/TACO", "apps": "codeparrot/apps", "code_contests": "deepmind/code_contests", "open-r1/codeforces": "open-r1/codeforces"}
# OCR `dataset` value → id prefix used by this package's readers.
ID_PREFIX = {"taco": "taco", "apps": "apps", "code_contests": "codecontests", "open-r1/codeforces": "codeforces"}
PLACEHOLDER = "-"


def codeforces_question(row: Mapping[str, Any]) -> str | None:
    """An open-r1/codeforces statement in the layout OpenCodeReasoning's card rebuilds."""
    if not row.get("description"):
        return None
    question = row["description"]
    if row.get("input_format"):
        question += "\n\nInput\n\n" + row["input_format"]
    if row.get("output_format"):
        question += "\n\nOutput\n\n" + row["output_format"]
    if row.get("examples"):
        question += "\n\nExamples"
        for example in row["examples"]:
            if "input" in example:
                question += "\n\nInput\n\n" + example["input"]
            if "output" in example:
                question += "\n\nOutput\n\n" + example["output"]
    if row.get("note"):
        question += "\n\nNote\n\n" + row["note"]
    return question


def _question_of(dataset: str, row: Mapping[str, Any]) -> str | None:
    if dataset in {"taco", "apps"}:
        return row.get("question") or None
    if dataset == "code_contests":
        return row.get("description") or None
    if dataset == "open-r1/codeforces":
        return codeforces_question(row)
    return None


class QuestionIndex:
    """Questions of the source datasets by (dataset, split, index), loaded lazily one split at a time."""

    def __init__(self, dirs: Mapping[str, Path], *, allow_hub: bool = False):
        self.dirs = {name: Path(p) for name, p in dirs.items()}
        self.allow_hub = allow_hub
        self._splits: dict[tuple[str, str], list[str | None]] = {}

    def question(self, dataset: str, split: str, index: int) -> str:
        key = (dataset, split)
        if key not in self._splits:
            self._splits[key] = self._load(dataset, split)
        questions = self._splits[key]
        if not 0 <= index < len(questions) or questions[index] is None:
            raise DataError(f"{dataset}/{split}/{index}: no question at this index ({len(questions)} rows in the split)")
        return questions[index]  # type: ignore[return-value]

    def _load(self, dataset: str, split: str) -> list[str | None]:
        if dataset not in HUB_NAMES:
            raise DataError(f"dataset `{dataset}` is not one OpenCodeReasoning draws from; expected one of {', '.join(HUB_NAMES)}")
        if dataset in self.dirs:
            return [_question_of(dataset, row) for file in _split_files(self.dirs[dataset], split) for _, row in iter_rows(file)]
        if self.allow_hub:
            return self._load_hub(dataset, split)
        raise DataError(
            f"question for dataset `{dataset}` split `{split}` is not available locally; set "
            f"question_dirs.{dataset} to a folder with {split}.jsonl or {split}.parquet, or allow_hub=true to load `{HUB_NAMES[dataset]}`"
        )

    def _load_hub(self, dataset: str, split: str) -> list[str | None]:
        from codedistill.errors import require

        require("datasets", "train", f"loading `{HUB_NAMES[dataset]}` from the Hub")
        import datasets

        rows = datasets.load_dataset(HUB_NAMES[dataset], split=split)
        return [_question_of(dataset, row) for row in rows]


def _split_files(folder: Path, split: str) -> list[Path]:
    for pattern in (f"{split}.jsonl", f"{split}.jsonl.gz", f"{split}.parquet", f"{split}.json"):
        if (folder / pattern).is_file():
            return [folder / pattern]
    shards = sorted(folder.glob(f"{split}-*.parquet"))
    if shards:
        return shards
    raise DataError(f"{folder}: no {split}.jsonl, {split}.parquet or {split}-*.parquet shards for split `{split}`")


def read_ocr(path: str | Path, cfg: SourceConfig | None = None, *, rejects: Rejects | None = None) -> Iterator[Problem | Trace]:
    """Problems (first time each is seen) and traces of an OpenCodeReasoning v1/v2 file."""
    cfg = cfg or SourceConfig()
    index = QuestionIndex(cfg.question_dirs, allow_hub=cfg.allow_hub)
    seen: set[str] = set()
    yield from read_rows(path, lambda row: _records(row, index, seen, cfg), skip_bad=cfg.skip_bad, rejects=rejects)


def _records(row: RowContext, index: QuestionIndex, seen: set[str], cfg: SourceConfig) -> Iterator[Problem | Trace]:
    v2 = "r1_generation" in row.row
    question = row.get("question" if v2 else "input")
    generation = row.get("r1_generation" if v2 else "output")
    dataset, split = row.get("dataset"), row.get("split")
    position = row.get("index", (int, str))
    try:
        position = int(position)
    except ValueError:
        raise row.error("index", f"expected an integer row index, got {position!r}") from None
    if question.strip() == PLACEHOLDER:
        try:
            question = index.question(dataset, split, position)
        except DataError as exc:
            raise row.error("dataset/split/index", str(exc)) from None
    problem_id = f"{ID_PREFIX.get(dataset, dataset)}/{split}/{position}"
    raw_difficulty = row.get("difficulty", (str, int), default=None)
    difficulty = normalize_difficulty(_difficulty_family(dataset, row.row.get("source")), raw_difficulty, cfg.difficulty)
    if problem_id not in seen:
        seen.add(problem_id)
        source = ID_PREFIX.get(dataset, dataset)
        metadata: dict[str, Any] = {"dataset": dataset, "split": split, "index": position}
        reason = special_judge_reason(question)
        if reason:
            metadata["needs_special_judge"] = reason
        yield row.build(
            Problem, id=problem_id, source=source, platform=str(row.row.get("source") or ""),
            statement=question, difficulty=difficulty, difficulty_raw=None if raw_difficulty is None else str(raw_difficulty),
            checker=SOURCE_CHECKERS.get(source), metadata=metadata,
        )
    provenance = {k: row.row[k] for k in ("dataset", "split", "index", "source", "license", "judgement", "pass_rate", "question_id") if k in row.row}
    yield build_trace(
        str(row.get("id", (str, int))), problem_id, generation, teacher="deepseek-r1", source="ocr2" if v2 else "ocr",
        prompt=question, difficulty=difficulty, difficulty_raw=None if raw_difficulty is None else str(raw_difficulty),
        provenance=provenance,
    )


def _difficulty_family(dataset: str, platform: object) -> str:
    if dataset in {"taco", "apps"}:
        return dataset
    if dataset == "open-r1/codeforces" or platform == "codeforces":
        return "codeforces"
    return "codecontests"
