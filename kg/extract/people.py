"""HOLDS_ROLE and MOVES_TO (person -> company).

Roles: "X, CEO of Y", "Y's CEO, X", "OpenAI CEO Sam Altman", "former GitHub chief executive
Nat Friedman" (former). Moves: "X, CEO of Y, is set to leave to become CRO at Z" (planned,
from_org Y, from_role CEO), "Y's CEO, X, is expected to join Z" (expected), "Z hired X as
CTO", "X was named CFO of Z", "X joined Z".
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.extract import roles
from kg.extract.base import Sentence, people
from kg.extract.entities import Mention
from kg.records import Relation
from kg.schema import COMPANY

JOIN_VERBS = {"join", "joins", "joined", "joining", "rejoin", "rejoined", "rejoins"}
BECOME_VERBS = {"become", "becomes", "became", "becoming", "assume", "assumes", "assumed",
                "assuming", "take", "takes", "took", "taking", "move", "moves", "moved",
                "moving", "head", "heads", "headed", "defect", "defected", "defects",
                "leave", "leaves", "left", "leaving", "depart", "departs", "departed",
                "return", "returns", "returned", "returning"}
HIRE_VERBS = {"hire", "hires", "hired", "hiring", "appoint", "appoints", "appointed",
              "appointing", "name", "names", "named", "naming", "tap", "taps", "tapped",
              "poach", "poached", "poaches", "recruit", "recruited", "recruits", "promote",
              "promoted", "elevate", "elevated"}
TRIGGERS = JOIN_VERBS | BECOME_VERBS | HIRE_VERBS | roles.ROLE_HEADS
ROLE_CONF = 0.9
MOVE_CONF = 0.87


def extract(sent: Sentence) -> Iterator[Relation]:
    links = list(roles.role_links(sent))
    for link in links:
        if link.org is None or link.role in roles.FOUNDER_ROLES:
            continue
        rel = sent.relation("HOLDS_ROLE", link.person, link.org, link.title, "people.role",
                            ROLE_CONF, "active", {"role": link.role},
                            status="former" if link.former else "active")
        if rel:
            yield rel
    for tok in sent.span:
        if tok.pos_ != "VERB":
            continue
        word = tok.lower_
        if word in JOIN_VERBS:
            orgs = [m for c in tok.children if c.dep_ == "dobj"
                    for m in sent.with_conjuncts(c)]
            yield from _moves(sent, tok, sent.subjects(tok), orgs, _role_as(sent, tok), links)
        elif word in BECOME_VERBS:
            yield from _become(sent, tok, links)
        elif word in HIRE_VERBS:
            yield from _hire(sent, tok, links)


def _become(sent: Sentence, verb: Token, links) -> Iterator[Relation]:
    """"to become CRO at Z", "assume a senior role in Z's AI division", "move to Z"."""
    orgs: list[Mention] = []
    role = None
    for child in verb.children:
        if child.dep_ in {"attr", "dobj", "oprd"}:
            if roles.is_title(child):
                role = roles.normalise_role(roles.role_phrase(child))
            if child.lower_ in roles.ROLE_HEADS | {"role", "position", "job", "post", "seat"}:
                orgs += [m for m in [roles.title_org(sent, child)] if m]
        if child.dep_ == "prep" and child.lower_ in {"to", "at", "for"} and verb.lower_ not in {
                "become", "becomes", "became", "becoming"}:
            orgs += sent.objects(verb, {child.lower_}, direct=False)
    if verb.lower_.startswith(("leav", "left", "depart")):
        orgs = sent.objects(verb, {"for"}, direct=False)  # left Y for Z
    yield from _moves(sent, verb, sent.subjects(verb), orgs, role, links)


def _hire(sent: Sentence, verb: Token, links) -> Iterator[Relation]:
    passive = [c for c in verb.children if c.dep_ == "nsubjpass"]
    if passive:  # X was named CEO of Z / X was hired by Z
        persons = sent.with_conjuncts(passive[0])
        orgs = sent.passive_agents(verb)
    else:
        persons = [m for c in verb.children if c.dep_ == "dobj" for m in sent.with_conjuncts(c)]
        orgs = sent.subjects(verb)
    role = _role_as(sent, verb)
    for child in verb.children:
        if child.dep_ in {"oprd", "attr", "xcomp", "dobj"} and roles.is_title(child):
            role = roles.normalise_role(roles.role_phrase(child))
            orgs += [m for m in [roles.title_org(sent, child)] if m]
    yield from _moves(sent, verb, persons, orgs, role, links)


def _role_as(sent: Sentence, verb: Token) -> str | None:
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "as":
            for pobj in child.children:
                if roles.is_title(pobj):
                    return roles.normalise_role(roles.role_phrase(pobj))
        if child.dep_ == "xcomp":  # to join Z to become CRO
            for grand in child.children:
                if grand.dep_ == "attr" and roles.is_title(grand):
                    return roles.normalise_role(roles.role_phrase(grand))
    return None


def _moves(sent: Sentence, verb: Token, persons, orgs, role, links) -> Iterator[Relation]:
    for person in people(persons):
        for org in orgs:
            if org.label != COMPANY:
                continue
            before = next((lk for lk in links if lk.person.name == person.name and lk.org
                           and lk.org.name != org.name and lk.role not in roles.FOUNDER_ROLES),
                          None)
            left = _left_org(sent, verb)
            props = {"role": role,
                     "from_org": before.org.name if before else (left.name if left else None),
                     "from_role": before.role if before else None}
            rel = sent.relation("MOVES_TO", person, org, verb, "people.move", MOVE_CONF,
                                "completed", props)
            if rel:
                yield rel


def _left_org(sent: Sentence, verb: Token) -> Mention | None:
    """"leave Y to join Z", "left Y for Z": the organisation being left."""
    for tok in [verb.head, *verb.children, *(c for c in verb.head.children)]:
        if tok.lower_.startswith(("leav", "left", "depart", "quit", "exit")):
            for child in tok.children:
                m = sent.mention(child) if child.dep_ == "dobj" else None
                if m and m.label == COMPANY:
                    return m
    return None
