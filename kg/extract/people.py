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
from kg.extract.base import RELATIVE_PRONOUNS, Sentence, people
from kg.extract.entities import Mention
from kg.records import Relation
from kg.schema import COMPANY

JOIN_VERBS = {"join", "joins", "joined", "joining", "rejoin", "rejoined", "rejoins"}
BECOME_VERBS = {"become", "becomes", "became", "becoming", "assume", "assumes", "assumed",
                "assuming", "take", "takes", "took", "taken", "taking", "move", "moves", "moved",
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
    found: list[Relation] = []
    for tok in sent.span:
        if tok.pos_ != "VERB":
            continue
        word = tok.lower_
        if word in JOIN_VERBS:
            orgs = [m for c in tok.children if c.dep_ == "dobj"
                    for m in sent.with_conjuncts(c)]
            persons = sent.subjects(tok)
            if not orgs and not any(c.dep_ == "dobj" for c in tok.children):
                orgs = _current_orgs(persons, links)  # "Y's CEO, X, joined in 2022 from Z"
            found += _moves(sent, tok, persons, orgs, _role_as(sent, tok), links)
        elif word in BECOME_VERBS:
            found += _become(sent, tok, links)
        elif word in HIRE_VERBS:
            found += _hire(sent, tok, links)
    # Someone who moved has left the roles the same sentence gives them elsewhere.
    moved = {(r.source, r.target) for r in found
             if r.type == "MOVES_TO" and r.properties["status"] == "completed"}
    yield from found
    # "X, Y's counsel, will become interim CEO": the new role is the fact about X at Y
    starting = {(r.source, r.target) for r in found if r.type == "HOLDS_ROLE"}
    for link in links:
        if link.org is None or link.role in roles.FOUNDER_ROLES \
                or (link.person.name, link.org.name) in starting:
            continue
        left = any(p == link.person.name and o != link.org.name for p, o in moved)
        rel = sent.relation("HOLDS_ROLE", link.person, link.org, link.title, "people.role",
                            ROLE_CONF, "active", {"role": link.role},
                            status="former" if link.former or left else "active")
        if rel:
            yield rel


def _become(sent: Sentence, verb: Token, links) -> Iterator[Relation]:
    """"to become CRO at Z", "assume a senior role in Z's AI division", "move to Z"; "becomes
    Z's interim CEO" / "takes over as Z's CEO" start a role, and are a move only when the
    person is also named in another current role or leaves one."""
    orgs: list[Mention] = []
    role = None
    titles: list[Token] = []
    for child in verb.children:
        if child.dep_ in {"attr", "dobj", "oprd"}:
            if roles.is_title(child):
                role = roles.role_name(sent, child)
                titles.append(child)
            if child.lower_ in roles.ROLE_HEADS | {"role", "position", "job", "post", "seat"}:
                orgs += [m for m in [roles.title_org(sent, child)] if m]
        if child.dep_ == "prep" and child.lower_ in {"to", "at", "for"} and verb.lower_ not in {
                "become", "becomes", "became", "becoming"}:
            orgs += sent.objects(verb, {child.lower_}, direct=False)
        if child.dep_ == "prep" and child.lower_ == "as" and _over(verb):
            titles += [p for p in child.children if roles.is_title(p)]
            orgs += [m for p in titles for m in [roles.title_org(sent, p)] if m]
            role = role or _role_as(sent, verb)
    if verb.lower_.startswith(("leav", "left", "depart")):
        orgs = sent.objects(verb, {"for"}, direct=False)  # left Y for Z
        titles = []
    persons = sent.subjects(verb)
    if titles and not orgs and verb.lower_.startswith("bec"):  # "will become interim CEO"
        orgs = _current_orgs(persons, links)
    if titles and orgs and _left_org(sent, verb) is None:
        starts = _starts_role(sent, verb, persons, orgs, titles, links)
        if starts is not None:
            yield from starts
            return
    yield from _moves(sent, verb, persons, orgs, role, links)


def _current_orgs(persons, links) -> list[Mention]:
    """Organisations where the sentence says these people hold a title now."""
    names = {p.name for p in people(persons)}
    return [lk.org for lk in links if lk.person.name in names and lk.org is not None
            and not lk.former and lk.role not in roles.FOUNDER_ROLES]


def _over(verb: Token) -> bool:
    return verb.lower_.startswith("t") and any(
        c.dep_ == "prt" and c.lower_ == "over" for c in verb.children)  # takes over as


def _starts_role(sent: Sentence, verb: Token, persons, orgs, titles, links
                 ) -> list[Relation] | None:
    """HOLDS_ROLE for "X becomes Y's CEO", unless X holds a current role elsewhere in the
    sentence (then it is a move: None)."""
    found = []
    for person in people(persons):
        if any(lk.person.name == person.name and lk.org and lk.org.name not in
               {o.name for o in orgs} and not lk.former
               and lk.role not in roles.FOUNDER_ROLES for lk in links):
            return None
        for org in orgs:
            role = roles.role_name(sent, titles[0])
            rel = sent.relation("HOLDS_ROLE", person, org, verb, "people.role", ROLE_CONF,
                                "active", {"role": role})
            if rel:
                found.append(rel)
    return found


def _hire(sent: Sentence, verb: Token, links) -> Iterator[Relation]:
    passive = [c for c in verb.children if c.dep_ == "nsubjpass"]
    if passive:  # X was named CEO of Z / X was hired by Z / X, who was hired by Z
        subject = passive[0]
        if subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            subject = verb.head
            if sent.mention(subject) is None and subject.dep_ == "appos":
                subject = subject.head  # "X, the former CEO of Y, who was hired by Z"
        persons = sent.with_conjuncts(subject)
        orgs = sent.passive_agents(verb)
    else:
        persons = [m for c in verb.children if c.dep_ == "dobj" for m in sent.with_conjuncts(c)]
        orgs = sent.subjects(verb)
    role = _role_as(sent, verb)
    for child in verb.children:
        if child.dep_ in {"oprd", "attr", "xcomp", "dobj"} and roles.is_title(child):
            role = roles.role_name(sent, child)
            orgs += [m for m in [roles.title_org(sent, child)] if m]
    yield from _moves(sent, verb, persons, orgs, role, links, promotion=True)


def _role_as(sent: Sentence, verb: Token) -> str | None:
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "as":
            for pobj in child.children:
                if roles.is_title(pobj):
                    return roles.role_name(sent, pobj)
        if child.dep_ == "xcomp":  # to join Z to become CRO
            for grand in child.children:
                if grand.dep_ == "attr" and roles.is_title(grand):
                    return roles.role_name(sent, grand)
    return None


def _companions(sent: Sentence, verb: Token) -> list[Mention]:
    """People who move with the subject: "X is returning to Z along with Y"."""
    found = []
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in {
            "along", "together"}):
        found += [m for w in prep.children if w.lower_ == "with"
                  for p in w.children if p.dep_ == "pobj" for m in sent.with_conjuncts(p)]
    found += [m for w in verb.children if w.dep_ == "prep" and w.lower_ == "with"
              and any(a.lower_ in {"along", "together"} for a in w.children)
              for p in w.children if p.dep_ == "pobj" for m in sent.with_conjuncts(p)]
    return found


def _moves(sent: Sentence, verb: Token, persons, orgs, role, links, promotion: bool = False
           ) -> Iterator[Relation]:
    persons = [*persons, *(m for m in _companions(sent, verb) if m not in persons)]
    for person in people(persons):
        for org in orgs:
            if org.label != COMPANY:
                continue
            if promotion and _promoted(person, org, verb, links):  # "Y named X, its CFO,
                # as CEO": a new role, no move
                rel = sent.relation("HOLDS_ROLE", person, org, verb, "people.role",
                                    ROLE_CONF, "active", {"role": role})
                if rel and role:
                    yield rel
                continue
            before = next((lk for lk in links if lk.person.name == person.name and lk.org
                           and lk.org.name != org.name and lk.role not in roles.FOUNDER_ROLES),
                          None)
            left = _left_org(sent, verb) or next(  # "joined Z in 2021 from Y"
                (m for m in sent.objects(verb, {"from"}, direct=False) if m.name != org.name
                 and (m.label == COMPANY or (m.origin == "ner" and m.end - m.start == 1))),
                None)  # a lone name one leaves from is an organisation, whatever the NER says
            props = {"role": role,
                     "from_org": before.org.name if before else (left.name if left else None),
                     "from_role": before.role if before else None}
            rel = sent.relation("MOVES_TO", person, org, verb, "people.move", MOVE_CONF,
                                "planned" if _progressive(verb) else "completed", props)
            if rel:
                yield rel


def _promoted(person: Mention, org: Mention, verb: Token, links) -> bool:
    """Does the sentence give the hired person a current title at the hiring company
    besides the one the verb confers ("named X, its CFO, as CEO")?"""
    conferred = {c.i for c in verb.children if c.dep_ in {"oprd", "attr", "xcomp", "dobj"}}
    conferred |= {p.i for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"
                  for p in c.children}
    return any(lk.person.name == person.name and lk.org is not None
               and lk.org.name == org.name and not lk.former and lk.title.i not in conferred
               and lk.role not in roles.FOUNDER_ROLES for lk in links)


def _progressive(verb: Token) -> bool:
    """"X is returning to Z" / "is joining Z" / "is leaving to become CEO of Z": a move
    announced, not yet made."""
    if verb.dep_ in {"xcomp", "advcl"} and verb.head != verb and _progressive(verb.head):
        return True
    return verb.tag_ == "VBG" and any(c.dep_ == "aux" and c.lower_ in {"is", "are", "'s"}
                                      for c in verb.children)


def _left_org(sent: Sentence, verb: Token) -> Mention | None:
    """"leave Y to join Z", "left Y for Z": the organisation being left."""
    for tok in [verb.head, *verb.children, *(c for c in verb.head.children)]:
        if tok.lower_.startswith(("leav", "left", "depart", "quit", "exit")):
            for child in tok.children:
                m = sent.mention(child) if child.dep_ == "dobj" else None
                if m and m.label == COMPANY:
                    return m
    return None
