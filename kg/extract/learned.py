"""The trained extractor: the shipped spaCy pipeline's entity pairs -> sourced Relations.

The pipeline (`kg train`, ``kg/models/relations``) finds the entities and scores every pair
in a sentence per type and direction. Here a pair becomes a Relation when its probability
reaches the type's threshold and the schema allows its labels; names are resolved within the
article (a short form to the full name it abbreviates, a possessive dropped, an alias of the
entity list to its canonical name) and the status is read from the sentence's cue words with
the rules' own modality table, so that "plans to", "denied" and "ended" mean the same for both
extractors.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from spacy.tokens import Doc, Span

from kg.extract import (
    modality,
    relation_component,  # noqa: F401 - registers the factory
)
from kg.extract.anaphors import anaphors, antecedent
from kg.extract.entities import entity_list
from kg.records import Article, Evidence, Relation
from kg.schema import RELATION_TYPES, SYMMETRIC_TYPES, SchemaError

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "relations"
EXTRACTOR = "model"
DEFAULT_THRESHOLD = 0.5
THRESHOLDS_FILE = "thresholds.json"
CALIBRATION_FILE = "calibration.json"
COMBINED_FILE = "combined.json"
_EVENT_DEFAULTS = {"INVESTS_IN": "completed", "ACQUIRES": "completed", "FOUNDED": "completed",
                   "MOVES_TO": "completed", "PLANS_IPO": "planned"}
_NEGATIONS = {"not", "n't", "never", "no"}
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


class LearnedModelMissing(RuntimeError):
    """The trained pipeline is not where the package keeps it."""


def model_dir() -> Path:
    """The trained pipeline to use: ``KG_RELATION_MODEL`` when set, else the shipped one."""
    return Path(os.environ.get("KG_RELATION_MODEL") or MODEL_DIR)


def load_pipeline(path: Path | None = None):
    """The trained pipeline (default `model_dir()`), loaded once per process."""
    return _load(path if path is not None else model_dir())


def load_thresholds(path: Path) -> dict[str, float]:
    """Per-type probability thresholds tuned on the dev split (``thresholds.json`` beside
    the pipeline, written by `kg.tuning`); empty when the model has none."""
    file = path / THRESHOLDS_FILE
    if not file.is_file():
        return {}
    return {str(k): float(v) for k, v in json.loads(file.read_text("utf-8")).items()}


def load_addition_cut(path: Path) -> float:
    """The probability a model relation needs to join the rules' (``combined.json`` beside the
    pipeline, written by `kg.tuning.tune_addition`); 0 when the model has none."""
    file = path / COMBINED_FILE
    if not file.is_file():
        return 0.0
    return float(json.loads(file.read_text("utf-8"))["add_at"])


@lru_cache(maxsize=4)
def load_calibration(path: Path) -> dict[str, list[tuple[float, float]]]:
    """Per extractor (rules, model, combined) the confidence map fitted on the dev split
    (``calibration.json`` beside the pipeline, written by `kg.tuning`); empty when none."""
    file = path / CALIBRATION_FILE
    if not file.is_file():
        return {}
    return {use: [(float(a), float(b)) for a, b in knots]
            for use, knots in json.loads(file.read_text("utf-8")).items()}


@lru_cache(maxsize=2)
def _load(path: Path):
    import spacy

    if not (path / "config.cfg").is_file():
        raise LearnedModelMissing(f"no trained relation model at {path}; train one with "
                                  "`kg train` (it ships with the package)")
    return spacy.load(path)


@dataclass
class _Names:
    """The article's entity names: short forms resolved to the full names they abbreviate."""

    full: dict[str, list[str]] = field(default_factory=dict)  # label -> names seen

    @classmethod
    def of(cls, doc: Doc) -> _Names:
        names = cls()
        for ent in doc.ents:
            names.full.setdefault(ent.label_, []).append(_clean(ent.text))
        return names

    def canonical(self, text: str, label: str) -> str:
        text = _clean(text)
        longer = [n for n in self.full.get(label, []) if n != text and (
            n.startswith(text + " ") or (label == "Person" and n.endswith(" " + text)))]
        if longer:
            text = max(longer, key=len)
        known = entity_list().by_alias.get(text)
        return known.name if known is not None and known.label == label else text


def _clean(text: str) -> str:
    text = _POSSESSIVE.sub("", text.strip())
    return text[4:] if text.startswith(("the ", "The ")) and len(text) > 4 else text


def status_of(sent: Span, lo: int, hi: int, rel_type: str) -> str | None:
    """Status from the cue words of the sentence (None: negated, no fact)."""
    words = [t.lower_ for t in sent]
    between = [t.lower_ for t in sent.doc[lo:hi]]
    if _NEGATIONS & set(between):
        return None
    cues = {modality.CUES[w] for w in words if w in modality.CUES}
    default = _EVENT_DEFAULTS.get(rel_type, "active")
    for status in modality.PRIORITY:
        if status in cues:
            fitted = modality.fit(status, rel_type)
            if fitted is not None:
                return fitted
    return default


@dataclass
class LearnedExtractor:
    """Relations of the trained pipeline, with per-type probability thresholds."""

    thresholds: dict[str, float] | None = None  # None: the model's tuned ones
    path: Path = field(default_factory=model_dir)

    def __post_init__(self) -> None:
        if self.thresholds is None:
            self.thresholds = load_thresholds(self.path)

    @property
    def nlp(self):
        return load_pipeline(self.path)

    def relations(self, article: Article, doc: Doc | None = None) -> list[Relation]:
        doc = doc if doc is not None else self.nlp(article.text)
        return list(self._relations(article, doc))

    def pipe(self, articles: Iterable[Article], batch_size: int = 16
             ) -> Iterator[tuple[Article, list[Relation]]]:
        """(article, its relations) in input order, the pipeline batching the texts."""
        stream = ((a.text, a) for a in articles)
        for doc, article in self.nlp.pipe(stream, as_tuples=True, batch_size=batch_size):
            yield article, list(self._relations(article, doc))

    def _relations(self, article: Article, doc: Doc) -> Iterator[Relation]:
        names = _Names.of(doc)
        best: dict[tuple[str, str, str], Relation] = {}
        args = _arguments(doc)
        for (s0, s1, t0, t1), probs in (doc._.kg_relations or {}).items():
            src, tgt = args.get((s0, s1)), args.get((t0, t1))
            if src is None or tgt is None:
                continue
            for rel_type, p in probs.items():
                if p < self.thresholds.get(rel_type, DEFAULT_THRESHOLD):
                    continue
                rel = self._relation(article, doc, rel_type, src, tgt, names, p)
                if rel is not None and (rel.key() not in best
                                        or rel.confidence > best[rel.key()].confidence):
                    best[rel.key()] = rel
        yield from best.values()

    def _relation(self, article: Article, doc: Doc, rel_type: str, src: _Arg, tgt: _Arg,
                  names: _Names, p: float) -> Relation | None:
        rt = RELATION_TYPES[rel_type]
        if src.label not in rt.source_labels or tgt.label not in rt.target_labels:
            return None
        source = names.canonical(src.name.text, src.label)
        target = names.canonical(tgt.name.text, tgt.label)
        if not source or not target or source == target:
            return None
        sent = src.span.sent
        a, b = sorted((src.span, tgt.span), key=lambda x: x.start)
        status = status_of(sent, a.end, b.start, rel_type)
        if status is None:
            return None
        if rel_type in SYMMETRIC_TYPES and target < source:
            source, target, src, tgt = target, source, tgt, src
        begin = min(sent.start_char, src.name.sent.start_char, tgt.name.sent.start_char)
        evidence = Evidence(article.id, doc.text[begin:sent.end_char], begin, sent.end_char,
                            EXTRACTOR, title=article.title, published=article.published,
                            url=article.url, outlet=article.outlet)
        try:
            return Relation(rel_type, source, target, src.label, tgt.label, evidence,
                            {"status": status}, round(p, 3))
        except SchemaError:
            return None


class _Arg(NamedTuple):
    """A scored argument: where it sits in the sentence, its label, the entity naming it
    (itself, or for an anaphor the name it stands for in the sentence before)."""

    span: Span
    label: str
    name: Span


def _arguments(doc: Doc) -> dict[tuple[int, int], _Arg]:
    """Token offsets -> argument, for the entities and the anaphors the head scored (a bare
    doc[a:b] has no label, so entities are looked up, not sliced)."""
    found = {(e.start, e.end): _Arg(e, e.label_, e) for e in doc.ents}
    for sent in doc.sents:
        for a in anaphors(doc, sent):
            ent = antecedent(doc, a)
            if ent is not None:
                found[(a.start, a.end)] = _Arg(doc[a.start:a.end], a.label, ent)
    return found
