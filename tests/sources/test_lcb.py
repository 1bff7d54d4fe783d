from __future__ import annotations

import base64
import json
import pickle
import zlib
from datetime import date
from pathlib import Path

import pytest

from codedistill.errors import DataError
from codedistill.sources import SourceConfig, read_source
from codedistill.sources.lcb import decode_private_tests, file_version, release_files

TEST_DATA = Path(__file__).resolve().parents[1] / "data"

LCB = TEST_DATA / "sources" / "lcb"


def ids(cfg: SourceConfig | None = None, path=LCB) -> list[str]:
    return [p.id for p in read_source("lcb", path, cfg)]


def test_compressed_private_tests_are_decoded_after_public_ones():
    problem = next(p for p in read_source("lcb", LCB / "test.jsonl") if p.id == "abc300_a")
    assert [(t.input, t.output) for t in problem.tests] == [("2\n", "4\n"), ("5\n", "10\n"), ("0\n", "0\n")]
    assert problem.metadata["num_public_tests"] == 1
    assert problem.contest_date == "2023-05-06" and problem.difficulty == "easy"


def test_functional_problem_gets_fn_name_and_json_private_tests():
    problem = next(p for p in read_source("lcb", LCB) if p.id == "double-it")
    assert problem.fn_name == "doubleIt"
    assert [t.kind for t in problem.tests] == ["functional", "functional"]
    assert problem.tests[1].input == "7" and problem.difficulty == "medium"


def test_malicious_pickle_is_refused_with_file_line_and_field(tmp_path):
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    payload = base64.b64encode(zlib.compress(pickle.dumps(Evil()))).decode()
    with pytest.raises(ValueError, match="refused global"):
        decode_private_tests(payload)
    assert not marker.exists()
    with pytest.raises(DataError, match=r"lcb_malicious/test.jsonl:1: private_test_cases: pickle refused"):
        list(read_source("lcb", TEST_DATA / "sources" / "lcb_malicious"))


def test_pickle_of_a_non_string_is_refused():
    payload = base64.b64encode(zlib.compress(pickle.dumps([{"input": "1", "output": "1"}]))).decode()
    with pytest.raises(ValueError, match="pickle refused|expected a JSON str"):
        decode_private_tests(payload)


def test_errata_excluded_by_default_and_kept_on_request():
    assert "abc311_c" not in ids()
    assert "abc311_c" in ids(SourceConfig(keep_errata=True))


def test_problems_use_lcbs_rule_and_kept_multiple_answer_errata_are_marked():
    problems = {p.id: p for p in read_source("lcb", LCB, SourceConfig(keep_errata=True))}
    assert problems["abc311_c"].metadata["needs_special_judge"] == "LiveCodeBench ERRATA: multiple solutions accepted"
    assert "needs_special_judge" not in problems["abc300_a"].metadata
    assert problems["abc300_a"].checker.name == "lcb" and problems["double-it"].checker is None  # functional


def test_release_versions_select_files():
    assert ids(SourceConfig(release_version="release_v1")) == ["abc300_a", "double-it"]
    assert ids(SourceConfig(release_version="v1_v2")) == ["abc330_b"]
    assert set(ids()) == {"abc300_a", "double-it", "abc330_b"}
    assert file_version(LCB / "test.jsonl") == 1 and file_version(LCB / "test2.jsonl") == 2
    with pytest.raises(DataError, match="not part of `release_version` release_v1"):
        release_files(LCB / "test2.jsonl", "release_v1")
    with pytest.raises(DataError, match="release_version"):
        ids(SourceConfig(release_version="v9x"))


def test_date_window():
    cfg = SourceConfig(start_date=date(2023, 6, 1), end_date=date(2023, 12, 31))
    assert ids(cfg) == ["double-it", "abc330_b"]


def test_bad_public_tests_json_names_field(tmp_path):
    row = json.loads((LCB / "test.jsonl").read_text().splitlines()[0])
    row["public_test_cases"] = "[{broken"
    path = tmp_path / "test.jsonl"
    path.write_text(json.dumps(row) + "\n")
    with pytest.raises(DataError, match=r"test.jsonl:1: public_test_cases: bad JSON"):
        list(read_source("lcb", path))


def test_release_parquet_files_read_like_jsonl(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    for name in ("test.jsonl", "test2.jsonl"):
        rows = [json.loads(line) for line in (LCB / name).read_text().splitlines()]
        pq.write_table(pa.Table.from_pylist(rows), tmp_path / name.replace(".jsonl", ".parquet"))
    assert ids(path=tmp_path) == ids()
    assert ids(SourceConfig(release_version="release_v1"), path=tmp_path) == ["abc300_a", "double-it"]


def test_mistyped_test_case_names_record_and_field(tmp_path):
    row = json.loads((LCB / "test.jsonl").read_text().splitlines()[0])
    row["public_test_cases"] = json.dumps([{"input": 5, "output": "10", "testtype": "stdin"}])
    path = tmp_path / "test.jsonl"
    path.write_text(json.dumps(row) + "\n")
    with pytest.raises(DataError, match=r"test.jsonl:1: TestCase.input: Input should be a valid string \(got 5\)"):
        list(read_source("lcb", path))
