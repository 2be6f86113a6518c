"""PARTNERS_WITH (symmetric).

"X partnered with Y", "X and Y teamed up", "X announced a partnership with Y", "a strategic
alliance between X and Y", "X has research collaborations with A and B", "X ended its
collaboration agreement with Y", "X counts A and B among its partners", "X is a partner with
A and B in Z", "X is in talks with Y about a partnership" (in_talks), "X agreed to share
revenue with Y", "X has partnerships with A and with B". A partnership noun between
companies the article already ties by another relation ("Meta's partnership with Scale AI"
after Meta's stake) adds nothing: it is a Hint that makes a PARTNERS_WITH edge only when no
other tie exists. A partnership that is
signed, struck or announced is an event of its own and always an edge.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.extract.base import Hint, Sentence, companies
from kg.extract.entities import Mention
from kg.extract.slots import doers, owner, tie_status
from kg.records import Relation

VERBS = {"partner", "partners", "partnered", "partnering", "collaborate", "collaborates",
         "collaborated", "collaborating", "team", "teams", "teamed", "teaming", "ally",
         "allied", "join", "joined", "joins", "share", "shares", "shared", "sharing"}
SHARED = {"revenue", "revenues", "profits", "profit", "royalties"}
NOUNS = {"partnership", "partnerships", "alliance", "alliances", "collaboration",
         "collaborations", "venture", "ventures", "tie-up", "tie-ups", "pact", "pacts"}
PARTNER_NOUNS = {"partner", "partners"}
# Nouns that a partnership noun can modify: "a collaboration agreement with Y".
AGREEMENT_NOUNS = {"agreement", "agreements", "deal", "deals", "pact", "contract", "program",
                   "programme"}
MAKE_VERBS = {"sign", "signs", "signed", "signing", "strike", "strikes", "struck", "striking",
              "announce", "announces", "announced", "announcing", "form", "forms", "formed",
              "forge", "forges", "forged", "enter", "enters", "entered", "seal", "sealed",
              "launch", "launched", "establish", "established", "unveil", "unveiled"}
TALK_NOUNS = {"talks", "discussions", "negotiations"}
INCLUDE = {"include", "includes", "included"}
TRIGGERS = VERBS | NOUNS | PARTNER_NOUNS
CONF = 0.85


def extract(sent: Sentence) -> Iterator[Relation | Hint]:
    for tok in sent.span:
        word = tok.lower_
        if word in VERBS and tok.pos_ == "VERB":
            if word.startswith("join") and not any(c.lower_ == "forces" for c in tok.children):
                continue
            if word.startswith("team") and not any(c.lower_ == "up" for c in tok.children):
                continue
            if word.startswith("shar") and not any(c.dep_ == "dobj" and c.lower_ in SHARED
                                                   for c in tok.children):
                continue  # "share revenue with Y" is a partnership; "shares fell" is not
            subjects = doers(sent, tok)
            others = _with(sent, tok)
            if not others and len(subjects) > 1:
                others = subjects[1:]
                subjects = subjects[:1]
            yield from _pairs(sent, tok, subjects, others, "partnership.verb")
        elif word in NOUNS and tok.pos_ == "NOUN":
            if word == "venture" and not any(c.lower_ == "joint" for c in tok.children):
                continue
            yield from _noun(sent, tok)
        elif word == "partners" and tok.pos_ == "NOUN" and _misread_verb(sent, tok):
            yield from _pairs(sent, tok, [_misread_verb(sent, tok)], _with(sent, tok),
                              "partnership.verb")  # "X partners with Y" read as a noun
        elif word in PARTNER_NOUNS and tok.pos_ == "NOUN":
            yield from _partner_noun(sent, tok)


def _noun(sent: Sentence, noun: Token) -> Iterator[Relation | Hint]:
    phrase = noun.head if noun.dep_ == "compound" and noun.head.lower_ in AGREEMENT_NOUNS \
        else noun  # a collaboration agreement with Y
    between = sent.objects(phrase, {"between"}, direct=False)
    if len(between) > 1:
        left, right = between[:1], between[1:]
    else:
        left = [m for m in [sent.owner(phrase)] if m] or (
            doers(sent, phrase.head) if phrase.dep_ in {"dobj", "pobj", "attr"} else [])
        right = _with(sent, phrase)
        talks = phrase.head.head if phrase.dep_ == "pobj" and phrase.head.lower_ in {
            "about", "on", "over"} else None
        if not right and talks is not None and talks.lower_ in TALK_NOUNS:
            right = _with(sent, talks)  # talks with Y about a pact
            left = doers(sent, talks.head.head) if talks.dep_ == "pobj" else doers(
                sent, talks.head)
        if not right and len(left) > 1:  # A and B signed a partnership
            left, right = left[:1], left[1:]
    made = phrase.dep_ == "dobj" and phrase.head.lower_ in MAKE_VERBS
    for rel in _pairs(sent, noun, left, right, "partnership.noun"):
        if made:
            yield rel
            continue
        yield Hint(("CUSTOMER_OF", "PARTNERS_WITH", "INVESTS_IN", "ACQUIRES", "SUBSIDIARY_OF"),
                   rel.target, {"status": rel.properties["status"]}, source=rel.source,
                   creates=rel)


def _partner_noun(sent: Sentence, noun: Token) -> Iterator[Relation]:
    """"X counts A and B among its partners", "X's partners include A", "A is a partner of
    X", "A is a partner with B and C in Z" (all of them partners), "X's partner Y", "Y, a
    partner of X"."""
    anchor = owner(sent, noun)
    anchors = [anchor] if anchor else sent.objects(noun, {"of"}, direct=False)
    members = []
    if noun.dep_ == "pobj" and noun.head.lower_ == "among":
        members = [m for c in noun.head.head.children if c.dep_ == "dobj"
                   for m in sent.with_conjuncts(c)]
    elif noun.dep_ == "nsubj" and noun.head.lower_ in INCLUDE:
        members = [m for c in noun.head.children if c.dep_ == "dobj"
                   for m in sent.with_conjuncts(c)]
    elif noun.dep_ == "attr":
        members = [m for c in noun.head.children if c.dep_ == "nsubj"
                   for m in sent.with_conjuncts(c)]
        if not anchors:
            group = companies(members + _with(sent, noun))
            for i, a in enumerate(group):
                yield from _pairs(sent, noun, [a], group[i + 1:], "partnership.partner")
            return
    members += [m for c in noun.children if c.dep_ == "appos"  # X's partner Y
                for m in sent.with_conjuncts(c)]
    if noun.dep_ == "appos":  # Y, a longtime partner of X
        members += sent.with_conjuncts(noun.head)
    yield from _pairs(sent, noun, anchors, members, "partnership.partner")


def _misread_verb(sent: Sentence, noun: Token) -> Mention | None:
    """The name right before "partners with", when the parser made the verb a noun."""
    if noun.i == sent.span.start or not any(c.lower_ == "with" for c in noun.children):
        return None
    before = sent.mention(noun.nbor(-1))
    return before if before is not None and before.end == noun.i else None


def _with(sent: Sentence, token: Token) -> list[Mention]:
    """Objects of "with" on ``token``, also of a repeated "with" ("with A and with B")."""
    found = sent.objects(token, {"with"}, direct=False)
    found += [m for p in token.children if p.dep_ == "prep" and p.lower_ == "with"
              for c in p.conjuncts if c.lower_ == "with"
              for o in c.children if o.dep_ == "pobj" for m in sent.with_conjuncts(o)
              if m not in found]
    return found


def _pairs(sent: Sentence, trigger: Token, left, right, extractor: str) -> Iterator[Relation]:
    for a in companies(left):
        for b in companies(right):
            rel = sent.relation("PARTNERS_WITH", a, b, trigger, extractor, CONF, "active",
                                status=tie_status(sent, trigger, "PARTNERS_WITH"))
            if rel:
                yield rel
