"""SUBSIDIARY_OF (child -> parent).

"X, a subsidiary of Y", "X is a unit of Y", "Y's subsidiary X", "X, wholly owned by Y",
"X's parent company Y", "Y-owned X", "Y and its dictionary unit X", "Y's venture fund X",
"Y also owns X and Z", "X is owned by Y", "newspapers owned by Y, including A and B", "X
operates as a subsidiary of Y", "Y owns about 90% of X", "X, the owner of A, B and C",
"Alphabet's Google" (a company possessed by a company; "X's rival Y" is not). Partly owned
("partly owned by", "40% owned by") is an investment, not a subsidiary.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.extract import values
from kg.extract.base import Sentence, companies
from kg.extract.entities import COMPANY_SUFFIXES, PRODUCTS, Mention
from kg.extract.slots import closing_comma, examples, patients
from kg.records import Relation

UNIT_NOUNS = {"subsidiary", "subsidiaries", "unit", "division", "arm", "affiliate", "offshoot",
              "spinoff", "spin-off"}
NAMED_UNIT_NOUNS = {"fund", "brand", "studio", "lab"}  # only with the name after: "its fund X"
PARENT_NOUNS = {"parent"}
OWNER_NOUNS = {"owner"}  # "X, the owner of A, B and C" (not "co-owner", "part-owner")
OWN_VERBS = {"own", "owns", "owned", "owning", "control", "controls", "controlled",
             "controlling"}
# "X owns Y": Y is a company, not a share of one.
PART_WORDS = {"stake", "stakes", "shares", "share", "%", "percent", "interest", "equity",
              "rights", "patents", "assets", "stock"}
# The possessive ("Alphabet's Google") is no trigger: it is in most sentences, and parsing
# them all would cost more than the sentences it alone finds.
TRIGGERS = UNIT_NOUNS | NAMED_UNIT_NOUNS | PARENT_NOUNS | OWNER_NOUNS | OWN_VERBS
PARTIAL = {"partly", "partially", "part", "minority", "jointly", "co"}
CONF = 0.85


def extract(sent: Sentence) -> Iterator[Relation]:
    for tok in sent.span:
        word = tok.lower_
        if word in NAMED_UNIT_NOUNS and tok.pos_ == "NOUN":
            yield from _named_unit(sent, tok)
        elif word in UNIT_NOUNS and tok.pos_ == "NOUN":
            parents = [m for m in [_owner(sent, tok)] if m] + sent.objects(tok, {"of"},
                                                                           direct=False)
            children = []
            if tok.dep_ == "pobj" and tok.head.lower_ == "as":  # X operates as a unit of Y
                children = sent.subjects(tok.head.head)
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
        elif word in OWNER_NOUNS and tok.pos_ == "NOUN" and not _partial(tok):
            yield from _owner_noun(sent, tok)
        elif word in OWN_VERBS and tok.pos_ == "VERB" and tok.dep_ not in {"acl", "amod"} \
                and not _partial(tok):
            owned = patients(sent, tok)
            if owned:  # X is owned by Y / X, which is owned by Y
                yield from _pairs(sent, tok, owned, sent.passive_agents(tok), "subsidiary.owned")
            else:
                yield from _owns(sent, tok)
        elif tok.dep_ == "case" and tok.head.dep_ == "poss":
            yield from _possessed(sent, tok.head)
        elif word == "owned" and not _partial(tok):
            if tok.i > 1 and tok.nbor(-1).text == "-":  # Y-owned X
                parent = sent.mention(tok.nbor(-2))
                if parent and tok.head.pos_ == "PROPN":
                    yield from _pairs(sent, tok, sent.with_conjuncts(tok.head), [parent],
                                      "subsidiary.owned")
            elif tok.dep_ == "acl" and any(c.lower_ in {"wholly", "fully"} for c in tok.children):
                yield from _pairs(sent, tok, sent.with_conjuncts(tok.head),
                                  sent.passive_agents(tok), "subsidiary.owned")
            elif tok.dep_ == "acl" and tok.head.pos_ == "NOUN":  # papers owned by Y, including A
                members = sent.with_conjuncts(tok.head) + examples(sent, tok.head)
                yield from _pairs(sent, tok, members, sent.passive_agents(tok),
                                  "subsidiary.owned")


def _owner(sent: Sentence, noun: Token) -> Mention | None:
    """The possessor of a unit noun; "its" in "Y and its unit X" is Y."""
    pronoun = any(c.dep_ == "poss" and c.lower_ in {"its", "their"} for c in noun.children)
    if pronoun and noun.dep_ == "conj":
        return sent.mention(noun.head)
    return sent.owner(noun)


def _owner_noun(sent: Sentence, noun: Token) -> Iterator[Relation]:
    """"X, the owner of A, B and C" / "X is the owner of A": the companies owned, also the
    names the parser hangs on the noun itself inside the apposition ("the owner of A, B and
    C," read with B and C as conjuncts or appositions of "owner")."""
    if noun.dep_ == "appos":
        parents = sent.with_conjuncts(noun.head)
    elif noun.dep_ == "attr":
        parents = [m for c in noun.head.children if c.dep_ == "nsubj"
                   for m in sent.with_conjuncts(c)]
    else:
        return
    preps = [c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"]
    preps += [c for p in preps for c in p.conjuncts if c.lower_ == "of"]  # of A and of B
    of = [p for c in preps for p in c.children if p.dep_ == "pobj"]
    if not of or not sent.mention(of[0]):
        return  # the owner of a stake / of the building
    children = []
    for name in of:  # "A, B and C" is often read as A with the apposition "B and C"
        for tok in (name, *[c for c in name.children if c.dep_ == "appos"]):
            children += [m for m in sent.with_conjuncts(tok) if m not in children]
    close = closing_comma(noun) if noun.dep_ == "appos" else -1
    children += [m for c in noun.children if c.dep_ in {"conj", "appos"} and c.i < close
                 for m in sent.with_conjuncts(c) if m not in children]
    yield from _pairs(sent, noun, children, parents, "subsidiary.owner")


def _named_unit(sent: Sentence, noun: Token) -> Iterator[Relation]:
    """"Y's venture fund X", "its research lab X": only with the unit's name right after."""
    parent = _owner(sent, noun)
    nxt = noun.nbor(1) if noun.i + 1 < len(noun.doc) else None
    child = sent.mention(nxt) if nxt is not None else None
    if parent is not None and child is not None and nxt.dep_ in {"appos", "compound", "dobj",
                                                                 "pobj", "nsubj", "conj"}:
        yield from _pairs(sent, noun, [child], [parent], "subsidiary.unit")


def _owns(sent: Sentence, verb: Token) -> Iterator[Relation]:
    """"Y also owns X and Z" (companies), "Y owns about 90% of X" (a majority)."""
    for dobj in (c for c in verb.children if c.dep_ == "dobj"):
        span = verb.doc[dobj.left_edge.i:dobj.i + 1].text
        pct = values.parse_percent(span)
        if pct is not None:
            if pct > 50:
                yield from _pairs(sent, verb, sent.objects(dobj, {"of"}, direct=False),
                                  sent.subjects(verb), "subsidiary.owns")
            continue
        if dobj.lower_ in PART_WORDS or values.QUALITATIVE_STAKE.search(span):
            continue
        yield from _pairs(sent, verb, sent.with_conjuncts(dobj), sent.subjects(verb),
                          "subsidiary.owns")


def _possessed(sent: Sentence, owner_tok: Token) -> Iterator[Relation]:
    """"Alphabet's Google", "Saudi Aramco's venture fund Prosperity7": a company name
    possessed by another company's name. The owner must be known as a company (listed,
    company-shaped or naming a unit): "Marta Okonkwo's Quorvex" is a person's, however the
    model labels the name."""
    parent = sent.mention(owner_tok)
    child_tok = owner_tok.head
    child = sent.mention(child_tok)
    if parent is None or child is None or child_tok.pos_ != "PROPN" \
            or child_tok.dep_ == "compound" or child.start <= owner_tok.i \
            or child.name in PRODUCTS:  # Amazon's Alexa is a product, not a company
        return
    between = {t.lower_ for t in owner_tok.doc[owner_tok.i + 1:child.start]} - {"'s", "'"}
    if between and not between & (UNIT_NOUNS | NAMED_UNIT_NOUNS):
        return  # "X's rival Y", "X's longtime partner Y": a tie, not a hold
    if parent.origin != "list" and parent.name.split()[-1].lower() not in COMPANY_SUFFIXES \
            and not between & (UNIT_NOUNS | NAMED_UNIT_NOUNS):  # X's venture fund Y
        return
    yield from _pairs(sent, owner_tok, [child], [parent], "subsidiary.possessive", conf=0.72)


def _described(noun: Token) -> bool:
    """A unit noun that describes a name ("X's parent, Y, said ..."): the tie is stated as
    a fact, whatever the modality of the clause it sits in."""
    phrase = noun.head if noun.dep_ == "compound" else noun
    return phrase.dep_ in {"appos", "poss", "nsubj", "nsubjpass"} or (
        phrase.dep_ == "compound" and phrase.head.pos_ == "PROPN") or any(
        c.dep_ == "poss" for c in noun.children)  # "a sale of its unit X" is still its unit


def _partial(tok: Token) -> bool:
    """"partly owned", "49% owned", "jointly owns": not a parent's whole hold."""
    window = tok.doc[max(tok.i - 3, 0):tok.i]
    pct = values.parse_percent(window.text)
    return any(t.lower_ in PARTIAL for t in window) or (pct is not None and pct <= 50)


def _pairs(sent: Sentence, trigger: Token, children, parents, extractor: str,
           conf: float = CONF) -> Iterator[Relation]:
    described = trigger.pos_ == "NOUN" and _described(trigger)
    for child in companies(children):
        for parent in companies(parents):
            rel = sent.relation("SUBSIDIARY_OF", child, parent, trigger, extractor, conf,
                                "active", status="active" if described else None)
            if rel:
                yield rel
