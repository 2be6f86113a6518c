"""Anaphors the relation head can pair across a sentence boundary: "it", "the company", "she".

A relation is often stated with one argument named in the sentence before ("Halcyon led a
round in Norvik Labs. The company also named Dana Whitlow its CFO."). The relation head
scores the anaphor like an entity span (flagged as an anaphor), and the extractor puts back
the name it stands for: the first entity of that kind in the closest sentence before that
names one. The word list is the corpus's own (`kg.corpus.ANAPHORS`), so what writers may
annotate and what the model can find are the same.
"""

from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Doc, Span

from kg.corpus import ANAPHORS

PERSON_WORDS = frozenset({"he", "she", "his", "her", "the executive"})
_BY_LENGTH = {n: {a for a in ANAPHORS if len(a.split()) == n} for n in (1, 2)}


class Anaphor(NamedTuple):
    """An anaphor's token span and the label of what it can stand for."""

    start: int
    end: int
    label: str  # Company or Person


def anaphors(doc: Doc, sent: Span) -> list[Anaphor]:
    """The anaphors of one sentence that overlap no entity and that no entity of their kind
    precedes in the sentence ("Norvik said it would..." is about Norvik, named right there)."""
    ents = [e for e in doc.ents if sent.start <= e.start and e.end <= sent.end]
    taken = {i for e in ents for i in range(e.start, e.end)}
    found: list[Anaphor] = []
    i = sent.start
    while i < sent.end:
        for n in (2, 1):
            words = " ".join(t.lower_ for t in doc[i:i + n])
            if i + n > sent.end or words not in _BY_LENGTH[n] or taken & set(range(i, i + n)):
                continue
            label = "Person" if words in PERSON_WORDS else "Company"
            if not any(e.label_ == label and e.start < i for e in ents):
                found.append(Anaphor(i, i + n, label))
            i += n - 1
            break
        i += 1
    return found


def antecedent(doc: Doc, anaphor: Anaphor) -> Span | None:
    """The entity an anaphor stands for: the first of its label in the closest earlier
    sentence that has one (the subject of the sentence before, as a rule)."""
    sent = doc[anaphor.start].sent
    for earlier in _sentences_before(doc, sent):
        for ent in earlier.ents:
            if ent.label_ == anaphor.label:
                return ent
    return None


def _sentences_before(doc: Doc, sent: Span, limit: int = 2) -> list[Span]:
    before = [s for s in doc.sents if s.end <= sent.start]
    return list(reversed(before[-limit:]))
