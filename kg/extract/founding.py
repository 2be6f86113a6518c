"""FOUNDED (founder -> company): "X founded Y in 2015", "Y, founded by X", "Y co-founder X",
"X, the founder of Y", "X co-founded Y with Z"."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.extract import modality, roles
from kg.extract.base import Sentence
from kg.records import Relation

VERBS = {"found", "founded", "co-founded", "cofounded", "establish", "established",
         "launched", "started", "set"}
TRIGGERS = VERBS | {"founder", "founders", "co-founder", "cofounder", "co-founders"}
CONF = 0.9


def extract(sent: Sentence) -> Iterator[Relation]:
    for link in roles.role_links(sent):
        if link.role in roles.FOUNDER_ROLES and link.org is not None:
            rel = sent.relation("FOUNDED", link.person, link.org, link.title, "founding.role",
                                CONF, "completed", sent.when([link.title]),
                                status="completed")
            if rel:
                yield rel
    for tok in sent.span:
        if tok.lower_ not in VERBS or tok.pos_ != "VERB":
            continue
        if tok.lower_ in {"launched", "started", "set"} and not _company_object(sent, tok):
            continue
        if tok.lower_ == "set" and not any(c.lower_ == "up" for c in tok.children):
            continue
        passive = [c for c in tok.children if c.dep_ == "nsubjpass"]
        if passive or tok.dep_ == "acl":  # Y was founded by X / Y, founded by X
            companies = sent.with_conjuncts(passive[0] if passive else tok.head)
            founders = sent.passive_agents(tok)
        else:
            founders = sent.subjects(tok) + sent.objects(tok, {"with"}, direct=False)
            companies = [m for c in tok.children if c.dep_ == "dobj"
                         for m in sent.with_conjuncts(c)]
        yield from _pairs(sent, tok, founders, companies)


def _company_object(sent: Sentence, verb: Token) -> bool:
    return any(c.dep_ == "dobj" and c.lower_ in {"company", "startup", "firm", "lab"}
               for c in verb.children)


def _pairs(sent: Sentence, verb: Token, founders, companies) -> Iterator[Relation]:
    props = sent.when(modality.chain(verb))
    for founder in founders:
        for company in companies:
            rel = sent.relation("FOUNDED", founder, company, verb, "founding.verb", CONF,
                                "completed", props)
            if rel:
                yield rel
