"""The annotated corpus: reading its JSONL, resolving mentions to character spans, checking it.

Writers annotate by copying text, never by counting characters: an entity lists the surface
forms it takes in the article, and a relation gives its evidence sentence(s) as an exact copy
of the text plus, when needed, the surface form of each argument in that evidence. This module
turns those into character offsets and reports every annotation it cannot place, so the
format stays easy to write and the spans stay exact. ``python -m kg.corpus check FILE...``
is what writers run; `kg.extract.corpus_docbin` turns checked articles into spaCy DocBins.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.names import ENTITY_DIR
from kg.schema import COMPANY, EXCHANGE, PERSON, RELATION_TYPES, SchemaError, check_relation

PRODUCT = "Product"
MENTION_LABELS: tuple[str, ...] = (COMPANY, PERSON, EXCHANGE, PRODUCT)
STYLES: tuple[str, ...] = (
    "wire", "business_daily", "tech_blog", "press_release", "profile", "earnings_call",
    "analyst_note", "brief", "non_native", "feature", "newsletter", "local_news",
)
SPLITS: tuple[str, ...] = ("train", "dev", "test")
# Words an argument may be written as when its name is in the neighbouring sentence.
ANAPHORS: frozenset[str] = frozenset({
    "it", "its", "they", "the company", "the startup", "the firm", "the group", "the lab",
    "the chipmaker", "the maker", "the business", "the investor", "the fund", "he", "she",
    "his", "her", "the executive", "the bank", "the unit", "the buyer", "the acquirer",
    "the platform", "the developer", "the provider", "the insurer", "the retailer",
})


class CorpusError(ValueError):
    """An annotation that cannot be placed in its article's text."""


@dataclass(frozen=True)
class Span:
    """A labelled character span of an article's text."""

    start: int
    end: int
    label: str
    name: str  # the canonical entity this span mentions


@dataclass(frozen=True)
class RelationMention:
    """One relation as one passage states it: both arguments located in the text."""

    type: str
    source: str
    target: str
    source_span: tuple[int, int]
    target_span: tuple[int, int]
    evidence_span: tuple[int, int]
    properties: dict[str, Any]
    negative: bool = False  # a pair that reads like this type but is not stated

    @property
    def status(self) -> str | None:
        return self.properties.get("status")


@dataclass
class CorpusArticle:
    """One annotated article with every annotation resolved to offsets."""

    id: str
    writer: str
    style: str
    text: str
    title: str | None
    published: str | None
    labels: dict[str, str]  # canonical entity name -> label
    entity_spans: list[Span] = field(default_factory=list)
    relations: list[RelationMention] = field(default_factory=list)

    @property
    def split(self) -> str:
        return split_of(self.id, self.writer)


TEST_WRITER_PREFIX = "t"


def split_of(article_id: str, writer: str) -> str:
    """The article's split: test for the test writers, else 1 in 9 to dev by a stable hash.

    The test writers' articles are 10% of the corpus, so train:dev:test is 80:10:10.

    >>> split_of("t1-0001", "t1")
    'test'
    """
    if writer.startswith(TEST_WRITER_PREFIX):
        return "test"
    bucket = int(hashlib.sha1(article_id.encode()).hexdigest()[:8], 16) % 9
    return "dev" if bucket == 0 else "train"


def _word_pattern(surface: str) -> re.Pattern[str]:
    """A surface form matched as whole words (an edge that is not a word char is free)."""
    left = r"(?<!\w)" if surface[:1].isalnum() else ""
    right = r"(?!\w)" if surface[-1:].isalnum() else ""
    return re.compile(left + re.escape(surface) + right)


def entity_spans(text: str, entities: list[dict[str, Any]]) -> list[Span]:
    """Every occurrence of every entity's surface forms, longest first, never overlapping."""
    forms: list[tuple[str, str, str]] = []
    for ent in entities:
        name, label = ent["name"], ent["label"]
        for surface in {name, *ent.get("mentions", [])}:
            forms.append((surface, label, name))
    forms.sort(key=lambda f: -len(f[0]))
    taken = [False] * len(text)
    spans: list[Span] = []
    for surface, label, name in forms:
        for m in _word_pattern(surface).finditer(text):
            if any(taken[m.start():m.end()]):
                continue
            taken[m.start():m.end()] = [True] * (m.end() - m.start())
            spans.append(Span(m.start(), m.end(), label, name))
    return sorted(spans, key=lambda s: s.start)


def _locate(text: str, passage: str, what: str) -> tuple[int, int]:
    start = text.find(passage)
    if start < 0:
        raise CorpusError(f"{what} is not an exact copy of the text: {passage[:80]!r}")
    return start, start + len(passage)


def _argument_span(text: str, evidence: tuple[int, int], name: str, surface: str | None,
                   spans: list[Span], role: str) -> tuple[int, int]:
    """The argument's span inside the evidence: its given surface form, else its first mention."""
    lo, hi = evidence
    if surface:
        m = _word_pattern(surface).search(text, lo, hi)
        if m is None:
            raise CorpusError(f"{role}_text {surface!r} is not in the evidence")
        if surface.lower() not in ANAPHORS and not any(s.start <= m.start() < s.end
                                                       for s in spans):
            raise CorpusError(f"{role}_text {surface!r} is neither a mention of {name!r} "
                              f"listed in entities nor an anaphor ({', '.join(sorted(ANAPHORS))})")
        for s in spans:  # widen to the whole entity span it falls in ("Norvik" in "Norvik Labs")
            if s.name == name and s.start <= m.start() and m.end() <= s.end:
                return s.start, s.end
        other = next((s.name for s in spans
                      if s.start <= m.start() < s.end and s.name != name), None)
        if other is not None:
            raise CorpusError(f"{role}_text {surface!r} is a mention of {other!r}, not {name!r}")
        return m.start(), m.end()
    for s in spans:
        if s.name == name and lo <= s.start and s.end <= hi:
            return s.start, s.end
    raise CorpusError(f"{role} {name!r} is not mentioned in the evidence; give {role}_text "
                      f"(a listed mention or an anaphor such as 'the company')")


def _relation(text: str, raw: dict[str, Any], labels: dict[str, str], spans: list[Span],
              negative: bool) -> RelationMention:
    rel_type = raw.get("type") if not negative else raw.get("type", raw.get("near"))
    if rel_type not in RELATION_TYPES:
        raise CorpusError(f"unknown type {rel_type!r}")
    source, target = raw.get("source"), raw.get("target")
    for role, name in (("source", source), ("target", target)):
        if name not in labels:
            raise CorpusError(f"{role} {name!r} is not in the article's entities")
    if source == target:
        raise CorpusError(f"source and target are both {source!r}")
    props = dict(raw.get("properties") or {})
    if not negative:
        if "status" not in props:
            raise CorpusError(f"{rel_type} {source} -> {target} has no status")
        try:
            check_relation(rel_type, labels[source], labels[target], props)
        except SchemaError as exc:
            raise CorpusError(str(exc)) from None
    evidence = _locate(text, raw.get("evidence") or "", "evidence")
    return RelationMention(
        type=rel_type, source=source, target=target,
        source_span=_argument_span(text, evidence, source, raw.get("source_text"), spans,
                                   "source"),
        target_span=_argument_span(text, evidence, target, raw.get("target_text"), spans,
                                   "target"),
        evidence_span=evidence, properties=props, negative=negative,
    )


def parse_article(raw: dict[str, Any]) -> tuple[CorpusArticle, list[str]]:
    """One JSONL record as a resolved article, with a message for each annotation dropped."""
    for key in ("id", "writer", "text", "entities"):
        if not raw.get(key):
            raise CorpusError(f"article has no {key!r}")
    text: str = raw["text"]
    problems: list[str] = []
    labels: dict[str, str] = {}
    entities = []
    for ent in raw["entities"]:
        if ent.get("label") not in MENTION_LABELS:
            problems.append(f"entity {ent.get('name')!r}: label {ent.get('label')!r} is not one "
                            f"of {MENTION_LABELS}")
            continue
        labels[ent["name"]] = ent["label"]
        entities.append(ent)
    spans = entity_spans(text, entities)
    found = {s.name for s in spans}
    problems += [f"entity {n!r} never appears in the text" for n in labels if n not in found]
    article = CorpusArticle(id=raw["id"], writer=raw["writer"], style=raw.get("style", ""),
                            text=text, title=raw.get("title"), published=raw.get("published"),
                            labels=labels, entity_spans=spans)
    if article.style not in STYLES:
        problems.append(f"style {article.style!r} is not one of {STYLES}")
    for negative, key in ((False, "relations"), (True, "negatives")):
        for i, rel in enumerate(raw.get(key) or []):
            try:
                article.relations.append(_relation(text, rel, labels, spans, negative))
            except CorpusError as exc:
                problems.append(f"{key}[{i}]: {exc}")
    return article, problems


def read_corpus(paths: Iterable[Path]) -> Iterator[tuple[CorpusArticle | None, str, list[str]]]:
    """(article, where, problems) for each line of the JSONL files or folders given."""
    for path in paths:
        files = sorted(path.rglob("*.jsonl")) if path.is_dir() else [path]
        for file in files:
            with file.open(encoding="utf-8") as fh:
                for lineno, line in enumerate(fh, 1):
                    if not line.strip():
                        continue
                    where = f"{file}:{lineno}"
                    try:
                        article, problems = parse_article(json.loads(line))
                    except (json.JSONDecodeError, CorpusError, KeyError, TypeError) as exc:
                        yield None, where, [str(exc)]
                        continue
                    yield article, f"{where} ({article.id})", problems


@dataclass
class CorpusStats:
    """What the corpus README reports and issue 12 sets targets for."""

    articles: Counter = field(default_factory=Counter)  # per split
    mentions: Counter = field(default_factory=Counter)  # positive relation mentions per type
    negatives: int = 0
    styles: Counter = field(default_factory=Counter)
    writers: Counter = field(default_factory=Counter)
    years: Counter = field(default_factory=Counter)
    entity_labels: Counter = field(default_factory=Counter)
    cross_sentence: int = 0
    names: set[str] = field(default_factory=set)
    problems: int = 0

    def add(self, article: CorpusArticle, problems: list[str]) -> None:
        self.articles[article.split] += 1
        self.styles[article.style] += 1
        self.writers[article.writer] += 1
        self.years[(article.published or "?")[:4]] += 1
        self.problems += len(problems)
        self.names.update(article.labels)
        self.entity_labels.update(s.label for s in article.entity_spans)
        for rel in article.relations:
            if rel.negative:
                self.negatives += 1
                continue
            self.mentions[rel.type] += 1
            ev = article.text[rel.evidence_span[0]:rel.evidence_span[1]]
            if re.search(r"[.!?][\"')\]]?\s+[\"'(\[]?[A-Z0-9]", ev.strip()):
                self.cross_sentence += 1

    def report(self, known_names: set[str]) -> str:
        positives = sum(self.mentions.values())
        unknown = {n for n in self.names if _norm(n) not in known_names}
        share_neg = self.negatives / max(1, positives + self.negatives)
        lines = [
            f"articles: {sum(self.articles.values())} ({dict(self.articles)})",
            f"relation mentions: {positives} (two-sentence evidence: {self.cross_sentence})",
            f"hard negatives: {self.negatives} ({share_neg:.0%} of all annotated pairs)",
            "per type: " + ", ".join(f"{t} {self.mentions[t]}" for t in RELATION_TYPES),
            f"entity mentions: {dict(self.entity_labels)}",
            f"distinct entity names: {len(self.names)}, not in kg/data/entities: "
            f"{len(unknown)} ({len(unknown) / max(1, len(self.names)):.0%})",
            f"styles: {dict(self.styles.most_common())}",
            f"writers: {dict(self.writers.most_common())}",
            f"years: {dict(sorted(self.years.items()))}",
            f"annotations dropped: {self.problems}",
        ]
        return "\n".join(lines)


def _norm(name: str) -> str:
    return re.sub(r"[^\w]+", " ", name.casefold()).strip()


def known_entity_names(path: Path) -> set[str]:
    """Every name and alias in the shared entity list, normalised."""
    data = json.loads(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for ent in data.get("entities", []):
        names.add(_norm(ent.get("name", "")))
        names.update(_norm(a) for a in ent.get("aliases", []))
    return names


def main(argv: list[str]) -> int:
    """``python -m kg.corpus check FILE...`` prints problems, then the statistics."""
    if len(argv) < 2 or argv[0] not in {"check", "stats"}:
        print("usage: python -m kg.corpus check|stats FILE_OR_FOLDER...", file=sys.stderr)
        return 2
    stats = CorpusStats()
    for article, where, problems in read_corpus(Path(p) for p in argv[1:]):
        if argv[0] == "check":
            for problem in problems:
                print(f"{where}: {problem}")
        if article is not None:
            stats.add(article, problems)
        else:
            stats.problems += 1
    entities = ENTITY_DIR / "ai_industry.json"
    known = known_entity_names(entities) if entities.exists() else set()
    print(stats.report(known))
    return 1 if stats.problems and argv[0] == "check" else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
