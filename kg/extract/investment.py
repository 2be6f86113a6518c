"""INVESTS_IN (investor -> investee): stakes, investments, funding rounds, valuations.

"Meta's acquisition of a 49% stake in Scale AI", "X invested $2 billion in Y", "Y raised
$300 million from X and Z", "in a round led by X", "Microsoft-backed OpenAI", "will not take
a stake" (denied). A valuation stated on its own ("This investment values Scale AI at $29
billion") becomes a Hint merged into the article's investment in that company.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Token

from kg.extract import modality, values
from kg.extract.base import Hint, Sentence, companies
from kg.records import Relation
from kg.schema import COMPANY

INVEST_VERBS = {"invest", "invests", "invested", "investing"}
STAKE_NOUNS = {"stake", "stakes", "shareholding", "holding"}
TAKE_VERBS = {"take", "takes", "took", "taken", "taking", "acquire", "acquires", "acquired",
              "acquiring", "buy", "buys", "bought", "buying", "purchase", "purchased", "hold",
              "holds", "held", "own", "owns", "owned", "secure", "secured", "build", "built",
              "increase", "increased", "raise", "raised", "get", "got", "sell", "sold",
              "selling", "sells", "offload", "offloaded", "divest", "divested", "has", "have",
              "had", "acquisition", "sale"}
SELL_WORDS = {"sell", "sold", "selling", "sells", "offload", "offloaded", "divest", "divested",
              "sale"}
INVESTMENT_NOUNS = {"investment", "investments", "infusion", "injection", "backing", "funding"}
RAISE_VERBS = {"raise", "raises", "raised", "raising", "secure", "secures", "secured",
               "securing", "receive", "receives", "received", "close", "closed", "closes"}
LEAD_VERBS = {"led", "leads", "lead", "leading", "co-led", "joined", "participated"}
VALUE_WORDS = {"values", "valued", "valuing", "value", "valuation"}
TRIGGERS = INVEST_VERBS | STAKE_NOUNS | INVESTMENT_NOUNS | RAISE_VERBS | LEAD_VERBS \
    | VALUE_WORDS | {"backed", "round", "funded", "funds"}
ROUND = re.compile(r"\b(Series [A-H]\+?|seed|pre-seed|Series [A-H] extension)\b(?= (?:round|"
                   r"funding|financing))", re.IGNORECASE)
CONF = 0.9


def extract(sent: Sentence) -> Iterator[Relation | Hint]:
    for tok in sent.span:
        word = tok.lower_
        if word in INVEST_VERBS and tok.pos_ in {"VERB", "AUX"}:
            yield from _pairs(sent, tok, sent.subjects(tok) + sent.passive_agents(tok),
                              sent.objects(tok, {"in", "into"}, direct=False),
                              "investment.invest")
        elif word in STAKE_NOUNS:
            yield from _stake(sent, tok)
        elif word in INVESTMENT_NOUNS and tok.pos_ == "NOUN":
            yield from _investment_noun(sent, tok)
        elif word in RAISE_VERBS and tok.pos_ == "VERB":
            yield from _raise(sent, tok)
        elif word in LEAD_VERBS and tok.pos_ == "VERB":
            rounds = [c for c in tok.children if c.dep_ == "dobj" and c.lower_ in {
                "round", "funding", "financing"}]
            for r in rounds:  # X led Y's $100 million round / a round in Y
                investees = [sent.owner(r)] if sent.owner(r) else sent.objects(r, {"in", "for"})
                yield from _pairs(sent, tok, sent.subjects(tok), investees, "investment.round",
                                  extra={"round": _round(sent)})
        elif word == "backed" and tok.i > 1 and tok.nbor(-1).text == "-":
            backer = sent.mention(tok.nbor(-2))  # Microsoft-backed OpenAI
            backed = sent.mention(tok.head) if tok.head.pos_ == "PROPN" else None
            if backer and backed:
                rel = sent.relation("INVESTS_IN", backer, backed, tok, "investment.backed",
                                    0.85, "completed")
                if rel:
                    yield rel
        elif word in {"backed", "funded"} and tok.dep_ == "acl":  # Y, backed by X
            yield from _pairs(sent, tok, sent.passive_agents(tok),
                              sent.with_conjuncts(tok.head), "investment.backed")
        elif word in VALUE_WORDS:
            yield from _valuation(sent, tok)


def _pairs(sent: Sentence, trigger: Token, investors, investees, extractor: str,
           extra: dict | None = None, conf: float = CONF) -> Iterator[Relation]:
    anchors = modality.chain(trigger)
    props = {**sent.money(anchors), **sent.when(anchors), **(extra or {})}
    for investor in investors:
        for investee in companies(investees):
            rel = sent.relation("INVESTS_IN", investor, investee, trigger, extractor, conf,
                                "completed", props)
            if rel:
                yield rel


def _stake(sent: Sentence, stake: Token) -> Iterator[Relation]:
    investees = sent.objects(stake, {"in", "of"}, direct=False)
    if not investees:
        return
    head = stake.head
    if stake.dep_ == "pobj" and head.lower_ == "of":
        head = head.head  # acquisition of a stake
    investors = []
    if head.lower_ in TAKE_VERBS and head.pos_ in {"VERB", "AUX"}:
        investors = sent.subjects(head) + sent.passive_agents(head)
    elif head.pos_ == "NOUN" and head.lower_ in TAKE_VERBS | INVESTMENT_NOUNS:
        investors = [m for m in [sent.owner(head)] if m] or sent.subjects(head)
    for child in stake.children:  # a stake held by X
        if child.dep_ == "acl":
            investors += sent.passive_agents(child)
    span_text = stake.doc[stake.left_edge.i:stake.i + 1].text
    extra: dict = {"stake_pct": values.parse_percent(span_text)}
    qualitative = values.QUALITATIVE_STAKE.search(span_text)
    if extra["stake_pct"] is None and qualitative:
        extra["stake"] = qualitative.group(1).lower()
    status = "ended" if head.lower_ in SELL_WORDS else None
    trigger = head if head.pos_ in {"VERB", "NOUN"} else stake
    for rel in _pairs(sent, trigger, investors, investees, "investment.stake", extra):
        if status:
            rel = Relation(rel.type, rel.source, rel.target, rel.source_label,
                           rel.target_label, rel.evidence, {**rel.properties, "status": status},
                           rel.confidence)
        yield rel


def _investment_noun(sent: Sentence, noun: Token) -> Iterator[Relation]:
    investees = sent.objects(noun, {"in", "into"}, direct=False)
    investors = [m for m in [sent.owner(noun)] if m] + sent.objects(noun, {"from", "by"},
                                                                     direct=False)
    if investees and not investors and noun.dep_ in {"dobj", "pobj"}:
        investors = sent.subjects(noun.head)  # X made/announced an investment in Y
    if investors and not investees and noun.dep_ == "dobj":
        investees = sent.subjects(noun.head)  # Y received an investment from X
    yield from _pairs(sent, noun, investors, investees, "investment.noun")


def _raise(sent: Sentence, verb: Token) -> Iterator[Relation]:
    """Y raised $N from X / in a round led by X."""
    dobj = [c for c in verb.children if c.dep_ == "dobj"]
    if not dobj or not (dobj[0].like_num or dobj[0].text in values.CURRENCY_SIGNS or
                        dobj[0].lower_ in {"funding", "round", "financing", "capital",
                                           "million", "billion", "investment"}):
        return
    investors = sent.objects(verb, {"from"}, direct=False)
    for tok in verb.subtree:
        if tok.lower_ in LEAD_VERBS and tok.dep_ == "acl":
            investors += sent.passive_agents(tok)
    yield from _pairs(sent, verb, investors, sent.subjects(verb), "investment.round",
                      extra={"round": _round(sent)})


def _round(sent: Sentence) -> str | None:
    m = ROUND.search(sent.text)
    if not m:
        return None
    name = m.group(1)
    return name.lower() if name.lower() in {"seed", "pre-seed"} else "Series" + name[6:]


def _valuation(sent: Sentence, tok: Token) -> Iterator[Hint]:
    """"values Scale AI at $29 billion", "Scale AI, valued at $29 billion" (by position, as
    the parser often reads "values" as a noun)."""
    after = tok.doc[tok.i + 1:sent.span.end]
    money = values.parse_money(after.text[:60])
    if not money or tok.lower_ == "valuation":
        return
    target = sent.mention(after[0]) if len(after) else None
    if tok.lower_ == "valued":
        passive = [c for c in tok.children if c.dep_ == "nsubjpass"]
        target = sent.mention(passive[0]) if passive else sent.mention(tok.head) \
            if tok.dep_ in {"acl", "amod"} else None
    if target is None or target.label != COMPANY:
        return
    yield Hint(("INVESTS_IN", "ACQUIRES", "PLANS_IPO"), target.name,
               {"valuation": money[0].amount, "currency": money[0].currency})
