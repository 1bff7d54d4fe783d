
"""`codedistill data` end to end on the fixtures, through the real CLI app."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from codedistill.cli import app

TEST_DATA = Path(__file__).resolve().parents[1] / "data"

SRC = TEST_DATA / "sources"


def run(workspace, *args: str) -> str:
    result = CliRunner().invoke(app, ["-w", str(workspace), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_import_label_dedup_decontam_stats(tmp_path):
    ws = tmp_path / "ws"
    problems, traces = tmp_path / "taco.jsonl", tmp_path / "ocr.jsonl"
    run(ws, "data", "import", "-f", "taco", str(SRC / "taco" / "train.jsonl"), "-o", str(problems))
    out = run(ws, "data", "import", "-f", "ocr", str(SRC / "ocr2.jsonl"), "-o", str(tmp_path / "ocr_problems.jsonl"),
              "--traces", str(traces), "--skip-bad", f"question_dirs.taco={SRC / 'taco'}")
    assert "rejected" in out and (tmp_path / "ocr_problems.rejects.jsonl").exists()
    normalized = tmp_path / "norm.jsonl"
    run(ws, "data", "normalize", str(traces), "-o", str(normalized), "source.field_map.text=raw")
    assert [json.loads(line)["id"] for line in normalized.read_text().splitlines()] == ["ocr2-1"]
    assert "unclosed_think" in (tmp_path / "norm.dropped.jsonl").read_text()
    labelled = tmp_path / "labelled.jsonl"
    out = run(ws, "data", "label", str(traces), "-p", str(problems), "-o", str(labelled), "--workers", "1")
    assert "50.0%" in out and "no_code" in out and not (tmp_path / "labelled.jsonl.partial").exists()
    run(ws, "data", "dedup", str(traces), "-o", str(tmp_path / "dedup.jsonl"))
    run(ws, "data", "decontam", str(problems), "--against", str(problems), "-o", str(tmp_path / "clean.jsonl"))
    report = [json.loads(line) for line in (tmp_path / "clean.dropped.jsonl").read_text().splitlines()]
    assert {r["id"] for r in report} == {"taco/train/0", "taco/train/1"} and all(r["ngram"] for r in report)
    manifest = json.loads((tmp_path / "labelled.manifest.json").read_text())
    assert manifest["step"] == "label" and manifest["counts"]["correct_share"] == 0.5 and manifest["inputs"]["problems"]["hash"]
    from codedistill.hashing import file_hash
    from codedistill.store import Store

    with Store(tmp_path / "ws") as store:
        assert store.get_artifact(file_hash(labelled))["kind"] == "traces"
    out = run(ws, "data", "stats", str(labelled), "--by", "verdict")
    assert "accepted" in out and "no_code" in out


def test_bad_format_is_a_user_error():
    result = CliRunner().invoke(app, ["data", "import", "-f", "tacoo", "x", "-o", "y.jsonl"])
    assert result.exit_code != 0 and "did you mean `taco`" in str(result.exception)
