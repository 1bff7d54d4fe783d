"""Exact and near-duplicate removal for problems and traces.

Exact: SHA-1 of the text lower-cased with whitespace collapsed. Near: MinHash LSH (`curate.minhash`)
over shingles of the text's units; an item whose estimated Jaccard similarity with an earlier kept item
reaches `threshold` is dropped. The first occurrence always wins.

Units are the token ids of the student tokenizer when the step is given one: that is the chain's
token-counting pass, so each trace is read and tokenised once and every kept trace gets `num_tokens`
from it. Without a tokenizer they are lower-cased `\\w+` words. On real code-model responses
(LeetCodeDataset, SmolLM2 tokenizer) 7-token shingles have the Jaccard similarities of 5-word shingles
at every edit rate, so `shingle_tokens: 7` keeps `threshold` meaning what it meant with words (the
bench prints the comparison). Unlike words, token ids see case, whitespace and punctuation.

Token counts and signatures are a pure function of each text and are computed in `workers` processes,
a batch at a time; exact keys, and which occurrence comes first, are decided in the calling process in
input order, so the kept set is the same for any number of workers. The workers are spawned (not
forked: the tokenizer's threads do not survive a fork), so a script that dedups more than a few dozen
records needs the usual `if __name__ == "__main__":` guard, or `workers: 1`.
"""

from __future__ import annotations

import hashlib
import os
import re
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, islice
from typing import Any, TypeVar

import numpy as np
from pydantic import Field

from codedistill.config import StageConfig
from codedistill.curate.drops import DropLog, Record, Step
from codedistill.curate.minhash import LSHIndex, permutations, shingles, signature

_WORD = re.compile(r"\w+")
_CHARS_PER_WORD = 12  # generous: only the first max_words words are shingled, so scan a prefix of the text
_BATCH = 16  # texts per worker task: ~0.2 s of work for long traces, against ~1 ms to ship them


class DedupConfig(StageConfig):
    exact: bool = Field(default=True, description="Drop exact duplicates (normalised text hash).")
    near: bool = Field(default=True, description="Drop near duplicates (MinHash LSH).")
    threshold: float = Field(default=0.8, gt=0, le=1, description="Estimated Jaccard similarity at which two items are near duplicates.")
    num_perm: int = Field(default=128, ge=16, description="MinHash permutations; more is more precise and slower.")
    shingle_words: int = Field(default=5, ge=1, description="Words per shingle (when no tokenizer is given).")
    max_words: int = Field(default=4096, ge=0, description="Shingle only the first N words of long texts (0 = all); duplicates agree from the start.")
    shingle_tokens: int = Field(default=7, ge=1, description="Token ids per shingle (with a tokenizer); 7 tokens give the similarities of 5 words.")
    max_tokens: int = Field(default=6144, ge=0, description="Shingle only the first N token ids (0 = all); about max_words words of code and prose.")
    seed: int = Field(default=1, description="MinHash permutation seed.")
    workers: int = Field(default=0, ge=0, description="Processes computing token counts and signatures: 0 = one per CPU core, 1 = this process only.")


def exact_key(text: str) -> str:
    """Hash of the text, lower-cased with runs of whitespace collapsed.

    >>> exact_key("Print  Hello\\n") == exact_key("print hello")
    True
    """
    return hashlib.sha1(" ".join(text.lower().split()).encode("utf-8")).hexdigest()


class _WordHashes(dict):
    """CRC32 of each word, memoised (text is Zipfian: most words repeat); cleared when it grows large."""

    def __missing__(self, word: str) -> int:
        if len(self) > 1_000_000:
            self.clear()
        value = self[word] = zlib.crc32(word.encode())
        return value


_word_hashes = _WordHashes()


def word_units(text: str, max_words: int = 0) -> np.ndarray:
    """CRC32s of the lower-cased `\\w+` words of `text` (the first `max_words` when it is not 0)."""
    if max_words:
        words = _WORD.findall(text[: max_words * _CHARS_PER_WORD].lower())[:max_words]
    else:
        words = _WORD.findall(text.lower())
    return np.fromiter(map(_word_hashes.__getitem__, words), dtype=np.uint32, count=len(words))


@dataclass(frozen=True)
class Sketch:
    """What near dedup needs of one text: its signature (None when near dedup is off or there is no
    shingle) and, with a tokenizer, its token count."""

    signature: np.ndarray | None
    num_tokens: int | None


class Sketcher:
    """Computes the `Sketch` of each text of a batch; with a `tokenizers.Tokenizer`, shingles its token ids and counts them."""

    def __init__(self, cfg: DedupConfig, tokenizer: Any = None):
        self.cfg = cfg
        self.tokenizer = tokenizer
        self._perms = permutations(cfg.num_perm, cfg.seed)

    def __call__(self, texts: list[str]) -> list[Sketch]:
        cfg = self.cfg
        counts: list[int | None] = [None] * len(texts)
        signatures: list[np.ndarray | None] = [None] * len(texts)
        if self.tokenizer is not None:
            encodings = self.tokenizer.encode_batch_fast(texts, add_special_tokens=False)
            counts = [len(encoding) for encoding in encodings]
            if cfg.near:
                signatures = [self._signature(np.array(e.ids[: cfg.max_tokens or None], dtype=np.uint32), cfg.shingle_tokens)
                              for e in encodings]
        elif cfg.near:
            signatures = [self._signature(word_units(text, cfg.max_words), cfg.shingle_words) for text in texts]
        return [Sketch(*fields) for fields in zip(signatures, counts, strict=True)]

    def _signature(self, units: np.ndarray, width: int) -> np.ndarray | None:
        return signature(shingles(units, width), self._perms) if units.size else None


def _sketch_some(sketcher: Sketcher, texts: list[str | None]) -> list[Sketch | None]:
    """Sketches of the texts, None where the text is None (an exact duplicate needs none)."""
    done = iter(sketcher([text for text in texts if text is not None]))
    return [None if text is None else next(done) for text in texts]


_worker_sketcher: Sketcher | None = None


def _start_worker(cfg: DedupConfig, tokenizer_json: str | None) -> None:
    global _worker_sketcher
    # One single-threaded process per core: the Rust tokenizer's own thread pool would oversubscribe them.
    os.environ["RAYON_NUM_THREADS"] = "1"
    tokenizer = None
    if tokenizer_json is not None:
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_str(tokenizer_json)
    _worker_sketcher = Sketcher(cfg, tokenizer)


def _sketch_in_worker(texts: list[str | None]) -> list[Sketch | None]:
    assert _worker_sketcher is not None, "worker started without _start_worker"
    return _sketch_some(_worker_sketcher, texts)


T = TypeVar("T")


def _batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    stream = iter(items)
    while batch := list(islice(stream, size)):
        yield batch


def sketched(items: Iterable[T], text_of: Callable[[T], str | None], sketcher: Sketcher) -> Iterator[tuple[T, Sketch | None]]:
    """Each item with the sketch of `text_of(item)` (None where that is None), in input order.

    With more than one worker, batches are sketched in worker processes (spawned, so no inherited
    thread state), at most two per worker in flight; an input of a few batches is sketched here.
    """
    workers = sketcher.cfg.workers or len(os.sched_getaffinity(0))
    batches = _batched(items, _BATCH)
    head = list(islice(batches, 2 * workers))
    if workers == 1 or len(head) < 2 * workers:
        for batch in chain(head, batches):
            yield from zip(batch, _sketch_some(sketcher, [text_of(item) for item in batch]), strict=True)
        return

    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    tokenizer_json = sketcher.tokenizer.to_str() if sketcher.tokenizer is not None else None
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_start_worker, initargs=(sketcher.cfg, tokenizer_json)) as pool:
        def submit(batch: list[T]):
            return batch, pool.submit(_sketch_in_worker, [text_of(item) for item in batch])

        in_flight = deque(map(submit, head))
        for batch in chain(batches, [None] * len(in_flight)):
            done, future = in_flight.popleft()
            if batch is not None:
                in_flight.append(submit(batch))
            yield from zip(done, future.result(), strict=True)


def dedup_step(
    cfg: DedupConfig, drops: DropLog, text_of: Callable[[Record], str] = lambda r: r.text, *, tokenizer: Any = None,
) -> Step:
    """A curation step dropping exact, then near, duplicates of `text_of(record)`.

    With a `tokenizer` (a HF fast tokenizer or a `tokenizers.Tokenizer`), shingles are its token ids and
    each kept record's `num_tokens` is set to their count. The step remembers what it has kept across
    calls, so feeding a stream in chunks dedups across them. Drops are logged in input order.
    """
    from codedistill.curate.stats import rust_tokenizer

    backend = rust_tokenizer(tokenizer) if tokenizer is not None else None
    if tokenizer is not None and backend is None:
        raise TypeError(f"dedup on token ids needs a fast (Rust) tokenizer; got {type(tokenizer).__name__}")
    sketcher = Sketcher(cfg, backend)
    seen: dict[str, str] = {}
    index = LSHIndex(cfg.threshold, cfg.num_perm) if cfg.near else None

    def original(record: Record) -> str | None:
        """The id of an earlier record with the same exact key (else None, and this record's key is kept)."""
        if not cfg.exact:
            return None
        key = exact_key(text_of(record))
        if key in seen:
            return seen[key]
        seen[key] = record.id
        return None

    def step(records: Iterable[Record]) -> Iterator[Record]:
        # Exact decisions come first and in input order, so an exact copy is never tokenised.
        checked = ((record, original(record)) for record in records)
        if index is None and backend is None:  # exact only: nothing to sketch
            decided = ((item, None) for item in checked)
        else:
            decided = sketched(checked, lambda item: None if item[1] else text_of(item[0]), sketcher)
        for (record, exact_of), sketch in decided:
            if exact_of is not None:
                drops.drop(record, "dedup", "exact_duplicate", of=exact_of)
                continue
            if index is not None and sketch.signature is not None:
                other = index.find(sketch.signature)
                if other is not None:
                    drops.drop(record, "dedup", "near_duplicate", of=other)
                    continue
                index.add(record.id, sketch.signature)
            yield record if sketch is None or sketch.num_tokens is None else record.model_copy(update={"num_tokens": sketch.num_tokens})

    return step


def problem_text(record: Record) -> str:
    """What identifies a problem (or a trace's problem) for dedup: its statement."""
    return getattr(record, "statement", None) or getattr(record, "prompt", "") or ""
