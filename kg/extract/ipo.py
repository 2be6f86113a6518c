"""PLANS_IPO (company -> exchange).

"MiniMax and Zhipu AI are reportedly preparing to go public on the Hong Kong Stock Exchange
as early as January next year" (planned: the plan is the reported fact, not a rumour),
"X filed for an IPO on Nasdaq" and "X, a chip designer, filed for a STAR Market listing"
(pending), "X plans to list its shares in Hong Kong", "X withdrew its IPO application"
(withdrawn), "X raised $N in its IPO on the Nasdaq" and "X, a chip designer, listed on the
Hong Kong Stock Exchange", "shares of X jumped in their Nasdaq debut", "X's shares began
trading on Nasdaq", "X's IPO on Nasdaq raised $N", "X has been listed on Nasdaq since 2015",
"Nasdaq-listed X" (completed). The exchange is a named one, or the main exchange of a city
that is named ("list in Hong Kong"). A price per share is no offering amount.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Token

from kg.extract import modality, values
from kg.extract.base import Sentence, companies
from kg.extract.entities import Mention
from kg.records import Relation
from kg.schema import EXCHANGE

NOUNS = {"ipo", "ipos", "listing", "offering", "debut", "flotation"}
VERBS = {"list", "lists", "listed", "listing", "float", "floated", "debut", "debuted",
         "debuts", "go", "going", "went", "goes"}
CITY_EXCHANGES = {"Hong Kong": "Hong Kong Stock Exchange", "Shanghai": "Shanghai Stock Exchange",
                  "Shenzhen": "Shenzhen Stock Exchange", "London": "London Stock Exchange",
                  "Tokyo": "Tokyo Stock Exchange"}
DONE = {"listed", "debuted", "went", "floated"}
# Verbs that say what happened to the offering a noun names.
DONE_WITH = {"raised", "raises", "raising", "priced", "prices", "pricing", "completed",
             "completes", "made", "makes", "make", "closed"}
# Share price moves on the first day say the listing happened ("jumped in their debut").
MOVE_VERBS = {"jumped", "rose", "soared", "surged", "fell", "slid", "climbed", "popped",
              "tumbled", "gained", "dropped", "sank", "opened", "ended", "traded", "doubled"}
SHARE_NOUNS = {"shares", "stock", "stocks"}
PER_SHARE = re.compile(r"[$€£¥]\s?\d[\d.,]*\s+(?:a|per|each) share\b", re.I)
TRADE_START = {"began", "begin", "begins", "started", "start", "starts", "starting"}
FILE_VERBS = {"file", "files", "filed", "filing", "apply", "applies", "applied"}
TAKE_VERBS = {"take", "takes", "took", "taken", "taking"}  # "took it public"
TRIGGERS = NOUNS | VERBS | FILE_VERBS | {"public", "trading"}
CONF = 0.88


def extract(sent: Sentence) -> Iterator[Relation]:
    """One listing per company and sentence: the one nearest the main clause ("X raised $N
    in its IPO, months after it put the listing on hold": completed, not paused)."""
    exchange = _exchange(sent)
    if exchange is None:
        return
    best: dict[str, tuple[int, Relation]] = {}
    for tok in sent.span:
        depth = sum(1 for _ in tok.ancestors)
        for rel in _from_token(sent, tok, exchange):
            if rel.source not in best or depth < best[rel.source][0]:
                best[rel.source] = (depth, rel)
    for _, rel in best.values():
        yield rel


def _from_token(sent: Sentence, tok: Token, exchange: Mention | str) -> Iterator[Relation]:
    word = tok.lower_
    if word in VERBS and tok.pos_ in {"VERB", "AUX"}:
        if word.startswith(("go", "went")) and not any(
                c.lower_ == "public" for c in tok.children):
            return
        done = tok.head if tok.head.lower_ in DONE_WITH else None  # raised $N listing
        yield from _pairs(sent, tok, _companies(sent, tok), exchange, "ipo.verb",
                          done=done)
    elif word in TAKE_VERBS and any(c.lower_ == "public" and c.dep_ in {"oprd", "advmod", "dobj"}
                                    for c in tok.children):  # X took Y public on Nasdaq
        objects = [c for c in tok.children if c.dep_ == "dobj"]
        objects += [c for o in objects if o.lower_ == "public" for c in o.children
                    if c.dep_ == "compound"]  # parsed as "[Y public]"
        taken = [m for c in objects if c.pos_ == "PROPN" for m in sent.with_conjuncts(c)]
        yield from _pairs(sent, tok, taken, exchange, "ipo.verb",
                          done=tok if word in {"took", "taken"} else None)
    elif word == "trading" and tok.head.lower_ in TRADE_START:  # X's shares began trading
        yield from _pairs(sent, tok, _share_issuers(sent, tok.head), exchange, "ipo.trading",
                          done=tok.head)
    elif word in FILE_VERBS and tok.pos_ == "VERB" and _filed_for_listing(tok):
        yield from _pairs(sent, tok, _companies(sent, tok), exchange, "ipo.filing",
                          status="pending")
    elif word in NOUNS and tok.pos_ in {"NOUN", "PROPN"}:
        if word == "offering" and not any(c.lower_ == "public" for c in tok.children):
            return
        phrase = tok.head if tok.dep_ == "compound" and tok.head.pos_ == "NOUN" \
            else tok  # its IPO filing
        owners = [m for m in [sent.owner(phrase)] if m] + sent.objects(
            phrase, {"of", "by"}, direct=False)
        if not owners and phrase.dep_ in {"dobj", "pobj", "nsubjpass"}:
            owners = sent.subjects(phrase.head)
        done = _governing_verb(tok) or (phrase.head if phrase.dep_ == "nsubj" else None)
        if done is not None and phrase.dep_ == "nsubj" and done.lower_ not in DONE_WITH:
            done = next((c for c in done.children if c.lower_ in DONE_WITH  # a success,
                         and c.dep_ in {"advcl", "xcomp", "conj"} and any(  # raising $N
                             d.dep_ == "dobj" and d.like_num for d in c.children)), done)
        if not owners and done is not None:
            owners = _share_issuers(sent, done)  # shares of X jumped in their debut
        done = done if done is not None and done.lower_ in DONE_WITH | MOVE_VERBS else None
        yield from _pairs(sent, tok, owners, exchange, "ipo.noun", done=done)


def _exchange(sent: Sentence) -> Mention | str | None:
    for m in sent.own_mentions():
        if m.label == EXCHANGE:
            return m
    for ent in sent.span.ents:
        if ent.label_ == "GPE" and ent.text in CITY_EXCHANGES:
            return CITY_EXCHANGES[ent.text]
    same = any(t.lower_ == "exchange" and any(c.lower_ == "same" for c in t.children)
               for t in sent.span)
    earlier = [m for m in sent.mentions if m.label == EXCHANGE and m.end <= sent.span.start]
    return earlier[-1] if same and earlier else None  # "on the same exchange"


def _companies(sent: Sentence, verb: Token) -> list[Mention]:
    """Who lists: the subject, or the company a mis-parsed main verb hangs on ("X, a chip
    designer, listed on ..." read as a reduced relative)."""
    found = sent.subjects(verb)
    if not found and verb.dep_ == "acl" and sent.mention(verb.head):
        found = sent.with_conjuncts(verb.head)
    if not found and verb.dep_ == "amod" and verb.i > 0 and verb.nbor(-1).text == "-":
        noun = verb.head  # "X, a Nasdaq-listed chipmaker", "Nasdaq-listed X"
        found = [m for m in [sent.mention(noun) if noun.pos_ == "PROPN" else
                             sent.mention(noun.head) if noun.dep_ == "appos" else None] if m]
    passive = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if not found and passive is not None:  # X has been listed on ..., X's stock is listed
        found = sent.with_conjuncts(passive) or [
            m for m in [sent.owner(passive)] if m and passive.lower_ in SHARE_NOUNS]
    if not found and passive is not None and passive.lower_ in SHARE_NOUNS and any(
            c.lower_ == "whose" for c in passive.children) and verb.dep_ == "relcl":
        found = [m for m in [sent.mention(verb.head)] if m]  # X, whose stock is listed
    return found


def _share_issuers(sent: Sentence, verb: Token) -> list[Mention]:
    """Whose shares are the subject of ``verb``: "shares of X", "X's shares", "X shares"."""
    return [m for c in verb.children if c.dep_ == "nsubj" and c.lower_ in SHARE_NOUNS
            for m in [sent.owner(c), *sent.objects(c, {"of"}, direct=False)] if m]


def _filed_for_listing(verb: Token) -> bool:
    """"filed for an IPO", "filed for a STAR Market listing"."""
    return any(t.lower_ in NOUNS for p in verb.children if p.dep_ == "prep"
               and p.lower_ == "for" for t in p.subtree)


def _governing_verb(noun: Token) -> Token | None:
    """The verb a noun is the object of, directly or through a preposition ("raised $N in
    its initial public offering")."""
    node = noun
    while node.dep_ in {"pobj", "prep", "dobj"} and node.head != node:
        node = node.head
        if node.pos_ == "VERB":
            return node
    return None


def _pairs(sent: Sentence, trigger: Token, owners, exchange, extractor: str,
           status: str | None = None, done: Token | None = None) -> Iterator[Relation]:
    """Relations of the companies to the exchange; ``done`` is the verb that says the
    listing happened ("raised $N in its listing", "made its debut"): its sum is the
    offering's, and the listing is completed unless the verb is hedged ("will make")."""
    anchors = modality.chain(trigger) + ([done] if done is not None else [])
    if trigger.dep_ == "amod":  # "Nasdaq-listed X will buy Y": a standing fact of X
        anchors, status = [trigger], status or "completed"
    props = {**sent.money(anchors), **sent.when(anchors)}
    prices = {m.amount for p in PER_SHARE.finditer(sent.text)
              for m in values.parse_money(p.group())}
    if props.get("amount") in prices:  # "priced at $20 a share": a price, not the offering
        props = {k: v for k, v in props.items() if k not in {"amount", "currency"}}
    target = exchange if isinstance(exchange, Mention) else Mention(
        0, 0, exchange, EXCHANGE, "pattern")
    if status is None:
        happened = trigger.lower_ in DONE or done is not None
        status = modality.status(trigger, "PLANS_IPO", "completed" if happened else "planned",
                                 sent.span)
        if status is None:
            return
        if status in {"rumored", "expected"}:
            status = "planned"  # "reportedly preparing to go public": the plan is the fact
        if status == "planned" and any(t.lower_ in FILE_VERBS for t in anchors):
            status = "pending"  # filed to go public
    for company in companies(owners):
        rel = sent.relation("PLANS_IPO", company, target, trigger, extractor, CONF,
                            "planned", props, status=status)
        if rel:
            yield rel
