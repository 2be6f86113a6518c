"""CUSTOMER_OF (customer -> supplier).

"X allocated $200 million for Y's services", "X signed a contract to supply computing power
to Y" (Y is the customer), "Y is X's largest customer", "X's customers include A and B",
"A, B and C are reconsidering or suspending contracts with Y" (paused). "X plans to end its
relationship with Y" says how an existing tie ends: a Hint, merged into the article's
customer or partner relation between X and Y, never an edge on its own.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.extract import modality
from kg.extract.base import Hint, Sentence, companies
from kg.records import Relation

SUPPLY_VERBS = {"supply", "supplies", "supplied", "supplying", "provide", "provides",
                "provided", "providing", "sell", "sells", "sold", "selling", "deliver",
                "delivers", "delivered", "license", "licenses", "licensed", "licensing"}
SPEND_VERBS = {"allocate", "allocates", "allocated", "allocating", "spend", "spends", "spent",
               "spending", "pay", "pays", "paid", "paying", "commit", "commits", "committed",
               "budgeted", "earmarked"}
USE_VERBS = {"use", "uses", "used", "using", "rely", "relies", "relied", "relying", "tap",
             "tapped", "taps", "hire", "hired", "hires", "rent", "rents", "rented", "renting",
             "lease", "leases", "leased", "buys", "bought", "buy", "buying", "purchase",
             "purchased", "purchases", "adopt", "adopted", "adopts", "deploy", "deployed",
             "deploys", "choose", "chose", "chosen", "select", "selected", "outsource",
             "outsourced"}
CUSTOMER_NOUNS = {"customer", "customers", "client", "clients", "buyer", "buyers"}
CONTRACT_NOUNS = {"contract", "contracts"}
TIE_NOUNS = {"relationship", "relationships", "ties", "engagement", "engagements",
             "dealings", "work", "business"}
TRIGGERS = SUPPLY_VERBS | SPEND_VERBS | USE_VERBS | CUSTOMER_NOUNS | CONTRACT_NOUNS | TIE_NOUNS
CONF = 0.85


def extract(sent: Sentence) -> Iterator[Relation | Hint]:
    for tok in sent.span:
        word = tok.lower_
        if word in SUPPLY_VERBS and tok.pos_ == "VERB":
            customers = sent.objects(tok, {"to", "for"}, direct=False)
            if not customers:
                customers = [m for c in tok.children if c.dep_ == "dobj"
                             for m in sent.with_conjuncts(c)
                             if any(p.lower_ == "with" for p in c.head.children)]
            yield from _pairs(sent, tok, customers, sent.subjects(tok), "customer.supply")
        elif word in SPEND_VERBS and tok.pos_ == "VERB":
            suppliers = sent.objects(tok, {"for", "on", "to"}, direct=False)
            yield from _pairs(sent, tok, sent.subjects(tok), suppliers, "customer.spend")
        elif word in USE_VERBS and tok.pos_ == "VERB":
            suppliers = [m for c in tok.children if c.dep_ == "dobj"
                         for m in sent.with_conjuncts(c) if c.lower_ in _OFFERING_HEADS]
            suppliers += sent.objects(tok, {"on"}, direct=False) if word.startswith("rel") \
                else []
            yield from _pairs(sent, tok, sent.subjects(tok), suppliers, "customer.use",
                              conf=0.75)
        elif word in CUSTOMER_NOUNS and tok.pos_ == "NOUN":
            yield from _customer_noun(sent, tok)
        elif word in CONTRACT_NOUNS | TIE_NOUNS and tok.pos_ == "NOUN":
            yield from _tie(sent, tok, creates=word in CONTRACT_NOUNS)


_OFFERING_HEADS = {"services", "service", "platform", "chips", "gpus", "models", "cloud",
                   "software", "technology", "tools", "infrastructure", "servers", "data"}


def _pairs(sent: Sentence, trigger: Token, customers, suppliers, extractor: str,
           conf: float = CONF) -> Iterator[Relation]:
    anchors = modality.chain(trigger)
    props = {**sent.money(anchors), **sent.when(anchors)}
    props.pop("valuation", None)
    for customer in companies(customers):
        for supplier in companies(suppliers):
            rel = sent.relation("CUSTOMER_OF", customer, supplier, trigger, extractor, conf,
                                "active", props)
            if rel:
                yield rel


def _customer_noun(sent: Sentence, noun: Token) -> Iterator[Relation]:
    supplier = sent.owner(noun) or next(iter(sent.objects(noun, {"of"}, direct=False)), None)
    if supplier is None:
        return
    customers = []
    if noun.dep_ == "attr":  # A is X's largest customer
        customers = [m for c in noun.head.children if c.dep_ == "nsubj"
                     for m in sent.with_conjuncts(c)]
    customers += [m for c in noun.children if c.dep_ == "appos" for m in sent.with_conjuncts(c)]
    customers += sent.objects(noun, {"including", "like", "such"}, direct=False)
    for child in noun.children:  # customers such as A
        if child.lower_ == "such":
            customers += sent.objects(child, {"as"}, direct=False)
    if noun.dep_ == "nsubj" and noun.head.lower_ in {"include", "includes", "included"}:
        customers += [m for c in noun.head.children if c.dep_ == "dobj"
                      for m in sent.with_conjuncts(c)]
    if noun.dep_ == "appos":
        customers += sent.with_conjuncts(noun.head)
    yield from _pairs(sent, noun, customers, [supplier], "customer.noun")


def _tie(sent: Sentence, noun: Token, creates: bool) -> Iterator[Relation | Hint]:
    others = sent.objects(noun, {"with"}, direct=False)
    if not others:
        return
    parties = [m for m in [sent.owner(noun)] if m] or (
        sent.subjects(noun.head) if noun.dep_ in {"dobj", "pobj", "nsubjpass"} else [])
    for party in companies(parties):
        for other in companies(others):
            rel = sent.relation("CUSTOMER_OF", party, other, noun, "customer.contract",
                                0.72, "active")
            if rel is None:
                continue
            status = rel.properties["status"]
            yield Hint(("CUSTOMER_OF", "PARTNERS_WITH"), other.name, {"status": status},
                       source=party.name, creates=rel if creates else None)
