"""PARTNERS_WITH (symmetric).

"X partnered with Y", "X and Y teamed up", "X announced a partnership with Y", "a strategic
alliance between X and Y". A partnership noun between companies the article already ties by
another relation ("Meta's partnership with Scale AI" after Meta's stake) adds nothing: it is
a Hint that makes a PARTNERS_WITH edge only when no other tie exists.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.extract.base import Hint, Sentence, companies
from kg.records import Relation

VERBS = {"partner", "partners", "partnered", "partnering", "collaborate", "collaborates",
         "collaborated", "collaborating", "team", "teams", "teamed", "teaming", "ally",
         "allied", "join", "joined", "joins"}
NOUNS = {"partnership", "partnerships", "alliance", "collaboration", "venture", "tie-up",
         "pact"}
TRIGGERS = VERBS | NOUNS
CONF = 0.85


def extract(sent: Sentence) -> Iterator[Relation | Hint]:
    for tok in sent.span:
        word = tok.lower_
        if word in VERBS and tok.pos_ == "VERB":
            if word.startswith("join") and not any(c.lower_ == "forces" for c in tok.children):
                continue
            if word.startswith("team") and not any(c.lower_ == "up" for c in tok.children):
                continue
            subjects = sent.subjects(tok)
            others = sent.objects(tok, {"with"}, direct=False)
            if not others and len(subjects) > 1:
                others = subjects[1:]
                subjects = subjects[:1]
            yield from _pairs(sent, tok, subjects, others, "partnership.verb")
        elif word in NOUNS and tok.pos_ == "NOUN":
            if word == "venture" and not any(c.lower_ == "joint" for c in tok.children):
                continue
            yield from _noun(sent, tok)


def _noun(sent: Sentence, noun: Token) -> Iterator[Hint]:
    between = sent.objects(noun, {"between"}, direct=False)
    if len(between) > 1:
        left, right = between[:1], between[1:]
    else:
        left = [m for m in [sent.owner(noun)] if m] or (
            sent.subjects(noun.head) if noun.dep_ in {"dobj", "pobj", "attr"} else [])
        right = sent.objects(noun, {"with"}, direct=False)
    for rel in _pairs(sent, noun, left, right, "partnership.noun"):
        yield Hint(("CUSTOMER_OF", "PARTNERS_WITH", "INVESTS_IN", "ACQUIRES", "SUBSIDIARY_OF"),
                   rel.target, {"status": rel.properties["status"]}, source=rel.source,
                   creates=rel)


def _pairs(sent: Sentence, trigger: Token, left, right, extractor: str) -> Iterator[Relation]:
    for a in companies(left):
        for b in companies(right):
            rel = sent.relation("PARTNERS_WITH", a, b, trigger, extractor, CONF, "active")
            if rel:
                yield rel
