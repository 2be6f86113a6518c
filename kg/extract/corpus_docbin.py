"""The annotated corpus (`kg.corpus`) as spaCy DocBins for `spacy train`, one per split.

Each article becomes one Doc, tokenised by a blank English pipeline and split into sentences
by the same sentencizer the trained pipeline runs, with its entity spans as ``doc.ents``
(label Company, Person, Exchange or Product; the canonical name as ``kb_id``) and the true
relation types of each pair of entities in ``user_data["kg_gold"]``. A pair is true for a type
when both entities sit in one sentence of a passage annotated with that relation between
their names (symmetric types both ways); every other pair of a sentence is a negative. Mentions
with one argument written as an anaphor ("the company", "she") pair the anaphor with the
other argument; other mentions whose arguments fall in different sentences are counted, not
trained on.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin
from spacy.util import filter_spans

from kg.corpus import CorpusArticle, read_corpus
from kg.extract.anaphors import anaphors
from kg.extract.relation_component import GOLD_KEY
from kg.schema import SYMMETRIC_TYPES


def blank_pipeline() -> spacy.Language:
    """The tokenizer and sentencizer the trained pipeline uses."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@dataclass
class Conversion:
    """What was converted: docs per split, and how many mentions the pair head can learn."""

    docs: Counter = field(default_factory=Counter)
    mentions: Counter = field(default_factory=Counter)  # "in_sentence" / "cross_sentence"
    dropped_spans: int = 0
    problems: list[str] = field(default_factory=list)


def article_doc(nlp: spacy.Language, article: CorpusArticle, stats: Conversion) -> Doc:
    """One article as a Doc with entities, sentences and the true pair types."""
    doc = nlp(article.text)
    spans = []
    for s in article.entity_spans:
        span = doc.char_span(s.start, s.end, label=s.label, kb_id=s.name,
                             alignment_mode="expand")
        if span is None:
            stats.dropped_spans += 1
        else:
            spans.append(span)
    doc.ents = filter_spans(spans)
    gold: dict[tuple[int, int, int, int], set[str]] = {}
    for rel in article.relations:
        if rel.negative:
            continue
        lo, hi = rel.evidence_span
        found = False
        for sent in doc.sents:
            if sent.end_char <= lo or sent.start_char >= hi:
                continue
            ents = [e for e in doc.ents if sent.start <= e.start and e.end <= sent.end]
            for a in ents:
                for b in ents:
                    forward = (a.kb_id_, b.kb_id_) == (rel.source, rel.target)
                    backward = (b.kb_id_, a.kb_id_) == (rel.source, rel.target)
                    if forward or (backward and rel.type in SYMMETRIC_TYPES):
                        gold.setdefault((a.start, a.end, b.start, b.end), set()).add(rel.type)
                        found = True
        if not found and _anaphor_pair(doc, rel, gold):
            stats.mentions["anaphor"] += 1
        else:
            stats.mentions["in_sentence" if found else "cross_sentence"] += 1
    doc.user_data[GOLD_KEY] = [[*key, sorted(types)] for key, types in gold.items()]
    return doc


def _anaphor_pair(doc: Doc, rel, gold: dict[tuple[int, int, int, int], set[str]]) -> bool:
    """Mark the pair of an argument and the anaphor standing for the other one, when both
    sit in one sentence and the anaphor is one the relation head looks at."""
    spans = [doc.char_span(*rel.source_span, alignment_mode="expand"),
             doc.char_span(*rel.target_span, alignment_mode="expand")]
    if None in spans or spans[0].sent.start != spans[1].sent.start:
        return False
    ents = {(e.start, e.end) for e in doc.ents}
    found = {(a.start, a.end) for a in anaphors(doc, spans[0].sent)}
    keys = [(s.start, s.end) for s in spans]
    kinds = [k in ents for k in keys], [k in found for k in keys]
    if not all(named or anaphor for named, anaphor in zip(*kinds, strict=True)) \
            or all(kinds[1]) or not any(kinds[1]):
        return False
    (s0, s1), (t0, t1) = keys
    gold.setdefault((s0, s1, t0, t1), set()).add(rel.type)
    if rel.type in SYMMETRIC_TYPES:
        gold.setdefault((t0, t1, s0, s1), set()).add(rel.type)
    return True


def convert(corpus: Iterable[Path], out_dir: Path, splits: Iterable[str] = ("train", "dev")
            ) -> Conversion:
    """Write ``<split>.spacy`` for each split asked for; returns what was converted."""
    nlp = blank_pipeline()
    wanted = set(splits)
    bins = {split: DocBin(store_user_data=True) for split in wanted}
    stats = Conversion()
    for article, where, problems in read_corpus(corpus):
        stats.problems += [f"{where}: {p}" for p in problems]
        if article is None or article.split not in wanted:
            continue
        bins[article.split].add(article_doc(nlp, article, stats))
        stats.docs[article.split] += 1
    out_dir.mkdir(parents=True, exist_ok=True)
    for split, docbin in bins.items():
        docbin.to_disk(out_dir / f"{split}.spacy")
    return stats
