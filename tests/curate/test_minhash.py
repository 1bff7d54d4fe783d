from __future__ import annotations

import numpy as np
import pytest

from codedistill.curate.minhash import LSHIndex, jaccard, lsh_params, permutations, shingles, signature

datasketch = pytest.importorskip("datasketch")


def _pair(rng: np.random.Generator, size: int, true_jaccard: float) -> tuple[np.ndarray, np.ndarray]:
    """Two sets of 32-bit hashes with exactly the given Jaccard similarity (shared / union)."""
    union = rng.choice(2**32, size=size, replace=False).astype(np.uint32)
    shared = round(true_jaccard * size)
    only = (size - shared) // 2
    return union[: shared + only], np.concatenate([union[:shared], union[shared + only : shared + 2 * only]])


@pytest.mark.parametrize(("num_perm", "seed"), [(128, 1), (64, 7), (256, 42)])
def test_signature_is_datasketch_affine32_bit_for_bit(num_perm, seed):
    rng = np.random.default_rng(seed)
    for size in (1, 5, 4095, 4096, 4097, 20_000):
        hashes = rng.integers(0, 2**32, size, dtype=np.uint32)
        theirs = datasketch.MinHash(num_perm=num_perm, seed=seed, hashfunc=int)
        theirs.update_batch(hashes.tolist())
        assert np.array_equal(signature(hashes, permutations(num_perm, seed)), theirs.hashvalues)
    empty = datasketch.MinHash(num_perm=num_perm, seed=seed)
    assert np.array_equal(signature(np.zeros(0, dtype=np.uint32), permutations(num_perm, seed)), empty.hashvalues)


@pytest.mark.parametrize("true_jaccard", [0.1, 0.5, 0.8, 0.95])
def test_jaccard_estimates_agree_with_datasketch_and_the_truth(true_jaccard):
    rng = np.random.default_rng(int(true_jaccard * 100))
    first, second = _pair(rng, 3000, true_jaccard)
    assert abs(len(np.intersect1d(first, second)) / len(np.union1d(first, second)) - true_jaccard) < 0.002
    perms = permutations(256, 3)
    ours = jaccard(signature(first, perms), signature(second, perms))
    theirs = []
    for values in (first, second):
        minhash = datasketch.MinHash(num_perm=256, seed=3, hashfunc=int)
        minhash.update_batch(values.tolist())
        theirs.append(minhash)
    assert ours == theirs[0].jaccard(theirs[1])
    sigma = (true_jaccard * (1 - true_jaccard) / 256) ** 0.5
    assert abs(ours - true_jaccard) < 4 * sigma + 0.01


@pytest.mark.parametrize("threshold", [0.5, 0.7, 0.8, 0.9])
@pytest.mark.parametrize("num_perm", [64, 128, 256])
def test_lsh_bands_are_datasketchs(threshold, num_perm):
    theirs = datasketch.MinHashLSH(threshold=threshold, num_perm=num_perm)
    assert lsh_params(threshold, num_perm) == (theirs.b, theirs.r)


def test_shingles_are_ordered_windows():
    units = np.arange(10, dtype=np.uint32)
    assert shingles(units, 3).size == 8
    assert shingles(units[:2], 5).size == 1  # shorter than a shingle: one shingle of the whole text
    assert shingles(np.zeros(0, dtype=np.uint32), 5).size == 0
    assert set(shingles(units, 3).tolist()).isdisjoint(shingles(units[::-1], 3).tolist())  # order matters
    assert shingles(units, 1).tolist() != shingles(units, 2)[:1].tolist()


def test_shingle_hashes_rarely_collide():
    vocab = np.arange(400, dtype=np.uint32)
    pairs = np.stack(np.meshgrid(vocab, vocab), axis=-1).reshape(-1, 2)[:20_000]  # 20,000 distinct 2-grams
    hashes = np.concatenate([shingles(pair, 2) for pair in pairs])
    assert len(set(hashes.tolist())) >= 20_000 - 2  # 32-bit hashes: ~0.05 birthday collisions expected


def test_index_finds_the_earliest_similar_item_and_nothing_unrelated():
    rng = np.random.default_rng(0)
    perms = permutations(128, 1)
    base = rng.choice(2**32, 2000, replace=False).astype(np.uint32)
    close = base.copy()
    close[:100] = rng.integers(0, 2**32, 100, dtype=np.uint32)  # true Jaccard 1900/2100 ≈ 0.9
    unrelated = rng.integers(0, 2**32, 2000, dtype=np.uint32)
    index = LSHIndex(threshold=0.8, num_perm=128)
    assert index.find(signature(base, perms)) is None
    index.add("first", signature(base, perms))
    index.add("second", signature(base, perms))
    assert index.find(signature(close, perms)) == "first"
    assert index.find(signature(unrelated, perms)) is None
    assert len(index) == 2
