"""Curation throughput on a generated OpenCodeReasoning-2-shaped corpus.

    python bench/curate_throughput.py                     # 100K traces of 2K-16K tokens (the target)
    python bench/curate_throughput.py --n 5000            # a reduced run; the table projects 100K

Rows are R1-style traces (`<think>` reasoning, then an answer with a fenced program) for questions
drawn from a pool, with planted exact and near duplicates and questions copied from a synthetic
benchmark. The corpus streams (never held whole) through the chain as a user runs it: normalise (raw
text → canonical Trace), dedup with token counting (one tokenizer pass per trace: exact key, token
count and MinHash signature over token-id shingles, in worker processes; LSH decisions in input order),
decontaminate (13-grams of statements and final code against the benchmark). Each stage's wall and CPU
time is its own (upstream time subtracted); the dedup workers' CPU is added to dedup. Every planted
row is checked by id against the drop log: recall, and drops that were not planted.

Baselines measured in the same run on a sample: datasketch (`MinHash.update_batch`, `MinHashLSH`) on
the same token-id shingles, and the two-pass chain (token counting, then word-shingle dedup).
On real responses (LeetCodeDataset, when the shared data is there) it compares the Jaccard
similarity of 5-word and 7-token shingles at several edit rates: what the shingle width means.
Target (issue 19): the whole chain over 100K traces in under 10 minutes on 2 cores, under 8 GB.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import random
import resource
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

WORDS = ("the array sum of we need an index value loop check case answer count prefix so then if else for each element "
         "is to in it that this with as be can on at by from or not all but what when which their there one two three "
         "graph node edge tree path cost minimum maximum query update segment range left right pointer window stack "
         "queue heap sort binary search divide modulo prime factor digit string substring character palindrome greedy "
         "dynamic programming state transition memo recursion base overflow bound constraint input output test sample "
         "wait actually hmm let me think again maybe consider suppose instead compute store return print read line").split()
FILLER = ("so the answer is", "let me check the sample", "wait, that is wrong", "we need an O(n log n) solution",
          "consider the prefix sums", "edge case: n = 1", "hmm, maybe a greedy works")


def question(rng: random.Random, index: int) -> str:
    return f"Problem {index}. " + " ".join(rng.choices(WORDS, k=rng.randint(120, 400))) + "\n\nInput\nN\n\nOutput\nOne integer."


def trace_text(rng: random.Random, tokens: int, tokens_per_word: float = 1.3) -> str:
    """~`tokens` tokens of R1-style output; `tokens_per_word` is measured with the tokenizer in `main`."""
    words = int(tokens / tokens_per_word)
    parts: list[str] = []
    while words > 0:
        take = min(words, rng.randint(40, 120))
        parts.append(" ".join(rng.choices(WORDS, k=take)) + ", " + rng.choice(FILLER) + ".")
        words -= take
    code = "\n".join(f"x{i} = int(input()) * {rng.randint(1, 99)}" for i in range(rng.randint(3, 12))) + "\nprint(x0)"
    return "<think>\n" + "\n\n".join(parts) + "\n</think>\n\nHere is the solution.\n\n```python\n" + code + "\n```"


def corpus(n: int, chunk: int, min_tokens: int, max_tokens: int, benchmark: list[str], tokens_per_word: float,
           planted: dict[str, set[str]], seed: int = 0):
    """Chunks of raw OCR2-like rows: (id, problem_id, question, r1_generation); `planted` collects the planted ids."""
    rng = random.Random(seed)
    pool = [question(rng, i) for i in range(max(50, n // 20))]  # OCR2: ~20 traces per question
    recent: list[tuple[str, str, str, str]] = []
    rows = []
    for index in range(n):
        roll = rng.random()
        if roll < 0.02 and recent:  # exact duplicate of an earlier row
            _, pid, q, text = rng.choice(recent)
            kind = "exact"
        elif roll < 0.04 and recent:  # near duplicate: a few words changed
            _, pid, q, text = rng.choice(recent)
            words = text.split(" ")
            for _ in range(5):
                words[rng.randrange(len(words))] = "changed"
            text = " ".join(words)
            kind = "near"
        else:
            kind = "clean"
            if roll < 0.05:  # contaminated: the question is a benchmark statement
                pid, q = f"bench-copy-{rng.randrange(len(benchmark))}", rng.choice(benchmark)
                kind = "contaminated"
            else:
                number = rng.randrange(len(pool))
                pid, q = f"taco/train/{number}", pool[number]
            text = trace_text(rng, rng.randint(min_tokens, max_tokens), tokens_per_word)
        row = (f"ocr2-{index}", pid, q, text)
        planted[kind].add(row[0])
        if rng.random() < 0.01:
            recent = recent[-200:] + [row]
        rows.append(row)
        if len(rows) == chunk:
            yield rows
            rows = []
    if rows:
        yield rows


class StageClock:
    """Exclusive wall and CPU seconds per stage of a lazy chain: time inside a stage's `next` less its input's."""

    def __init__(self) -> None:
        self.inclusive: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])

    def timed(self, name: str, stream):
        iterator = iter(stream)
        spent = self.inclusive[name]
        while True:
            t0, c0 = time.perf_counter(), time.process_time()
            try:
                item = next(iterator)
            except StopIteration:
                spent[0] += time.perf_counter() - t0
                spent[1] += time.process_time() - c0
                return
            spent[0] += time.perf_counter() - t0
            spent[1] += time.process_time() - c0
            yield item

    def exclusive(self, order: list[str]) -> dict[str, tuple[float, float]]:
        out = {}
        for upstream, name in zip(order, order[1:], strict=False):
            (wall, cpu), (up_wall, up_cpu) = self.inclusive[name], self.inclusive[upstream]
            out[name] = (wall - up_wall, cpu - up_cpu)
        return out


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_per_text(function, texts: list[str]) -> float:
    """Seconds per text of `function(texts)` (one call on the whole list)."""
    t0 = time.perf_counter()
    function(texts)
    return (time.perf_counter() - t0) / len(texts)


def baselines(texts: list[str], tokenizer, cfg) -> list[str]:
    """Ours against datasketch on the same token-id shingles, and one tokenizer pass against two (one process)."""
    import numpy as np
    from datasketch import MinHash, MinHashLSH

    from codedistill.curate.dedup import Sketcher
    from codedistill.curate.minhash import LSHIndex, permutations, shingles, signature
    from codedistill.curate.stats import count_tokens, rust_tokenizer

    backend = rust_tokenizer(tokenizer)
    ids = [np.array(e.ids[: cfg.max_tokens], dtype=np.uint32) for e in backend.encode_batch_fast(texts, add_special_tokens=False)]
    windows = [[u[i : i + cfg.shingle_tokens].tobytes() for i in range(max(1, u.size - cfg.shingle_tokens + 1))] for u in ids]
    hashes = [shingles(u, cfg.shingle_tokens) for u in ids]
    perms = permutations(cfg.num_perm, cfg.seed)

    def stock(_):  # datasketch as documented: SHA-1 of each shingle's bytes
        for items in windows:
            MinHash(num_perm=cfg.num_perm, seed=cfg.seed).update_batch(items)

    def stock_ints(_):  # datasketch on our shingle hashes: the permutation work alone
        for h in hashes:
            MinHash(num_perm=cfg.num_perm, seed=cfg.seed, hashfunc=int).update_batch(h.tolist())

    ours = timed_per_text(lambda _: [signature(h, perms) for h in hashes], texts)
    sigs = [signature(h, perms) for h in hashes]
    minhashes = [MinHash(num_perm=cfg.num_perm, seed=cfg.seed, hashvalues=s, scheme="affine32") for s in sigs]

    def their_lsh(_):
        lsh = MinHashLSH(threshold=cfg.threshold, num_perm=cfg.num_perm)
        for i, m in enumerate(minhashes):
            if not any(m.jaccard(minhashes[j]) >= cfg.threshold for j in lsh.query(m)):
                lsh.insert(i, m)

    def our_lsh(_):
        index = LSHIndex(cfg.threshold, cfg.num_perm)
        for i, sig in enumerate(sigs):
            if index.find(sig) is None:
                index.add(str(i), sig)

    one_process = cfg.model_copy(update={"workers": 1})
    two_pass = timed_per_text(lambda t: (count_tokens(t, tokenizer, batch_size=64), Sketcher(one_process)(t)), texts)
    one_pass = timed_per_text(Sketcher(one_process, backend), texts)
    rows = [("MinHash signature (datasketch SHA-1 per shingle)", timed_per_text(stock, texts), ours),
            ("MinHash signature (datasketch, our shingle hashes)", timed_per_text(stock_ints, texts), ours),
            ("LSH query + insert (datasketch MinHashLSH)", timed_per_text(their_lsh, texts), timed_per_text(our_lsh, texts)),
            ("tokens + dedup sketch: two passes vs one", two_pass, one_pass)]
    return [f"{what:<52}{1 / base:>9.0f}/s {1 / ours_s:>9.0f}/s  → {base / ours_s:.1f}x" for what, base, ours_s in rows]


def shingle_semantics(data: Path, tokenizer, limit: int = 150) -> list[str]:
    """Mean Jaccard of 5-word vs 7-token shingle sets when a share of words is replaced, on real responses."""
    import numpy as np

    from codedistill.curate.dedup import word_units
    from codedistill.curate.minhash import shingles
    from codedistill.curate.stats import rust_tokenizer

    path = data / "leetcodedataset" / "LeetCodeDataset-v0.2.0-train.jsonl.gz"
    if not path.exists():
        return [f"(no {path}: shingle semantics not measured)"]
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        texts = [r["response"] for r in map(json.loads, handle) if len(r["response"].split()) > 300][:limit]
    backend = rust_tokenizer(tokenizer)
    rng = random.Random(0)

    def sets(text):
        ids = np.array(backend.encode(text, add_special_tokens=False).ids, dtype=np.uint32)
        return set(shingles(word_units(text), 5).tolist()), set(shingles(ids, 7).tolist())

    def jaccard(a, b):
        return len(a & b) / len(a | b)

    def edited(text, rate):
        parts = text.split(" ")
        for i in rng.sample(range(len(parts)), int(rate * len(parts))):
            parts[i] = rng.choice(parts)
        return " ".join(parts)

    originals = [sets(t) for t in texts]
    lines = [f"shingle width on {len(texts)} real responses (LeetCodeDataset): mean Jaccard of an edited copy"]
    lines.append(f"{'words replaced':<16}{'5 words':>9}{'7 tokens':>10}")
    for rate in (0.01, 0.02, 0.03, 0.05, 0.1):
        pairs = [(o, sets(edited(t, rate))) for o, t in zip(originals, texts, strict=True)]
        lines.append(f"{rate:<16.0%}{np.mean([jaccard(o[0], e[0]) for o, e in pairs]):>9.3f}{np.mean([jaccard(o[1], e[1]) for o, e in pairs]):>10.3f}")
    unrelated = [(originals[i], originals[(i + 1) % len(texts)]) for i in range(len(texts))]
    lines.append(f"{'unrelated (max)':<16}{max(jaccard(a[0], b[0]) for a, b in unrelated):>9.3f}{max(jaccard(a[1], b[1]) for a, b in unrelated):>10.3f}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="traces")
    parser.add_argument("--min-tokens", type=int, default=2000)
    parser.add_argument("--max-tokens", type=int, default=16000)
    parser.add_argument("--workers", type=int, default=0, help="dedup worker processes (0 = one per core)")
    parser.add_argument("--tokenizer", default="smollm2-135m", help="checkpoint folder or model name")
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("CODEDISTILL_SHARED_DATA", REPO.parent / "shared" / "data")))
    args = parser.parse_args()

    from codedistill.curate.decontam import BenchmarkIndex, DecontamConfig, decontam_step
    from codedistill.curate.dedup import DedupConfig, dedup_step
    from codedistill.curate.drops import DropLog
    from codedistill.curate.stats import count_tokens, load_tokenizer
    from codedistill.curate.think_tags import build_trace
    from codedistill.errors import require
    from codedistill.models import resolve_model
    from codedistill.records import Problem

    require("datasketch", "dev", "the datasketch baseline")  # before the long run, not after it

    load_before = os.getloadavg()
    cache = Path(os.environ.get("CODEDISTILL_CACHE", Path.home() / ".cache" / "codedistill" / "models"))
    tokenizer_path = args.tokenizer if Path(args.tokenizer).exists() else resolve_model(args.tokenizer, cache)
    tokenizer = load_tokenizer(tokenizer_path)
    rng = random.Random(1)
    bench_statements = [question(rng, 10_000 + i) for i in range(1000)]
    benchmark = [Problem(id=f"lcb-{i}", source="lcb", statement=s) for i, s in enumerate(bench_statements)]
    calibration = trace_text(random.Random(2), 20_000)
    tokens_per_word = count_tokens([calibration], tokenizer)[0] / len(calibration.split())
    dedup_cfg = DedupConfig(workers=args.workers)
    planted: dict[str, set[str]] = defaultdict(set)
    clock = StageClock()
    sample_texts: list[str] = []
    rows_done = tokens_done = 0

    def rows():
        for chunk in corpus(args.n, 500, args.min_tokens, args.max_tokens, bench_statements, tokens_per_word, planted):
            yield from chunk

    def normalise(stream):
        for tid, pid, q, text in stream:
            trace = build_trace(tid, pid, text, prompt=q, source="ocr2")
            if len(sample_texts) < 200:
                sample_texts.append(trace.text)
            yield trace

    with tempfile.TemporaryDirectory() as tmp:
        dropped = Path(tmp) / "dropped.jsonl"
        workers_cpu = children_cpu()
        started = time.perf_counter()
        with DropLog(dropped) as drops:
            dedup = dedup_step(dedup_cfg, drops, tokenizer=tokenizer)
            decontam = decontam_step(BenchmarkIndex(benchmark, DecontamConfig(solutions=True)), drops)
            stream = clock.timed("generate", rows())
            stream = clock.timed("normalise", normalise(stream))
            stream = clock.timed("dedup + token counting", dedup(stream))
            stream = clock.timed("decontaminate", decontam(stream))
            for trace in stream:
                rows_done += 1
                tokens_done += trace.num_tokens
                if rows_done % 500 == 0:
                    print(f"\r{rows_done} kept, {time.perf_counter() - started:.0f}s", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
        chain_wall = time.perf_counter() - started - clock.inclusive["generate"][0]
        workers_cpu = children_cpu() - workers_cpu
        found: dict[str, set[str]] = defaultdict(set)
        for entry in map(json.loads, dropped.read_text(encoding="utf-8").splitlines()):
            found[entry["reason"]].add(entry["id"])
    seen = sum(len(ids) for ids in planted.values())
    stages = clock.exclusive(["generate", "normalise", "dedup + token counting", "decontaminate"])
    wall_s = {name: wall for name, (wall, _) in stages.items()}
    cpu_s = {name: cpu for name, (_, cpu) in stages.items()}
    cpu_s["dedup + token counting"] += workers_cpu
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    worker_peak_gb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024**2
    workers = dedup_cfg.workers or len(os.sched_getaffinity(0))

    print(f"machine: {platform.processor() or platform.machine()} ({cpu_model()}), {os.cpu_count()} cores visible; python {platform.python_version()}")
    print(f"corpus: {seen} traces, {rows_done} kept with {tokens_done / 1e6:.1f}M tokens ({tokens_done / max(rows_done, 1):.0f}/trace), "
          f"tokenizer {Path(str(tokenizer_path)).name}; dedup in {workers} worker processes")
    load_after = os.getloadavg()
    print(f"load average (1 min) before {load_before[0]:.1f}, after {load_after[0]:.1f} on {os.cpu_count()} cores "
          "(wall rates suffer when > cores; CPU rates do not)")
    print(f"{'stage':<24}{'rows/s':>10}{'wall s':>10}{'CPU s':>10}{'rows/CPU-s':>12}")
    total_cpu = sum(cpu_s.values())
    for stage in [*wall_s, "whole chain"]:
        spent, used = (chain_wall, total_cpu) if stage == "whole chain" else (wall_s[stage], cpu_s[stage])
        print(f"{stage:<24}{seen / spent:>10.0f}{spent:>10.1f}{used:>10.1f}{seen / used:>12.0f}")
    # On idle cores the workers' CPU spreads over all of them while this process merges in parallel.
    parent_cpu = total_cpu - workers_cpu
    idle = max(total_cpu / os.cpu_count(), parent_cpu)
    print(f"projected 100K-trace chain: {chain_wall / seen * 100_000 / 60:.1f} min wall as measured here; "
          f"{idle / seen * 100_000 / 60:.1f} min on {os.cpu_count()} idle cores (from CPU time); target 10 min")
    for kind, reason in (("exact", "exact_duplicate"), ("near", "near_duplicate"), ("contaminated", "benchmark_overlap")):
        hit = planted[kind] & found[reason]
        print(f"planted {kind:<13}{len(planted[kind]):>6}  found {len(hit):>6} ({len(hit) / max(len(planted[kind]), 1):.1%})  "
              f"dropped as {reason} but not planted so: {len(found[reason] - planted[kind])}")
    print(f"peak memory: {peak_gb:.2f} GB in this process, {worker_peak_gb:.2f} GB in the largest worker; "
          f"{peak_gb + workers * worker_peak_gb:.2f} GB at most together (target < 8 GB)")
    print(f"{'baselines on ' + str(len(sample_texts)) + ' sampled traces, one process':<54}{'baseline':>11}{'ours':>11}")
    for line in baselines(sample_texts, tokenizer, dedup_cfg):
        print("  " + line)
    for line in shingle_semantics(args.data, tokenizer):
        print("  " + line)


def cpu_model() -> str:
    try:
        return next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        return "unknown CPU"


if __name__ == "__main__":
    main()
