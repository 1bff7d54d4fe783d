from __future__ import annotations

import json
from collections import Counter

import pytest

from codedistill.curate import CurateConfig, curate_traces
from codedistill.curate.think_tags import build_trace
from codedistill.records import Problem, Trace
from codedistill.sources import read_traces

CODE = "```python\nprint(1)\n```"
STATEMENT = "Given an array of integers nums and an integer target return indices of the two numbers such that they add up"


def traces() -> list[Trace]:
    return [
        build_trace("ok", "p1", f"<think>\nplan A with many distinct words\n</think>\n\n{CODE}"),
        build_trace("dup", "p1", f"<think>\nplan A with many distinct words\n</think>\n\n{CODE}"),
        build_trace("cut", "p1", "<think>\nnever ends"),
        build_trace("leak", "p2", f"<think>\nplan B\n</think>\n\n{CODE}"),
        build_trace("ok2", "p3", "<think>\nsomething else entirely different\n</think>\n\n```python\nprint(2)\n```"),
    ]


PROBLEMS = {
    "p1": Problem(id="p1", source="taco", statement="Print one.", difficulty="easy", difficulty_raw="EASY"),
    "p2": Problem(id="p2", source="taco", statement=STATEMENT),
    "p3": Problem(id="p3", source="taco", statement="Print two.", difficulty="hard", difficulty_raw="HARD"),
}


def test_chain_drops_with_reasons_and_writes_both_files(tmp_path):
    benchmark = [Problem(id="bench/two-sum", source="lcb", statement=STATEMENT)]
    out = tmp_path / "curated.jsonl"
    result = curate_traces(traces(), CurateConfig(), out=out, problems=PROBLEMS, benchmark=benchmark)
    assert (result.seen, result.kept) == (5, 2)
    assert result.dropped == {"decontam:benchmark_overlap": 1, "dedup:exact_duplicate": 1, "flags:unclosed_think": 1}
    kept = list(read_traces(out))
    assert [t.id for t in kept] == ["ok", "ok2"]
    assert [(t.difficulty, t.difficulty_raw) for t in kept] == [("easy", "EASY"), ("hard", "HARD")]
    dropped = [json.loads(line) for line in result.dropped_path.read_text().splitlines()]
    assert result.dropped_path == tmp_path / "curated.dropped.jsonl"
    # Each step logs in input order; dedup decides a batch at a time, so upstream drops may come first.
    assert sorted((d["id"], d["reason"]) for d in dropped) == [("cut", "unclosed_think"), ("dup", "exact_duplicate"), ("leak", "benchmark_overlap")]


def test_keep_policy_keeps_flagged_traces():
    result = curate_traces(traces(), CurateConfig(drop_flags=[], dedup={"exact": False, "near": False}))
    assert result.kept == 5 and result.dropped == {}
    assert [t.id for t in result.traces] == ["ok", "dup", "cut", "leak", "ok2"]


class CountingTokenizer:
    """A HF-style fast tokenizer whose Rust backend counts how often each text is encoded."""

    def __init__(self, backend):
        self.backend_tokenizer = self
        self._backend = backend
        self.encoded: Counter[str] = Counter()

    def encode_batch_fast(self, texts, add_special_tokens=True):
        self.encoded.update(texts)
        return self._backend.encode_batch_fast(texts, add_special_tokens=add_special_tokens)


@pytest.mark.parametrize(("dedup", "kept"), [({}, ["ok", "leak", "ok2"]), ({"exact": False, "near": False}, ["ok", "dup", "leak", "ok2"])],
                         ids=["dedup", "no-dedup"])
def test_each_trace_is_tokenised_once_and_gets_its_count(bpe_tokenizer, dedup, kept):
    tokenizer = CountingTokenizer(bpe_tokenizer)
    result = curate_traces(traces(), CurateConfig(dedup=dedup), tokenizer=tokenizer)
    assert [t.num_tokens for t in result.traces] == [len(bpe_tokenizer.encode(t.text).ids) for t in result.traces]
    # Each kept trace once, and nothing else: not the exact copy ("dup"), not the flagged "cut".
    assert tokenizer.encoded == Counter(t.text for t in result.traces)
    assert [t.id for t in result.traces] == kept


def test_a_slow_tokenizer_counts_after_word_dedup():
    """A tokenizer without a Rust backend cannot share its pass: dedup shingles words, tokens are counted last."""

    def slow(texts, add_special_tokens, return_attention_mask):
        return {"input_ids": [text.split() for text in texts]}

    result = curate_traces(traces(), CurateConfig(), tokenizer=slow)
    assert [t.id for t in result.traces] == ["ok", "leak", "ok2"]
    assert [t.num_tokens for t in result.traces] == [len(t.text.split()) for t in result.traces]
