"""A corpus of real articles for the extraction benchmarks, repeated to any size.

The articles in ``data/`` (the gold articles and the seed dump) are read with
``kg.articles.read_articles``, shuffled and repeated with fresh ids until the corpus holds the
requested number of words (deterministic for a given seed).
"""

from __future__ import annotations

import random
import sys
from dataclasses import replace
from pathlib import Path

from kg.articles import read_articles
from kg.records import Article

DATA = Path(__file__).resolve().parent.parent / "data"
SOURCES = (DATA / "articles", DATA / "samples")


def word_count(text: str) -> int:
    return len(text.split())


def build_corpus(words: int, *, seed: int = 13) -> list[Article]:
    """Shuffled copies of the data/ articles (ids ``<id>~<copy>``) with >= ``words`` words."""
    originals = list(read_articles([p for p in SOURCES if p.exists()],
                                   on_error=lambda problem: print(problem, file=sys.stderr)))
    if not originals:
        raise SystemExit(f"no articles found in {', '.join(map(str, SOURCES))}")
    rng = random.Random(seed)
    corpus: list[Article] = []
    total, copy = 0, 0
    while total < words:
        batch = originals[:]
        rng.shuffle(batch)
        for article in batch:
            corpus.append(replace(article, id=f"{article.id}~{copy}"))
            total += word_count(article.text)
            if total >= words:
                break
        copy += 1
    return corpus
