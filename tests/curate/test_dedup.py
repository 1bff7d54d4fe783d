from __future__ import annotations

import json
import multiprocessing
import random

import pytest

from codedistill.curate.dedup import DedupConfig, dedup_step, exact_key, problem_text
from codedistill.curate.drops import DropLog
from codedistill.records import Problem, Trace


def _text(rng: random.Random, n: int = 400) -> str:
    return " ".join(f"w{rng.randrange(3000)}" for _ in range(n))


def _traces(texts: list[str]) -> list[Trace]:
    return [Trace(id=f"t{i}", problem_id="p", text=t) for i, t in enumerate(texts)]


def _edited(text: str, every: int, start: int = 0) -> str:
    words = text.split()
    for i in range(start, len(words), every):
        words[i] = "changed"
    return " ".join(words)


def _run(records, cfg: DedupConfig, **kwargs) -> tuple[list, DropLog]:
    drops = DropLog()
    return list(dedup_step(cfg, drops, **kwargs)(records)), drops


@pytest.mark.parametrize("use_tokens", [False, True], ids=["words", "tokens"])
def test_planted_exact_and_near_duplicates_are_found_with_their_original(tmp_path, bpe_tokenizer, use_tokens):
    rng = random.Random(0)
    clean = [_text(rng) for _ in range(30)]
    planted = [clean[3].upper() + "  ", _edited(clean[4], 200, start=7)]
    with DropLog(tmp_path / "dropped.jsonl") as drops:
        kept = list(dedup_step(DedupConfig(), drops, tokenizer=bpe_tokenizer if use_tokens else None)(_traces(clean + planted)))
    assert [t.id for t in kept] == [f"t{i}" for i in range(30)]
    entries = [json.loads(line) for line in (tmp_path / "dropped.jsonl").read_text().splitlines()]
    assert [(e["id"], e["reason"], e["of"]) for e in entries] == [("t30", "exact_duplicate", "t3"), ("t31", "near_duplicate", "t4")]
    if use_tokens:  # the same pass counted the tokens
        assert [t.num_tokens for t in kept] == [len(bpe_tokenizer.encode(t.text).ids) for t in kept]
    else:
        assert all(t.num_tokens is None for t in kept)


@pytest.mark.parametrize("use_tokens", [False, True], ids=["words", "tokens"])
def test_clean_data_is_untouched(bpe_tokenizer, use_tokens):
    rng = random.Random(1)
    traces = _traces([_text(rng) for _ in range(50)])
    kept, drops = _run(traces, DedupConfig(), tokenizer=bpe_tokenizer if use_tokens else None)
    assert [t.id for t in kept] == [t.id for t in traces] and drops.total == 0


def test_drop_file_names_the_kept_original(tmp_path):
    problems = [Problem(id="a", source="s", statement="Print the sum of two numbers."),
                Problem(id="b", source="s", statement="print   the SUM of two numbers.")]
    with DropLog(tmp_path / "dropped.jsonl") as drops:
        kept = list(dedup_step(DedupConfig(near=False), drops, problem_text)(problems))
    assert [p.id for p in kept] == ["a"]
    (entry,) = [json.loads(line) for line in (tmp_path / "dropped.jsonl").read_text().splitlines()]
    assert entry == {"id": "b", "problem_id": "b", "step": "dedup", "reason": "exact_duplicate", "of": "a"}


def test_exact_key_ignores_case_and_whitespace():
    assert exact_key(" A  b\nc ") == exact_key("a b c") != exact_key("a b d")


@pytest.mark.parametrize("use_tokens", [False, True], ids=["words", "tokens"])
def test_threshold_controls_near_duplicates(bpe_tokenizer, use_tokens):
    base = _text(random.Random(2), 300)
    variant = _edited(base, 10)  # every 10th word: Jaccard of 5-word (or 7-token) shingles ~ 0.3
    traces = _traces([base, variant])
    tok = bpe_tokenizer if use_tokens else None
    assert len(_run(traces, DedupConfig(threshold=0.9), tokenizer=tok)[0]) == 2
    assert len(_run(traces, DedupConfig(threshold=0.15), tokenizer=tok)[0]) == 1


def test_step_remembers_across_chunks():
    rng = random.Random(3)
    texts = [_text(rng) for _ in range(6)]
    step = dedup_step(DedupConfig(), DropLog())
    first = list(step(_traces(texts[:3])))
    second = list(step([Trace(id="again", problem_id="p", text=texts[0]), *_traces(texts[3:])[:1]]))
    assert len(first) == 3 and [t.id for t in second] == ["t0"]


def test_texts_without_shingles_are_never_near_duplicates():
    traces = _traces(["!!!", "???", "", "..."])
    kept, drops = _run(traces, DedupConfig())
    assert [t.id for t in kept] == ["t0", "t1", "t2", "t3"] and drops.total == 0


def test_only_the_first_max_tokens_are_compared(bpe_tokenizer):
    rng = random.Random(4)
    head = _text(rng, 100)
    traces = _traces([head + " " + _text(rng, 400), head + " " + _text(rng, 400)])
    assert len(_run(traces, DedupConfig(max_tokens=0), tokenizer=bpe_tokenizer)[0]) == 2
    kept, drops = _run(traces, DedupConfig(max_tokens=150), tokenizer=bpe_tokenizer)
    assert [t.id for t in kept] == ["t0"] and drops.by_reason() == {"dedup:near_duplicate": 1}
    assert kept[0].num_tokens == len(bpe_tokenizer.encode(traces[0].text).ids)  # counts cover the whole text


def _corpus(n: int = 160) -> list[Trace]:
    """Clean texts with planted exact copies and near copies (of clean texts and of earlier copies)."""
    rng = random.Random(5)
    texts: list[str] = []
    for _ in range(n):
        roll = rng.random()
        if texts and roll < 0.15:
            texts.append(rng.choice(texts).upper())
        elif texts and roll < 0.3:
            texts.append(_edited(rng.choice(texts), 150, start=rng.randrange(150)))
        else:
            texts.append(_text(rng, rng.randint(100, 500)))
    return _traces(texts)


@pytest.mark.parametrize("use_tokens", [False, True], ids=["words", "tokens"])
def test_result_does_not_depend_on_the_number_of_workers(tmp_path, bpe_tokenizer, use_tokens):
    traces = _corpus()
    results = {}
    for workers in (1, 2, 3):
        path = tmp_path / f"dropped-{workers}.jsonl"
        with DropLog(path) as drops:
            stream = dedup_step(DedupConfig(workers=workers), drops, tokenizer=bpe_tokenizer if use_tokens else None)(traces)
            kept = [next(stream)]
            assert len(multiprocessing.active_children()) >= (workers if workers > 1 else 0)  # really in worker processes
            kept += list(stream)
        results[workers] = ([(t.id, t.num_tokens) for t in kept], path.read_text())
    assert results[1] == results[2] == results[3]
    kept, log = results[1]
    assert 0 < log.count("exact_duplicate") and 0 < log.count("near_duplicate") and len(kept) < len(traces)


@pytest.mark.slow
def test_token_shingles_decide_like_word_shingles_on_real_responses(shared_data, smollm2_cache):
    """What `shingle_tokens: 7` claims: on real responses, with SmolLM2's tokenizer, its Jaccard similarities
    are those of 5-word shingles at every edit rate (6 or 8 tokens are off by more), and dedup finds the
    near copies that words find, keeps the edited copies they keep, and flags no distinct response."""
    import gzip

    import numpy as np

    from codedistill.curate.dedup import word_units
    from codedistill.curate.minhash import shingles
    from codedistill.curate.stats import load_tokenizer

    with gzip.open(shared_data / "leetcodedataset" / "LeetCodeDataset-v0.2.0-train.jsonl.gz", "rt", encoding="utf-8") as f:
        responses = [r["response"] for r in map(json.loads, f) if len(r["response"].split()) > 200][:200]
    rng = random.Random(0)

    def replaced(text: str, share: float) -> str:
        words = text.split(" ")
        for i in rng.sample(range(len(words)), int(share * len(words))):
            words[i] = rng.choice(words)
        return " ".join(words)

    tokenizer = load_tokenizer(smollm2_cache / "smollm2-135m")

    def similarity(first: str, second: str, width: int | None) -> float:
        if width is None:
            a, b = (set(shingles(word_units(t), 5).tolist()) for t in (first, second))
        else:
            a, b = (set(shingles(np.array(tokenizer(t, add_special_tokens=False)["input_ids"]), width).tolist()) for t in (first, second))
        return len(a & b) / len(a | b)

    for share in (0.01, 0.02, 0.05):
        copies = [replaced(t, share) for t in responses[:100]]
        mean = {w: np.mean([similarity(t, c, w) for t, c in zip(responses, copies, strict=False)]) for w in (None, 6, 7, 8)}
        assert abs(mean[7] - mean[None]) < 0.02, (share, mean)
        assert min(abs(mean[6] - mean[None]), abs(mean[8] - mean[None])) > abs(mean[7] - mean[None]), (share, mean)

    light = [replaced(t, 0.005) for t in responses]  # Jaccard ~0.94 with words and with tokens
    heavy = [replaced(t, 0.1) for t in responses]  # ~0.38
    traces = _traces(responses + light + heavy)
    decided = {}
    for mode, tok in (("words", None), ("tokens", tokenizer)):
        kept = {t.id for t in dedup_step(DedupConfig(), DropLog(), tokenizer=tok)(traces)}
        decided[mode] = kept
        n = len(responses)
        assert all(f"t{i}" in kept for i in range(n))  # no distinct response flagged
        assert sum(f"t{n + i}" not in kept for i in range(n)) >= 0.98 * n  # light copies found
        assert all(f"t{2 * n + i}" in kept for i in range(n))  # heavy copies kept
    assert len(decided["words"] ^ decided["tokens"]) <= 0.02 * len(traces)


def test_token_ids_need_a_fast_tokenizer():
    with pytest.raises(TypeError, match="fast"):
        dedup_step(DedupConfig(), DropLog(), tokenizer=object())
