"""COMPETES_WITH (symmetric).

"X's competitors, including A, B, and C", "rivals A and B", "X, which competes with Y",
"A is a rival of X", "A and B are competitors", "X rivals Y".
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.extract.base import Sentence, companies
from kg.records import Relation

NOUNS = {"competitor", "competitors", "rival", "rivals", "challenger", "challengers",
         "competition", "archrival", "archrivals", "peers"}
VERBS = {"compete", "competes", "competed", "competing", "rival", "rivals", "rivaled",
         "rivalled", "challenge", "challenges", "challenging"}
TRIGGERS = NOUNS | VERBS
CONF = 0.85


def extract(sent: Sentence) -> Iterator[Relation]:
    for tok in sent.span:
        if tok.lower_ in VERBS and tok.pos_ == "VERB":
            others = sent.objects(tok, {"with", "against"}, direct=tok.lower_.startswith("riv"))
            subjects = sent.subjects(tok)
            if not others and len(subjects) > 1:  # A and B compete
                yield from _all_pairs(sent, tok, subjects, "competition.verb")
            yield from _pairs(sent, tok, subjects, others, "competition.verb")
        elif tok.lower_ in NOUNS and tok.pos_ in {"NOUN", "PROPN"}:
            yield from _noun(sent, tok)


def _noun(sent: Sentence, noun: Token) -> Iterator[Relation]:
    anchor = sent.owner(noun) or next(iter(sent.objects(noun, {"of", "to"}, direct=False)),
                                      None)
    members = sent.objects(noun, {"including", "like", "such", "as"}, direct=False)
    for child in noun.children:
        if child.lower_ == "such":
            members += sent.objects(child, {"as"}, direct=False)
        if child.dep_ == "appos":
            members += sent.with_conjuncts(child)
    nxt = noun.nbor(1) if noun.i + 1 < len(noun.doc) else None
    if noun.lower_ in {"rival", "rivals", "competitor", "competitors"} and nxt is not None \
            and sent.mention(nxt) and nxt.head is not noun:
        members += sent.with_conjuncts(nxt.head if nxt.dep_ == "compound" else nxt)
    if noun.dep_ == "compound" and sent.mention(noun.head):  # rival Google
        members += sent.with_conjuncts(noun.head)
    if noun.dep_ == "attr":  # A is X's rival / A and B are rivals
        subjects = [m for c in noun.head.children if c.dep_ == "nsubj"
                    for m in sent.with_conjuncts(c)]
        if anchor is None and len(subjects) > 1:
            yield from _all_pairs(sent, noun, subjects, "competition.noun")
        members += subjects
    if noun.dep_ == "appos":
        members += sent.with_conjuncts(noun.head)
    if anchor is not None:
        yield from _pairs(sent, noun, [anchor], members, "competition.noun")


def _pairs(sent: Sentence, trigger: Token, left, right, extractor: str) -> Iterator[Relation]:
    for a in companies(left):
        for b in companies(right):
            rel = sent.relation("COMPETES_WITH", a, b, trigger, extractor, CONF, "active")
            if rel:
                yield rel


def _all_pairs(sent: Sentence, trigger: Token, group, extractor: str) -> Iterator[Relation]:
    group = companies(group)
    for i, a in enumerate(group):
        yield from _pairs(sent, trigger, [a], group[i + 1:], extractor)
