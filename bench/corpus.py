"""A corpus of real articles for the extraction benchmarks, repeated to any size.

The articles in ``data/`` (the gold articles and the seed dump) are read with
``kg.articles.read_articles``, shuffled and repeated with fresh ids until the corpus holds the
requested number of words (deterministic for a given seed).
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from dataclasses import replace
from itertools import count
from pathlib import Path

from kg.articles import read_articles
from kg.records import Article

DATA = Path(__file__).resolve().parent.parent / "data"
SOURCES = (DATA / "articles", DATA / "samples")


def word_count(text: str) -> int:
    return len(text.split())


def originals() -> list[Article]:
    """The articles in data/ (the gold articles and the seed dump)."""
    found = list(read_articles([p for p in SOURCES if p.exists()],
                               on_error=lambda problem: print(problem, file=sys.stderr)))
    if not found:
        raise SystemExit(f"no articles found in {', '.join(map(str, SOURCES))}")
    return found


def copies(*, seed: int = 13) -> Iterator[Article]:
    """Shuffled copies of the data/ articles with fresh ids ``<id>~<copy>``, without end
    (deterministic for a given seed)."""
    found = originals()
    rng = random.Random(seed)
    for copy in count():
        batch = found[:]
        rng.shuffle(batch)
        for article in batch:
            yield replace(article, id=f"{article.id}~{copy}")


def build_corpus(words: int, *, seed: int = 13) -> list[Article]:
    """Shuffled copies of the data/ articles (ids ``<id>~<copy>``) with >= ``words`` words."""
    corpus: list[Article] = []
    total = 0
    for article in copies(seed=seed):
        if total >= words:
            break
        corpus.append(article)
        total += word_count(article.text)
    return corpus
