"""Relations lost between an article's .txt and .jsonl forms, over every article in data/.

Each JSONL record under data/articles and data/corpus is written as a .txt file twice (its
text alone, and under its title and a blank line), read back through ``kg.articles`` and run
through the rules extractor; its relations (type, source, target, status) are compared with
those of the JSONL record. The suite checks the cheaper half of this (the .txt forms read as
the same text: tests/test_input_kept.py); this runs the extractor too. Differences are
listed by article id only (the corpus test split is not to be read while developing).

    .venv/bin/python bench/txt_vs_jsonl.py
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from kg.articles import read_articles
from kg.extract import extract, load_model

SOURCES = sorted(Path("data/articles").glob("*.jsonl")) + sorted(
    Path("data/corpus").glob("*/*.jsonl"))


def main() -> int:
    nlp = load_model()
    started = time.perf_counter()
    lost = extra = total = articles = 0
    differ: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        txt = Path(tmp) / "article.txt"
        for source in SOURCES:
            for line in source.read_text(encoding="utf-8").splitlines():
                record = json.loads(line)
                articles += 1
                jsonl = Path(tmp) / "article.jsonl"
                jsonl.write_text(line + "\n", encoding="utf-8")
                want = _relations(jsonl, nlp)
                total += len(want)
                forms = {"text": record["text"]}
                if record.get("title"):
                    forms["title"] = f"{record['title']}\n\n{record['text']}"
                for form, content in forms.items():
                    txt.write_text(content + "\n", encoding="utf-8")
                    got = _relations(txt, nlp)
                    if got != want:
                        differ.append(f"{record['id']} ({form}): {len(want - got)} lost, "
                                      f"{len(got - want)} extra")
                        lost += len(want - got)
                        extra += len(got - want)
    print("\n".join(differ))
    print(f"{articles} articles, {total} relations from their JSONL records; "
          f".txt forms: {lost} relations lost, {extra} extra "
          f"({time.perf_counter() - started:.0f} s)")
    return 1 if lost or extra else 0


def _relations(path: Path, nlp) -> set[tuple]:
    return {(r.type, r.source, r.target, r.properties.get("status"))
            for r in extract(read_articles([path]), nlp=nlp)}


if __name__ == "__main__":
    sys.exit(main())
