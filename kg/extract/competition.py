"""COMPETES_WITH (symmetric).

"X's competitors, including A, B, and C", "rivals A and B", "X's rivals include A and B",
"X, which competes with Y", "X competes with A, and with B", "A is a rival of X", "A and B
are competitors", "X rivals Y", "X's move to challenge Y", "Z founded X to compete with Y",
"X's rival Y" (also with "rival" read as an adjective), "X faces competition from A and B",
"X, whose rival Y ...".
The small model often tags "competes" as a noun; the word is a verb in business news, so
its arguments are read from the parse whatever its tag, with the name right before it as
the subject when the parse gives none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Token

from kg.extract import modality
from kg.extract.base import Sentence, companies
from kg.extract.entities import Mention
from kg.extract.slots import doers, earlier_company, listed, owner, tie_status, topic
from kg.records import Relation

NOUNS = {"competitor", "competitors", "rival", "rivals", "challenger", "challengers",
         "competition", "archrival", "archrivals", "peers"}
COMPETE = {"compete", "competes", "competed", "competing", "vie", "vies", "vied", "vying"}
VERBS = COMPETE | {"rival", "rivals", "rivaled", "rivalled", "challenge", "challenges",
                   "challenging"}
TRIGGERS = NOUNS | VERBS
# "X founded/launched Y to compete with Z": Y competes.
MAKE_VERBS = {"found", "founded", "launch", "launched", "create", "created", "form", "formed",
              "start", "started", "build", "built", "set", "spin", "spun"}
MAKE_PRODUCT_VERBS = {"build", "builds", "built", "make", "makes", "made", "sell", "sells",
                      "sold", "design", "designs", "designed", "develop", "develops",
                      "developed", "offer", "offers", "offered"}
FACE_VERBS = {"face", "faces", "faced", "facing", "meet", "meets", "met", "feel", "feels",
              "felt"}
INCLUDE = {"include", "includes", "included", "including"}
LEGAL = re.compile(r"\b(court|lawsuit|ruling|appeal|judge|legal|patent|regulat)", re.I)
OPPONENT_PREPS = {"with", "against"}
MARKET_PREPS = {"for", "on", "in"}  # what is competed for: "competes on price with Y"
CONF = 0.85


def extract(sent: Sentence) -> Iterator[Relation]:
    for tok in sent.span:
        word = tok.lower_
        if word in COMPETE or (word in VERBS and tok.pos_ == "VERB"):
            if word.startswith("challeng") and LEGAL.search(sent.text):
                continue
            yield from _verb(sent, tok)
        elif word in NOUNS and tok.pos_ in {"NOUN", "PROPN"}:
            yield from _noun(sent, tok)
        elif word in NOUNS and tok.dep_ == "amod" and sent.mention(tok.head):
            yield from _modifier(sent, tok)


def _verb(sent: Sentence, verb: Token) -> Iterator[Relation]:
    others = _opponents(sent, verb)
    if verb.lower_.startswith(("riv", "challeng")):
        others += [m for c in verb.children if c.dep_ == "dobj" for m in sent.with_conjuncts(c)]
    subjects = _doers(sent, verb)
    if not others and len(subjects) > 1:  # A and B compete
        yield from _all_pairs(sent, verb, subjects, "competition.verb")
    yield from _pairs(sent, verb, subjects, others, "competition.verb")


def _doers(sent: Sentence, verb: Token) -> list[Mention]:
    """Who competes: the thing founded to compete, the owner of a "move to challenge", the
    clause subject, or the name right before a mis-tagged "competes"."""
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if infinitive and verb.dep_ in {"advcl", "xcomp"} and verb.head.lower_ in MAKE_VERBS:
        made = [m for c in verb.head.children if c.dep_ == "dobj"
                for m in sent.with_conjuncts(c)]
        if made:
            return made
    if infinitive and verb.dep_ == "acl" and verb.head.pos_ == "NOUN":
        owner = sent.owner(verb.head)  # X's move to challenge Y
        if owner:
            return [owner]
    found = doers(sent, verb)
    product = verb.head
    if not found and verb.dep_ == "relcl" and product.pos_ == "NOUN" \
            and product.dep_ == "dobj" and product.head.lower_ in MAKE_PRODUCT_VERBS:
        found = doers(sent, product.head)  # X builds chips that compete with Y's
    if not found and verb.i > sent.span.start:
        before = sent.mention(verb.nbor(-1))
        if before is not None:
            found = [before]
    if not found and verb.dep_ in {"xcomp", "ccomp"} and any(  # help it compete
            c.dep_ in {"dobj", "nsubj"} and c.lower_ == "it" for c in verb.head.children
            if c.i < verb.i):
        found = [m for m in [earlier_company(sent, verb) or topic(sent)] if m]
    return found


def _opponents(sent: Sentence, verb: Token) -> list[Mention]:
    """Objects of "with"/"against" on the verb, also in "with A, and with B" and "with
    startups such as A as well as with B"."""
    found: list[Mention] = []
    preps = [c for c in verb.children if c.lower_ in OPPONENT_PREPS
             and c.dep_ in {"prep", "conj"}]
    preps += [c for p in verb.children if p.dep_ == "prep" and p.lower_ in MARKET_PREPS
              for o in p.children if o.dep_ == "pobj"  # competes for advertising with A
              for c in o.children if c.dep_ == "prep" and c.lower_ in OPPONENT_PREPS]
    while preps:
        prep = preps.pop(0)
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            named = companies(sent.with_conjuncts(pobj))
            if not named and pobj.pos_ in {"NOUN", "PROPN"}:  # Y's chips, Y's Sora
                named = [m for m in [sent.owner(pobj)] if m]
            if not named and pobj.pos_ == "NOUN":  # with models from Y
                named = sent.objects(pobj, {"from", "by"}, direct=False)
            found += [m for m in named if m not in found]
            preps += [c for c in pobj.children if c.lower_ in OPPONENT_PREPS
                      and c.dep_ == "prep"]
        preps += [c for c in prep.children if c.dep_ == "conj" and c.lower_ in OPPONENT_PREPS]
    return found


def _noun(sent: Sentence, noun: Token) -> Iterator[Relation]:
    possessor = owner(sent, noun)
    clause = next((a for a in noun.ancestors if a.dep_ == "relcl"), None)
    if possessor is None and clause is not None and any(
            c.lower_ == "whose" for c in noun.children):
        possessor = sent.mention(clause.head)  # X, whose rival Y ...
    anchors = [possessor] if possessor else sent.objects(noun, {"of", "to"}, direct=False)
    anchor = anchors[0] if anchors else None  # a rival of A and B: each is an anchor
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
    if noun.dep_ == "nsubj" and noun.head.lower_ in {"is", "are", "remains"}:  # X's rival is A
        members += [m for c in noun.head.children if c.dep_ == "attr"
                    for m in listed(sent, c)]
    if noun.dep_ == "nsubj" and noun.head.lower_ in INCLUDE:  # X's rivals include A and B
        members += [m for c in noun.head.children if c.dep_ == "dobj"
                    for m in listed(sent, c)]
    if noun.dep_ == "attr":  # A is X's rival / A and B are rivals
        subjects = [m for c in noun.head.children if c.dep_ == "nsubj"
                    for m in sent.with_conjuncts(c)]
        if anchor is None and len(subjects) > 1:
            yield from _all_pairs(sent, noun, subjects, "competition.noun")
        members += subjects
    if noun.dep_ == "appos":
        members += sent.with_conjuncts(noun.head)
    if anchor is None and noun.dep_ == "dobj" and noun.head.lower_ in FACE_VERBS:
        anchors = doers(sent, noun.head)  # X faces competition from A and B
        anchor = anchors[0] if anchors else None
        members += sent.objects(noun, {"from"}, direct=False)
    if anchor is not None:
        yield from _pairs(sent, noun, anchors, members, "competition.noun")


def _modifier(sent: Sentence, word: Token) -> Iterator[Relation]:
    """"X's rival Y" with "rival" read as an adjective of the name Y."""
    anchor = next((m for c in word.head.children if c.dep_ == "poss"
                   for m in [sent.mention(c)] if m), None)
    clause = next((a for a in word.head.ancestors if a.dep_ == "relcl"), None)
    if anchor is None and clause is not None and any(
            c.lower_ == "whose" for c in word.head.children):
        anchor = sent.mention(clause.head)  # X, whose rival Y ...
    if anchor is not None:
        yield from _pairs(sent, word, [anchor], sent.with_conjuncts(word.head),
                          "competition.noun")


def _pairs(sent: Sentence, trigger: Token, left, right, extractor: str) -> Iterator[Relation]:
    status = tie_status(sent, trigger, "COMPETES_WITH")
    if status is None and modality.status(trigger, "PARTNERS_WITH", "active", sent.span) in {
            "planned", "expected", "announced"}:
        status = "active"  # "will compete with Y", "would help it compete": rivals already
    for a in companies(left):
        for b in companies(right):
            rel = sent.relation("COMPETES_WITH", a, b, trigger, extractor, CONF, "active",
                                status=status)
            if rel:
                yield rel


def _all_pairs(sent: Sentence, trigger: Token, group, extractor: str) -> Iterator[Relation]:
    group = companies(group)
    for i, a in enumerate(group):
        yield from _pairs(sent, trigger, [a], group[i + 1:], extractor)
