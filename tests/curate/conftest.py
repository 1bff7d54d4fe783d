"""Fixtures for the curation tests."""

from __future__ import annotations

import random

import pytest


@pytest.fixture(scope="session")
def bpe_tokenizer():
    """A small byte-level BPE `tokenizers.Tokenizer` (the student tokenizers' kind), trained in milliseconds."""
    pytest.importorskip("tokenizers")
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers

    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    trainer = trainers.BpeTrainer(vocab_size=800, initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    rng = random.Random(9)
    tokenizer.train_from_iterator([" ".join(f"w{rng.randrange(3000)}" for _ in range(400)) for _ in range(30)], trainer=trainer)
    return tokenizer
