"""ACQUIRES (acquirer -> target), including failed, denied and cancelled deals.

"X acquired Y for $N", "X agreed to buy Y" (announced), "X's acquisition of Y", "Y was
acquired by X", "X called off its takeover of Y" (cancelled), "X denied a report that it
would acquire Y" (denied), "held early talks about acquiring Y ... no agreement" (in_talks).
Buying a stake or shares is an investment, not an acquisition (see investment).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.extract import modality
from kg.extract.base import Sentence, companies
from kg.records import Relation

VERBS = {"acquire", "acquires", "acquired", "acquiring", "buy", "buys", "bought", "buying",
         "purchase", "purchases", "purchased", "purchasing", "absorb", "absorbed"}
NOUNS = {"acquisition", "acquisitions", "takeover", "purchase", "buyout", "merger", "bid"}
TRIGGERS = VERBS | NOUNS
PART_WORDS = {"stake", "stakes", "shares", "share", "percent", "%", "interest", "equity",
              "assets", "chips", "gpus", "servers", "data", "licenses", "rights", "products",
              "compute", "capacity", "time", "ads", "stock", "bonds", "land", "building"}
CONF = 0.9


def extract(sent: Sentence) -> Iterator[Relation]:
    for tok in sent.span:
        word = tok.lower_
        if word in VERBS and tok.pos_ == "VERB":
            dobj = [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass"}]
            if not dobj or dobj[0].lower_ in PART_WORDS:
                continue
            if dobj[0].dep_ == "nsubjpass":
                acquirers, targets = sent.passive_agents(tok), sent.with_conjuncts(dobj[0])
            else:
                acquirers, targets = sent.subjects(tok), sent.with_conjuncts(dobj[0])
            yield from _pairs(sent, tok, acquirers, targets, "acquisition.verb")
        elif word in NOUNS and tok.pos_ == "NOUN":
            of = [p for c in tok.children if c.dep_ == "prep" and c.lower_ in {"of", "for"}
                  for p in c.children if p.dep_ == "pobj"]
            if not of or of[0].lower_ in PART_WORDS:
                continue
            if word == "merger" or word == "bid" and not _is_takeover_bid(tok):
                continue
            targets = sent.with_conjuncts(of[0])
            acquirers = [m for m in [sent.owner(tok)] if m] + sent.objects(tok, {"by"},
                                                                            direct=False)
            if not acquirers and tok.dep_ in {"dobj", "pobj", "nsubjpass", "attr"}:
                acquirers = sent.subjects(tok.head)
            yield from _pairs(sent, tok, acquirers, targets, "acquisition.noun")


def _is_takeover_bid(bid: Token) -> bool:
    return any(c.lower_ in {"takeover", "acquisition", "buyout"} for c in bid.children)


def _pairs(sent: Sentence, trigger: Token, acquirers, targets, extractor: str
           ) -> Iterator[Relation]:
    anchors = modality.chain(trigger)
    props = {**sent.money(anchors), **sent.when(anchors)}
    for acquirer in companies(acquirers):
        for target in companies(targets):
            rel = sent.relation("ACQUIRES", acquirer, target, trigger, extractor, CONF,
                                "completed", props)
            if rel:
                yield rel
