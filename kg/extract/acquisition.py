"""ACQUIRES (acquirer -> target), including failed, denied and cancelled deals.

"X acquired Y for $N", "X agreed to buy Y" (announced), "X's acquisition of Y", "Y was
acquired by X", "X called off its takeover of Y" (cancelled), "X denied a report that it
would acquire Y" (denied), "held early talks about acquiring Y ... no agreement" (in_talks),
"X had agreed to buy Y, but the deal collapsed" / "X's planned acquisition of Y has fallen
apart" / "shareholders voted against X's acquisition of Y" / "X tried to acquire Y, but Z
rebuffed the approach" / "A and B have called off their merger" (cancelled; the first named
was to buy), "Y, the startup that X bought", "X made a bid for Y" / "Y received a takeover
offer from X" (planned), "Y rejected a takeover offer from X" (cancelled), "X executives
discussed a possible bid for Y, according to people familiar" (rumored: no contact between
the parties), "X's deal to buy Y", "Y, which X agreed to buy", "X's proposed takeover of Y"
(planned), "X walked away from its deal to buy Y" (cancelled), "the sale of its unit Y to Z".
Buying a stake or shares is an investment, not an acquisition (see investment).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Token

from kg.extract import modality, values
from kg.extract.base import Sentence, companies
from kg.extract.entities import PRODUCTS, Mention
from kg.extract.slots import doers, recipients, topic
from kg.records import Relation

VERBS = {"acquire", "acquires", "acquired", "acquiring", "buy", "buys", "bought", "buying",
         "purchase", "purchases", "purchased", "purchasing", "absorb", "absorbed"}
NOUNS = {"acquisition", "acquisitions", "takeover", "purchase", "buyout", "merger", "bid"}
PART_WORDS = {"stake", "stakes", "shares", "share", "percent", "%", "interest", "equity",
              "assets", "chips", "gpus", "servers", "data", "licenses", "rights", "products",
              "compute", "capacity", "time", "ads", "stock", "bonds", "land", "building"}
# A failure word cancels the deal when it governs the trigger or has a deal word as its
# subject or object ("the deal collapsed", "rebuffed the approach").
FAILED = {"walk", "walked", "walks", "walking", "collapse", "collapsed", "collapses", "fell",
          "fallen", "falls", "rebuff", "rebuffed", "rebuffs", "reject", "rejected", "rejects",
          "scrap", "scrapped", "abandon", "abandoned", "terminate", "terminated", "block",
          "blocked", "sink", "sank", "sunk", "derail", "derailed", "thwart", "thwarted", "kill",
          "killed", "spurn", "spurned", "voted"}
DEAL_WORDS = NOUNS | {"deal", "approach", "offer", "talks", "transaction", "agreement",
                      "overture", "proposal"}
HEDGES = {"possible", "potential", "discussed", "considered", "weighed", "mulled", "explored"}
PRICE = re.compile(r"\bfor (?:about |roughly |around |nearly |some |approximately |up to )?"
                   r"(?=[$€£¥]|US\$|HK\$)")
DEAL_PRICE = re.compile(r"\b(?:deal|transaction|agreement|offer|bid|takeover|acquisition)"
                        r"(?:,)? (?:that (?:is |was )?)?(?:valued|worth) (?:at )?(?:about |"
                        r"roughly |around |nearly |some |approximately |up to )?(?=[$€£¥]|US\$)")
REPORT_VERBS = {"say", "said", "says", "announce", "announced", "announces", "confirm",
                "confirmed", "confirms", "disclose", "disclosed"}
OFFER_NOUNS = {"bid", "offer", "approach", "proposal"}
MEMBERS = {"executives", "shareholders", "board", "officials", "management", "directors"}
SELL_VERBS = {"sell", "sells", "sold", "selling"}
TAKEOVER_VERBS = {"take", "takes", "took", "taken", "taking", "snap", "snaps", "snapped",
                  "snapping", "pick", "picks", "picked"}
TRIGGERS = VERBS | NOUNS | SELL_VERBS | TAKEOVER_VERBS | OFFER_NOUNS | {"sale"}
CONF = 0.9


def extract(sent: Sentence) -> Iterator[Relation]:
    for tok in sent.span:
        word = tok.lower_
        if word in VERBS and tok.pos_ == "VERB":
            dobj = [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass"}
                    and (c.lower_ not in PART_WORDS or sent.mention(c))]  # Crunchy Data
            if not dobj and tok.dep_ == "acl" and sent.passive_agents(tok):  # Y, acquired by X
                yield from _pairs(sent, tok, sent.passive_agents(tok),
                                  sent.with_conjuncts(tok.head), "acquisition.verb")
            elif not dobj and sent.passive_agents(tok) and any(
                    c.dep_ == "auxpass" for c in tok.children):  # Y agreed to be acquired by X
                yield from _pairs(sent, tok, sent.passive_agents(tok), sent.subjects(tok),
                                  "acquisition.verb")
            if not dobj:
                continue
            targets = [m for d in dobj for m in sent.with_conjuncts(d)]  # bought A, and B
            clause = next((a for a in [tok, *tok.ancestors] if a.dep_ == "relcl"), None)
            if dobj[0].lower_ in {"that", "which"} and clause is not None:
                targets = _relative_target(sent, clause.head)  # Y, which X agreed to buy
            if dobj[0].dep_ == "nsubjpass":
                acquirers = sent.passive_agents(tok)
            else:
                acquirers = _actors(sent, tok)
            if dobj[0].lower_ == "it" and {m.name for m in targets} <= {
                    m.name for m in acquirers}:  # "it" cannot be the buyer itself
                targets = _reporter(sent, tok) or [  # Y said that X had agreed to acquire it
                    m for m in [topic(sent)] if m and m.name not in {a.name for a in acquirers}]
            yield from _pairs(sent, tok, acquirers, targets, "acquisition.verb")
        elif word in SELL_VERBS and tok.pos_ == "VERB":
            yield from _sale(sent, tok)
        elif word in TAKEOVER_VERBS and tok.pos_ == "VERB" and any(
                c.dep_ == "prt" and c.lower_ in {"over", "up"} for c in tok.children):
            targets = [m for c in tok.children if c.dep_ == "dobj"
                       for m in sent.with_conjuncts(c)]  # X took over / snapped up Y
            yield from _pairs(sent, tok, _actors(sent, tok), targets, "acquisition.verb")
        elif word == "merger" and tok.pos_ == "NOUN" and _ours(tok):
            parties = companies(_actors(sent, tok.head)) if tok.dep_ in {"dobj", "pobj"} \
                else []  # A and B called off their merger: A was to buy B
            yield from _pairs(sent, tok, parties[:1], parties[1:2], "acquisition.merger")
        elif word in OFFER_NOUNS and tok.pos_ == "NOUN" and _is_takeover_bid(tok) \
                and tok.dep_ == "dobj" and sent.objects(tok, {"from"}, direct=False):
            yield from _pairs(sent, tok, sent.objects(tok, {"from"}, direct=False),
                              _actors(sent, tok.head), "acquisition.offer")  # got a bid from X
        elif word == "sale" and tok.pos_ == "NOUN":
            yield from _sale_noun(sent, tok)
        elif word in NOUNS and tok.pos_ == "NOUN":
            of = [p for c in tok.children if c.dep_ == "prep" and c.lower_ in {"of", "for"}
                  for p in c.children if p.dep_ == "pobj"]
            if not of or (of[0].lower_ in PART_WORDS and not sent.mention(of[0])):
                continue
            targets = sent.with_conjuncts(of[0])
            if word == "merger" or word == "bid" and not (
                    _is_takeover_bid(tok) or companies(targets)):
                continue
            acquirers = [m for m in [sent.owner(tok)] if m] + sent.objects(tok, {"by"},
                                                                            direct=False)
            if not acquirers and tok.dep_ in {"dobj", "pobj", "nsubjpass", "attr"}:
                acquirers = _actors(sent, tok.head)
            yield from _pairs(sent, tok, acquirers, targets, "acquisition.noun")


def _ours(noun: Token) -> bool:
    return any(c.dep_ == "poss" and c.lower_ == "their" for c in noun.children)


def _relative_target(sent: Sentence, noun: Token) -> list[Mention]:
    """What a relative clause on ``noun`` is about: the noun's name, or the name it is
    apposed to ("Y, the speech company that X bought")."""
    found = sent.with_conjuncts(noun)
    if not found and noun.dep_ == "appos":
        found = [m for m in [sent.mention(noun.head)] if m]
    return found


def _reporter(sent: Sentence, verb: Token) -> list[Mention]:
    """The company whose statement a clause reports ("Y said X would acquire it": "it" is
    Y), when that clause has a subject of its own."""
    if not sent.subjects(verb):
        return []
    said = next((a for a in verb.ancestors if a.lemma_ in REPORT_VERBS or a.lower_ in
                 REPORT_VERBS), None)
    if said is None:
        return []
    found = [m for c in said.children if c.dep_ == "nsubj" for m in sent.with_conjuncts(c)]
    return [m for m in companies(found) if m not in sent.subjects(verb)]


def _is_takeover_bid(bid: Token) -> bool:
    return any(c.lower_ in {"takeover", "acquisition", "buyout"} for c in bid.children)


def _sale(sent: Sentence, verb: Token) -> Iterator[Relation]:
    """"X sold Y to Z", "Y agreed to sell itself to Z", "Y was sold to Z": Z acquires Y
    (only a company is sold this way: "sold chips to Z" is a supply)."""
    buyers = recipients(sent, verb, {"to"})
    if not buyers:
        return
    targets = []
    for c in verb.children:
        if c.dep_ == "dobj" and c.lower_ in {"itself", "themselves"}:
            targets += _actors(sent, verb)
        elif c.dep_ in {"dobj", "nsubjpass"} and sent.mention(c):
            targets += [m for m in sent.with_conjuncts(c) if m.name not in PRODUCTS]
    yield from _pairs(sent, verb, buyers, targets, "acquisition.sale")


def _sale_noun(sent: Sentence, noun: Token) -> Iterator[Relation]:
    """"the sale of Y to Z" (also "of its unit Y"): Z acquires Y; a stake or a product
    sold is no company sold."""
    buyers = sent.objects(noun, {"to"}, direct=False)
    sold = [p for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
            for p in c.children if p.dep_ == "pobj"]
    targets = [m for p in sold for m in sent.with_conjuncts(p) + [
        x for c in p.children if c.dep_ in {"appos", "compound"}  # its unit Y, its Y unit
        for x in [sent.mention(c)] if x and p.lower_ in {"unit", "division", "business",
                                                         "subsidiary", "arm"}]]
    yield from _pairs(sent, noun, buyers, [m for m in targets if m.name not in PRODUCTS],
                      "acquisition.sale")


def _actors(sent: Sentence, verb: Token) -> list[Mention]:
    """The subject of a verb, or the company whose people it names ("Apple executives
    have discussed a bid")."""
    found = doers(sent, verb)
    if found:
        return found
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is not None and subject.lower_ in MEMBERS:
        owner = sent.owner(subject)
        return [owner] if owner else []
    return []


def _failed(sent: Sentence, trigger: Token) -> bool:
    """Does the sentence say the deal failed? See FAILED; a failure inside the trigger's
    own clause ("bought Y after talks with Z collapsed") is another deal's."""
    for tok in sent.span:
        if tok.lower_ not in FAILED or (tok in trigger.subtree and tok.dep_ != "relcl"):
            continue  # "bought Y after talks with Z collapsed": another deal failed
        if tok.lower_ == "voted" and not any(c.lower_ == "against" for c in tok.children):
            continue
        if tok.lower_ in {"fell", "fallen", "falls"} and not any(
                c.lower_ in {"apart", "through"} for c in tok.children):
            continue
        if tok.lower_.startswith("walk"):  # walked away from the deal
            if any(c.lower_ == "away" for c in tok.children) and trigger in tok.subtree:
                return True
            continue
        if trigger in tok.subtree and (trigger.dep_ in {"nsubj", "nsubjpass"} or
                                       tok.lower_ == "voted" or trigger.head == tok):
            return True
        if any(c.dep_ in {"nsubj", "nsubjpass", "dobj"} and c.lower_ in DEAL_WORDS
               for c in tok.children):
            return True
        if tok.dep_ == "relcl" and tok.head in trigger.subtree and any(
                c.dep_ == "dobj" and c.lower_ == "it" for c in tok.children):
            return True  # "an offer to buy Y, which rejected it"
    return False


def _status(sent: Sentence, trigger: Token) -> str | None:
    if _failed(sent, trigger):
        return "cancelled"
    chosen = modality.status(trigger, "ACQUIRES", "completed", sent.span)
    noun = trigger.head
    if chosen == "completed" and trigger.dep_ in {"acl", "relcl"} and noun.dep_ == "dobj" \
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in trigger.children):
        # "announced a deal to acquire Y" (announced), "made an offer to buy Y" (planned)
        governing = modality.status(noun.head, "ACQUIRES", "completed", sent.span)
        own = modality.CUES.get(noun.head.lower_)  # the governing verb's own cue counts here
        if governing is None:
            return None  # "did not announce a deal to buy Y"
        chosen = "planned" if noun.lower_ in {"offer", "bid", "proposal"} else \
            modality.stronger(modality.fit(own, "ACQUIRES") if own else None, governing)
    if chosen == "completed" and any(t.lower_ in HEDGES for t in modality.chain(trigger)):
        chosen = "in_talks"  # a possible bid, discussed
    if chosen == "completed" and trigger.tag_ == "VBG" and any(
            c.dep_ == "aux" and c.lower_ in {"is", "are"} for c in trigger.children):
        chosen = "announced"  # "X is buying Y": agreed, not closed
    if chosen == "completed" and trigger.dep_ == "ROOT" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in trigger.children):
        chosen = "announced"  # a headline's "X to buy Y"
    if chosen == "completed" and any(c.lower_ in {"proposed", "potential"}
                                     for c in trigger.children if c.dep_ == "amod"):
        chosen = "planned"  # X's proposed takeover of Y
    if chosen == "completed" and trigger.lower_ in OFFER_NOUNS:
        chosen = "planned"  # a bid or an offer made is no deal done
    text = sent.text.lower()
    if chosen == "in_talks" and "people familiar" in text and not re.search(
            r"\btalks with|negotiat", text):
        return "rumored"  # internal deliberation reported by others: no contact yet
    return chosen


def _price(sent: Sentence, trigger: Token) -> dict:
    """The price when the parser hangs it elsewhere: "X's $27.7 billion purchase of Y",
    "X agreed to acquire Y, a startup that ..., for $1.1 billion", "X agreed to buy Y in a
    deal valued at $N"."""
    if trigger.pos_ == "NOUN":
        before = sent.span.doc[trigger.left_edge.i:trigger.i]
        money = values.parse_money(before.text)
        if money:
            return {"amount": money[0].amount, "currency": money[0].currency}
    after = sent.text[trigger.idx - sent.span.start_char:]
    for m in [*PRICE.finditer(after), *DEAL_PRICE.finditer(after)]:
        money = values.parse_money(after[m.end():m.end() + 30])
        if money and money[0].start == 0:
            return {"amount": money[0].amount, "currency": money[0].currency}
    return {}


def _pairs(sent: Sentence, trigger: Token, acquirers, targets, extractor: str
           ) -> Iterator[Relation]:
    anchors = modality.chain(trigger)
    props = {**_price(sent, trigger), **sent.money(anchors), **sent.when(anchors)}
    status = _status(sent, trigger)
    if status is None:
        return
    for acquirer in companies(acquirers):
        for target in companies(targets):
            rel = sent.relation("ACQUIRES", acquirer, target, trigger, extractor, CONF,
                                "completed", props, status=status)
            if rel:
                yield rel
