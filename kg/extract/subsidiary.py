"""SUBSIDIARY_OF (child -> parent).

"X, a subsidiary of Y", "X is a unit of Y", "Y's subsidiary X", "X, wholly owned by Y",
"X's parent company Y", "Y-owned X". Partly owned is an investment, not a subsidiary.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.extract.base import Sentence, companies
from kg.records import Relation

UNIT_NOUNS = {"subsidiary", "subsidiaries", "unit", "division", "arm", "affiliate", "offshoot",
              "spinoff", "spin-off"}
PARENT_NOUNS = {"parent"}
TRIGGERS = UNIT_NOUNS | PARENT_NOUNS | {"owned"}
PARTIAL = {"partly", "partially", "part", "minority", "jointly", "co"}
CONF = 0.85


def extract(sent: Sentence) -> Iterator[Relation]:
    for tok in sent.span:
        word = tok.lower_
        if word in UNIT_NOUNS and tok.pos_ == "NOUN":
            parents = [m for m in [sent.owner(tok)] if m] + sent.objects(tok, {"of"},
                                                                         direct=False)
            children = []
            if tok.dep_ == "appos" or tok.dep_ == "attr":  # X, a unit of Y / X is a unit of Y
                children = sent.with_conjuncts(tok.head) if tok.dep_ == "appos" else [
                    m for c in tok.head.children if c.dep_ == "nsubj"
                    for m in sent.with_conjuncts(c)]
            children += [m for c in tok.children if c.dep_ in {"appos", "compound"}
                         for m in sent.with_conjuncts(c)]
            nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
            if nxt is not None and sent.mention(nxt) and nxt.dep_ in {"appos", "compound"}:
                children += sent.with_conjuncts(nxt)  # Y's subsidiary X
            yield from _pairs(sent, tok, children, parents, "subsidiary.unit")
        elif word in PARENT_NOUNS:
            company = tok.head if tok.dep_ == "compound" else tok
            child = sent.owner(company)
            parents = [m for c in company.children if c.dep_ == "appos"
                       for m in sent.with_conjuncts(c)]
            if company.dep_ == "attr":
                parents += [m for c in company.head.children if c.dep_ == "nsubj"
                            for m in sent.with_conjuncts(c)]
            yield from _pairs(sent, tok, [child] if child else [], parents, "subsidiary.parent")
        elif word == "owned" and not _partial(tok):
            if tok.i > 1 and tok.nbor(-1).text == "-":  # Y-owned X
                parent = sent.mention(tok.nbor(-2))
                if parent and tok.head.pos_ == "PROPN":
                    yield from _pairs(sent, tok, sent.with_conjuncts(tok.head), [parent],
                                      "subsidiary.owned")
            elif tok.dep_ == "acl" and any(c.lower_ in {"wholly", "fully"} for c in tok.children):
                yield from _pairs(sent, tok, sent.with_conjuncts(tok.head),
                                  sent.passive_agents(tok), "subsidiary.owned")


def _partial(tok: Token) -> bool:
    window = tok.doc[max(tok.i - 3, 0):tok.i]
    return any(t.lower_ in PARTIAL for t in window)


def _pairs(sent: Sentence, trigger: Token, children, parents, extractor: str
           ) -> Iterator[Relation]:
    for child in companies(children):
        for parent in companies(parents):
            rel = sent.relation("SUBSIDIARY_OF", child, parent, trigger, extractor, CONF,
                                "active")
            if rel:
                yield rel
