"""PLANS_IPO (company -> exchange).

"MiniMax and Zhipu AI are reportedly preparing to go public on the Hong Kong Stock Exchange
as early as January next year", "X filed for an IPO on Nasdaq", "X plans to list its shares
in Hong Kong", "X withdrew its IPO application" (withdrawn). The exchange is a named one, or
the main exchange of a city that is named ("list in Hong Kong").
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.extract import modality
from kg.extract.base import Sentence, companies
from kg.extract.entities import Mention
from kg.records import Relation
from kg.schema import EXCHANGE

NOUNS = {"ipo", "ipos", "listing", "offering", "debut", "flotation"}
VERBS = {"list", "lists", "listed", "listing", "float", "floated", "debut", "debuted",
         "debuts", "go", "going", "went", "goes"}
TRIGGERS = NOUNS | VERBS | {"public"}
CITY_EXCHANGES = {"Hong Kong": "Hong Kong Stock Exchange", "Shanghai": "Shanghai Stock Exchange",
                  "Shenzhen": "Shenzhen Stock Exchange", "London": "London Stock Exchange",
                  "Tokyo": "Tokyo Stock Exchange"}
DONE = {"listed", "debuted", "went", "floated"}
CONF = 0.88


def extract(sent: Sentence) -> Iterator[Relation]:
    exchange = _exchange(sent)
    if exchange is None:
        return
    for tok in sent.span:
        word = tok.lower_
        if word in VERBS and tok.pos_ in {"VERB", "AUX"}:
            if word.startswith(("go", "went")) and not any(
                    c.lower_ == "public" for c in tok.children):
                continue
            yield from _pairs(sent, tok, sent.subjects(tok), exchange, "ipo.verb")
        elif word in NOUNS and tok.pos_ in {"NOUN", "PROPN"}:
            if word == "offering" and not any(c.lower_ == "public" for c in tok.children):
                continue
            owners = [m for m in [sent.owner(tok)] if m] + sent.objects(tok, {"of", "by"},
                                                                        direct=False)
            if not owners and tok.dep_ in {"dobj", "pobj", "nsubjpass"}:
                owners = sent.subjects(tok.head)
            yield from _pairs(sent, tok, owners, exchange, "ipo.noun")


def _exchange(sent: Sentence) -> Mention | str | None:
    for m in sent.own_mentions():
        if m.label == EXCHANGE:
            return m
    for ent in sent.span.ents:
        if ent.label_ == "GPE" and ent.text in CITY_EXCHANGES:
            return CITY_EXCHANGES[ent.text]
    return None


def _pairs(sent: Sentence, trigger: Token, owners, exchange, extractor: str
           ) -> Iterator[Relation]:
    anchors = modality.chain(trigger)
    props = {**sent.money(anchors), **sent.when(anchors)}
    target = exchange if isinstance(exchange, Mention) else Mention(
        0, 0, exchange, EXCHANGE, "pattern")
    for company in companies(owners):
        default = "completed" if trigger.lower_ in DONE else "planned"
        rel = sent.relation("PLANS_IPO", company, target, trigger, extractor, CONF,
                            default, props)
        if rel:
            yield rel
