from __future__ import annotations

import json
from pathlib import Path

import pytest

from codedistill.errors import DataError
from codedistill.records import Problem, Trace
from codedistill.sources import SourceConfig, read_problems, read_source, reader
from codedistill.sources.importer import import_source

TEST_DATA = Path(__file__).resolve().parents[1] / "data"

SRC = TEST_DATA / "sources"


def test_unknown_format_suggests_the_closest():
    with pytest.raises(DataError, match="did you mean `humaneval`"):
        reader("humanevl")


def test_taco_stdin_and_functional_tests_with_study_difficulty():
    stdin, functional = read_source("taco", SRC / "taco" / "train.jsonl")
    assert stdin.id == "taco/train/0" and stdin.fn_name is None
    assert [(t.input, t.output) for t in stdin.tests] == [("1 2\n", "3\n"), ("5 5\n", "10\n")]
    assert stdin.difficulty == "easy" and stdin.difficulty_raw == "EASY"
    assert functional.fn_name == "add" and functional.difficulty == "hard"
    # arguments one JSON value per line; APPS-style one-element output lists unwrapped
    assert [(t.input, t.output) for t in functional.tests] == [("1\n2", "3"), ("[1]\n[2]", "[1, 2]")]
    assert functional.solutions == ["def add(a, b):\n    return a + b"]


def test_apps_split_and_difficulty_from_file():
    (problem,) = read_source("apps", SRC / "apps" / "test.jsonl")
    assert problem.id == "apps/test/0" and problem.difficulty == "easy" and problem.metadata["problem_id"] == 4000


def test_codecontests_hub_layout_keeps_all_test_kinds_and_python3_solutions():
    (problem,) = read_source("codecontests", SRC / "code_contests" / "train.jsonl")
    assert problem.id == "codecontests/train/0"
    assert [t.input for t in problem.tests] == ["6 6 4\n", "1 1 1\n", "2 1 1\n"]
    assert problem.difficulty == "easy" and problem.difficulty_raw == "cf_rating:1000"
    assert len(problem.solutions) == 1 and "print" in problem.solutions[0]


def test_humaneval_and_mbpp_convert_literal_asserts():
    (he,) = read_source("humaneval", SRC / "humaneval.jsonl")
    assert he.fn_name == "add" and [(t.input, t.output) for t in he.tests] == [("1\n2", "3"), ("[1]\n[2]", "[1, 2]")]
    assert he.metadata["unconverted_asserts"] == 1 and "def check" in he.metadata["test"]
    (mbpp,) = read_source("mbpp", SRC / "mbpp.jsonl")
    assert mbpp.id == "mbpp/11" and mbpp.fn_name == "rev"
    assert [(t.input, t.output) for t in mbpp.tests] == [("[1, 2, 3]", "[3, 2, 1]"), ("[]", "[]")]
    assert mbpp.metadata["unconverted_asserts"] == 1


def test_generic_field_map_with_dotted_columns():
    cfg = SourceConfig(field_map={"id": "task", "statement": "q", "difficulty": "meta.level", "tests": "cases"}, source_name="mine")
    (problem,) = read_source("jsonl", SRC / "generic.jsonl", cfg)
    assert problem.id == "g1" and problem.source == "mine" and problem.difficulty == "easy"
    assert problem.tests[0].output == "hello\n"
    with pytest.raises(DataError, match=r"generic.jsonl:1: statement: missing \(record field `statement`\); map it with field_map.statement"):
        list(read_source("jsonl", SRC / "generic.jsonl"))


def test_generic_traces_are_normalised():
    t1, t2, t3 = read_source("jsonl", SRC / "raw_traces.jsonl", SourceConfig(record="trace"))
    assert t1.text.startswith("<think>\nAdd them.\n</think>\n\n") and t1.code.startswith("a,b")
    assert t2.reasoning == "Add them." and t2.code == "print(3)" and t2.provenance["style"] == "reasoning_content"
    assert t3.flags == ["unclosed_think", "no_code"]


def test_starter_format_reads_problems():
    problems = list(read_source("starter", "eval"))
    assert problems and all(isinstance(p, Problem) for p in problems)
    with pytest.raises(DataError, match="one of train, eval, traces, all"):
        list(read_source("starter", "nope"))


def test_bad_json_stops_with_line_or_is_rejected_with_reason(tmp_path):
    path = SRC / "bad" / "mbpp_bad_json.jsonl"
    with pytest.raises(DataError, match=r"mbpp_bad_json.jsonl:2: bad JSON"):
        list(read_source("mbpp", path))
    result = import_source("mbpp", path, tmp_path / "p.jsonl", SourceConfig(skip_bad=True))
    assert (result.problems, result.rejected) == (1, 2)
    reasons = [json.loads(line)["reason"] for line in (tmp_path / "p.rejects.jsonl").read_text().splitlines()]
    assert reasons[0].endswith("mbpp_bad_json.jsonl:2: bad JSON: Expecting property name enclosed in double quotes at column 2")
    assert "mbpp_bad_json.jsonl:3: test_list: expected list, got str" in reasons[1]
    assert [p.id for p in read_problems(tmp_path / "p.jsonl")] == ["mbpp/1"]


def test_non_utf8_is_named():
    with pytest.raises(DataError, match=r"mbpp_latin1.jsonl:1: not UTF-8"):
        list(read_source("mbpp", SRC / "bad" / "mbpp_latin1.jsonl"))


def test_import_writes_problems_traces_and_manifest(tmp_path):
    cfg = SourceConfig(question_dirs={"taco": SRC / "taco"}, skip_bad=True)
    out = tmp_path / "ocr.jsonl"
    result = import_source("ocr", SRC / "ocr2.jsonl", out, cfg)
    assert (result.problems, result.traces, result.rejected) == (1, 2, 2)  # code_contests / codeforces not given
    manifest = json.loads((tmp_path / "ocr.manifest.json").read_text())
    assert manifest["step"] == "import:ocr" and manifest["inputs"]["source"]["hash"] and manifest["counts"]["traces"] == 2
    assert manifest["output_hash"] and manifest["config"]["question_dirs"]["taco"].endswith("taco")
    assert all(isinstance(t, Trace) for t in read_source("jsonl", tmp_path / "ocr.traces.jsonl", SourceConfig(record="trace", field_map={"text": "raw"})))


def test_import_to_parquet(tmp_path):
    import pyarrow.parquet as pq

    result = import_source("taco", SRC / "taco" / "train.jsonl", tmp_path / "taco.parquet")
    assert result.problems == 2 and result.out.endswith("taco.parquet")
    assert pq.read_table(tmp_path / "taco.parquet").num_rows == 2
    assert [p.id for p in read_problems(tmp_path / "taco.parquet")] == ["taco/train/0", "taco/train/1"]
    assert (tmp_path / "taco.manifest.json").exists() and not (tmp_path / "taco.jsonl").exists()


def test_asserts_json_would_change_are_left_unconverted():
    from codedistill.sources.asserts import assert_tests

    code = "\n".join([
        "assert f((1, 2)) == (3, 4)",  # top-level tuples: LCB compares after tuple->list, fine
        "assert f([(1, 2)]) == 3",  # a tuple inside an argument would arrive as a list
        "assert f([1]) == [(1, 2)]",  # a nested expected tuple can never equal the JSON list
    ])
    tests, skipped = assert_tests(code, "f")
    assert [(t.input, t.output) for t in tests] == [("[1, 2]", "[3, 4]")] and skipped == 2


def test_each_reader_records_its_graders_comparison(tmp_path):
    from codedistill.grading import SOURCE_CHECKERS

    stdin, functional = read_source("taco", SRC / "taco" / "train.jsonl")
    assert stdin.checker == SOURCE_CHECKERS["taco"] and functional.checker is None  # functional: LCB's call rule
    assert read_source("apps", SRC / "apps" / "test.jsonl").__next__().checker == SOURCE_CHECKERS["apps"]
    (contest,) = read_source("codecontests", SRC / "code_contests" / "train.jsonl")
    assert contest.checker.model_dump() == {"name": "tokens", "case_sensitive": False, "abs_tol": 1e-5, "rel_tol": 0.0}
    assert all("needs_special_judge" not in p.metadata for p in (stdin, functional, contest))


def test_problems_that_accept_several_answers_are_marked(tmp_path):
    rows = [json.loads(line) for line in (SRC / "taco" / "train.jsonl").read_text().splitlines()]
    rows[0]["question"] += "\n\nIf there are multiple answers, print any of them."
    (tmp_path / "test.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    spj = tmp_path / "output_spj.jsonl"  # TACO's own marks, one line per test-split row
    spj.write_text('{"idx": 0, "special_judge": false, "case": 0}\n{"idx": 1, "special_judge": true, "case": 1}\n')
    first, second = read_source("taco", tmp_path / "test.jsonl", SourceConfig(taco_special_judge=spj))
    assert first.metadata["needs_special_judge"] == "statement: 'multiple answers, print any'"
    assert second.metadata["needs_special_judge"] == "TACO output_spj.jsonl: special_judge"
    assert "needs_special_judge" not in read_source("taco", SRC / "taco" / "train.jsonl", SourceConfig(taco_special_judge=spj)).__next__().metadata
    spj.write_text("not json\n")
    with pytest.raises(DataError, match="taco_special_judge: not TACO's output_spj.jsonl"):
        list(read_source("taco", tmp_path / "test.jsonl", SourceConfig(taco_special_judge=spj)))
