from __future__ import annotations

from pathlib import Path

import pytest

from codedistill.errors import DataError
from codedistill.records import Problem, Trace
from codedistill.sources import SourceConfig, read_source
from codedistill.sources.ocr import QuestionIndex

TEST_DATA = Path(__file__).resolve().parents[1] / "data"

SRC = TEST_DATA / "sources"
DIRS = {"taco": SRC / "taco", "apps": SRC / "apps", "code_contests": SRC / "code_contests", "open-r1/codeforces": SRC / "open-r1-codeforces"}


def test_ocr2_rehydrates_questions_from_every_source():
    records = list(read_source("ocr", SRC / "ocr2.jsonl", SourceConfig(question_dirs=DIRS)))
    problems = [r for r in records if isinstance(r, Problem)]
    traces = [r for r in records if isinstance(r, Trace)]
    assert [p.id for p in problems] == ["taco/train/0", "codecontests/train/0", "codeforces/train/0"]
    assert problems[0].statement == "Read two integers and print their sum."
    assert problems[1].statement.startswith("Theatre square")
    assert problems[2].statement == "Find the area.\n\nInput\n\nTwo integers.\n\nOutput\n\nOne integer.\n\nExamples\n\nInput\n\n2 3\n\nOutput\n\n6\n\nNote\n\nEasy."
    assert [p.difficulty for p in problems] == ["easy", "easy", "medium"]  # TACO EASY, CodeContests A, rating 1900
    assert [p.checker.model_dump() for p in problems] == [  # each as its source's grader compares
        {"name": "tokens", "case_sensitive": True, "abs_tol": 1e-8, "rel_tol": 1e-5},
        {"name": "tokens", "case_sensitive": False, "abs_tol": 1e-5, "rel_tol": 0.0},
        {"name": "tokens", "case_sensitive": True, "abs_tol": 0.0, "rel_tol": 0.0}]
    assert [t.id for t in traces] == ["ocr2-1", "ocr2-2", "ocr2-3", "ocr2-4"]
    assert traces[0].prompt == problems[0].statement and traces[0].code.startswith("a,b")
    assert traces[1].flags == ["unclosed_think", "no_code"]
    assert traces[0].provenance["judgement"] == "right" and traces[0].source == "ocr2"


def test_ocr1_unresolvable_index_names_file_line_and_key():
    with pytest.raises(DataError, match=r"ocr1.jsonl:2: dataset/split/index: apps/test/99: no question at this index \(1 rows"):
        list(read_source("ocr", SRC / "ocr1.jsonl", SourceConfig(question_dirs=DIRS)))


def test_missing_local_copy_says_what_to_set():
    with pytest.raises(DataError, match=r"set question_dirs.taco .* or allow_hub=true"):
        list(read_source("ocr", SRC / "ocr2.jsonl"))


def test_question_index_reads_split_files_lazily():
    index = QuestionIndex({"apps": SRC / "apps"})
    assert index.question("apps", "test", 0).startswith("Print the maximum")
    with pytest.raises(DataError, match="no train.jsonl"):
        index.question("apps", "train", 0)


def test_question_index_reads_parquet_shards_in_order(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    for shard, questions in enumerate((["q0", "q1"], ["q2"])):
        pq.write_table(pa.Table.from_pylist([{"question": q} for q in questions]), tmp_path / f"train-0000{shard}-of-00002.parquet")
    index = QuestionIndex({"taco": tmp_path})
    assert [index.question("taco", "train", i) for i in range(3)] == ["q0", "q1", "q2"]


@pytest.mark.network
def test_hub_rows_stream_when_online():
    from itertools import islice

    from codedistill.sources.rows import iter_rows

    (number, row), = islice(iter_rows("hub:openai/openai_humaneval:test"), 1)
    assert number == 1 and row["task_id"] == "HumanEval/0"
