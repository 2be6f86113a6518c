"""INVESTS_IN (investor -> investee): stakes, investments, funding rounds, valuations.

"Meta's acquisition of a 49% stake in Scale AI", "X invested $2 billion in Y", "Y raised
$300 million from X and Z", "in a round led by X", "A led the round, with participation from
B and C", "B also joined the round", "C anchored the offering with a $N order",
"Microsoft-backed OpenAI", "Y is backed by X", "X, which bankrolls Y", "A and B are
investors in Y", "Y's backers include X", "Y, a portfolio company of X", "X owns 29% of Y",
"will not take a stake" (no fact). A valuation stated on its own ("This investment values
Scale AI at $29 billion") becomes a Hint merged into the article's investment in that
company. "The round" refers to the round the article last named (see ``RoundMemory``). A
round's total goes to an investor only when it is the round's sole named investor.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Token

from kg.extract import modality, values
from kg.extract.base import COPULAS, Hint, Sentence, companies, unique_names
from kg.extract.entities import Mention
from kg.extract.slots import coordinated, described, doers, listed, owner, patients, recipients
from kg.records import Relation
from kg.schema import COMPANY

INVEST_VERBS = {"invest", "invests", "invested", "investing"}
# "X poured $2 billion into Y": an investment when a sum goes into a company.
POUR_VERBS = {"pour", "pours", "poured", "pouring", "pump", "pumps", "pumped", "pumping",
              "plow", "plows", "plowed", "plough", "ploughed", "inject", "injects",
              "injected", "injecting"}
FUND_VERBS = {"bankroll", "bankrolls", "bankrolled", "bankrolling", "fund", "funds", "funded",
              "funding", "finance", "finances", "financed", "back", "backs", "backed",
              "backing"}
STAKE_NOUNS = {"stake", "stakes", "shareholding", "holding"}
TAKE_VERBS = {"take", "takes", "took", "taken", "taking", "acquire", "acquires", "acquired",
              "acquiring", "buy", "buys", "bought", "buying", "purchase", "purchased", "hold",
              "holds", "held", "own", "owns", "owned", "secure", "secured", "build", "built",
              "increase", "increased", "raise", "raised", "get", "got", "sell", "sold",
              "selling", "sells", "offload", "offloaded", "divest", "divested", "has", "have",
              "had", "acquisition", "sale", "give", "gives", "gave", "given", "receive",
              "received", "receives"}
PAY_VERBS = {"pay", "pays", "paid", "paying"}
# A holding changed in size goes on ("cut its stake in Y to 5%").
CHANGE_VERBS = {"cut", "cuts", "reduce", "reduced", "reduces", "trim", "trimmed", "trims",
                "lower", "lowered", "lowers", "boost", "boosted", "boosts", "lift", "lifted"}
GIVE_VERBS = {"give", "gives", "gave", "given", "giving"}
SELL_WORDS = {"sell", "sold", "selling", "sells", "offload", "offloaded", "divest", "divested",
              "sale"}
OWN_VERBS = {"own", "owns", "owned", "hold", "holds", "held", "control", "controls", "keep",
             "keeps", "kept", "retain", "retains", "retained"}
SHARE_NOUNS = {"stock", "shares", "equity"}
INVESTMENT_NOUNS = {"investment", "investments", "infusion", "injection", "backing", "funding"}
INVESTOR_NOUNS = {"investor", "investors", "backer", "backers", "shareholder", "shareholders",
                  "stakeholder", "stakeholders"}
OFFERING_NOUNS = {"offering", "ipo", "listing"}  # bought into: the company that raised
ROUND_NOUNS = {"round", "funding", "financing", "raise", "fundraising", "fundraise"}
RAISE_VERBS = {"raise", "raises", "raised", "raising", "secure", "secures", "secured",
               "securing", "receive", "receives", "received", "close", "closed", "closes"}
ANNOUNCE_VERBS = {"announce", "announces", "announced", "announcing", "unveil", "unveiled",
                  "unveils", "complete", "completed", "completes", "disclose", "disclosed"}
RAISED_GOODS = {"funding", "round", "financing", "capital", "million", "billion", "investment",
                "money", "cash", "funds"}
ANCHOR_VERBS = {"anchor", "anchors", "anchored", "anchoring"}  # X anchored the IPO with $N
LEAD_VERBS = {"led", "leads", "lead", "leading", "co-led", "joined", "participated"} \
    | ANCHOR_VERBS
JOIN_VERBS = {"join", "joins", "joined", "joining", "participate", "participates",
              "participated", "participating", "took", "take", "takes", "taking"}
VALUE_WORDS = {"values", "valued", "valuing", "value", "valuation"}
INCLUDE = {"include", "includes", "included", "including"}
TRIGGERS = INVEST_VERBS | POUR_VERBS | FUND_VERBS | STAKE_NOUNS | INVESTMENT_NOUNS \
    | INVESTOR_NOUNS | RAISE_VERBS | LEAD_VERBS | JOIN_VERBS | VALUE_WORDS | SHARE_NOUNS \
    | OWN_VERBS | {"round", "participation", "portfolio", "included"}
ROUND = re.compile(r"\b(Series [A-H]\+?|seed|pre-seed|Series [A-H] extension)\b(?= (?:round|"
                   r"funding|financing))", re.IGNORECASE)
# Words before a gapped sum ("and Z up to $10 billion").
GAP_LEAD = re.compile(r"^(?:up to|about|roughly|around|nearly|another|a further|an additional)"
                      r"\s+", re.I)
CONF = 0.9


@dataclass
class RoundMemory:
    """The company whose funding round the article last named, so that "the round", "that
    round" and "also took part" in later sentences know whose round it is. Articles are
    extracted one after another, so one slot is enough."""

    article: tuple[str, int] | None = None
    owner: Mention | None = None
    end: int = 0  # article offset where the sentence naming the round ends

    def remember(self, sent: Sentence, owner: Mention) -> None:
        self.article, self.owner = _article_key(sent), owner
        self.end = sent.offset + sent.span.end_char

    def recall(self, sent: Sentence, adjacent: bool = False) -> Mention | None:
        """The round's company; with ``adjacent``, only when the round was named in this
        sentence or the one right before."""
        if self.article != _article_key(sent) or self.owner is None:
            return None
        start = sent.offset + sent.span.start_char
        if adjacent and not (start - 3 <= self.end <= sent.offset + sent.span.end_char):
            return None
        return self.owner


ROUNDS = RoundMemory()


def _article_key(sent: Sentence) -> tuple[str, int]:
    return sent.article.id, id(sent.article)


def extract(sent: Sentence) -> Iterator[Relation | Hint]:
    for tok in sent.span:
        word = tok.lower_
        if word in INVEST_VERBS and tok.pos_ in {"VERB", "AUX"}:
            yield from _invest(sent, tok)
        elif word in POUR_VERBS and tok.pos_ == "VERB" and any(
                c.dep_ == "dobj" and c.like_num for c in tok.children):
            yield from _pairs(sent, tok, sent.subjects(tok),
                              sent.objects(tok, {"into", "in"}, direct=False),
                              "investment.invest")
        elif word in STAKE_NOUNS:
            yield from _stake(sent, tok)
        elif word in INVESTMENT_NOUNS and tok.pos_ == "NOUN":
            yield from _investment_noun(sent, tok)
        elif word in INVESTOR_NOUNS and tok.pos_ == "NOUN":
            yield from _investor_noun(sent, tok)
        elif word in RAISE_VERBS and tok.pos_ == "VERB":
            yield from _raise(sent, tok)
        elif word in {"led", "co-led"} and tok.pos_ == "VERB" and _agents(sent, tok):
            yield from _led_by(sent, tok)
        elif word in LEAD_VERBS | JOIN_VERBS and tok.pos_ == "VERB":
            yield from _lead_or_join(sent, tok)
        elif word in INCLUDE and tok.pos_ == "VERB" and _round_subject(tok) is not None:
            yield from _round_included(sent, tok)
        elif word == "participation" and tok.dep_ == "pobj":
            yield from _participation(sent, tok)
        elif word in FUND_VERBS and tok.i > 1 and tok.nbor(-1).text == "-":
            yield from _hyphen_backed(sent, tok)
        elif word in FUND_VERBS and tok.pos_ == "VERB":
            yield from _fund_verb(sent, tok)
        elif word in OWN_VERBS and tok.pos_ == "VERB":
            yield from _owns_percent(sent, tok)
        elif word in SHARE_NOUNS and tok.dep_ == "pobj" and tok.head.head.lower_ == "worth":
            yield from _shares_worth(sent, tok)
        elif word == "portfolio" and tok.pos_ == "NOUN":
            yield from _portfolio(sent, tok)
        elif word in VALUE_WORDS:
            yield from _valuation(sent, tok)


def _pairs(sent: Sentence, trigger: Token, investors, investees, extractor: str,
           extra: dict | None = None, conf: float = CONF, sole_amount: bool = False
           ) -> Iterator[Relation]:
    """Relations from every investor to every investee; with ``sole_amount`` the sum
    governed by the trigger is a round total, given only to a sole investor."""
    anchors = modality.chain(trigger)
    props = {**sent.money(anchors), **sent.when(anchors), **(extra or {})}
    investors = unique_names(investors)
    if sole_amount and len(investors) > 1:
        props.pop("amount", None)
        if "valuation" not in props:
            props.pop("currency", None)
    for investor in investors:
        for investee in companies(investees):
            rel = sent.relation("INVESTS_IN", investor, investee, trigger, extractor, conf,
                                "completed", props)
            if rel:
                yield rel


def _in_which(sent: Sentence, verb: Token) -> list[Mention]:
    """"Y, a startup in which A and B have invested": the name the relative clause hangs on
    (through the describing noun)."""
    if verb.dep_ != "relcl" or not any(
            p.dep_ == "prep" and p.lower_ in {"in", "into"}
            and any(w.lower_ == "which" for w in p.children) for p in verb.children):
        return []
    node = verb.head
    while sent.mention(node) is None and node.dep_ in {"appos", "acl", "compound"}:
        node = node.head
    return [m for m in [sent.mention(node)] if m]


def _invest(sent: Sentence, verb: Token) -> Iterator[Relation]:
    """"X invested $N in Y"; "X will invest $N in Y and Z $M" (Z, with a sum right after
    it, is a second investor whose verb is left out); "A, B and C also invested" right
    after a round was named."""
    investors = doers(sent, verb) + sent.passive_agents(verb)
    investees = sent.objects(verb, {"in", "into"}, direct=False) or _in_which(sent, verb)
    gapped: list[tuple[Mention, dict]] = []
    for pobj in (p for c in verb.children if c.dep_ == "prep" and c.lower_ in {"in", "into"}
                 for p in c.children if p.dep_ == "pobj"):
        for conj in pobj.conjuncts:
            m = sent.mention(conj)
            after = sent.span.doc[m.end:min(m.end + 8, sent.span.end)].text if m else ""
            money = values.parse_money(GAP_LEAD.sub("", after))
            if m is not None and money and money[0].start == 0:
                gapped.append((m, {"amount": money[0].amount, "currency": money[0].currency}))
                investees = [x for x in investees if x.name != m.name]
    also = any(c.lower_ == "also" for c in verb.children)
    if not investees and not any(c.dep_ in {"prep", "dobj"} for c in verb.children) and (
            also or len(investors) > 1):
        recalled = ROUNDS.recall(sent, adjacent=True)  # "B and C also invested"
        investees = [recalled] if recalled else []
        investors = coordinated(sent, investors)
    yield from _pairs(sent, verb, investors, investees, "investment.invest")
    for investor, amount in gapped:
        yield from _pairs(sent, verb, [investor], investees, "investment.invest", amount)


def _agents(sent: Sentence, verb: Token) -> list[Mention]:
    """"led by A and B" -> A, B (also when the parser splits "co-led")."""
    return coordinated(sent, sent.passive_agents(verb))


def is_round(tok: Token) -> bool:
    """A funding round: "round", "funding", or a series named alone ("a Series A")."""
    letter = tok.text.rstrip(".")  # "Series C." ending a sentence
    return tok.lower_ in ROUND_NOUNS or (
        len(letter) == 1 and letter in "ABCDEFGH"
        and any(c.lower_ == "series" for c in tok.children))


def _round_owner(sent: Sentence, noun: Token, remember: bool = True) -> list[Mention]:
    """Whose round a round noun is: "X's round", "a round in X", the subject of the verb the
    round hangs on ("X raised $N in a round", "X was valued ... in a round"), or the round
    the article named last ("the round", "that round")."""
    possessor = sent.owner(noun) or next(  # "X's seed round" with X hung on "seed"
        (m for c in noun.children if c.dep_ == "compound" for m in [sent.owner(c)] if m), None)
    if possessor is not None and possessor.start <= noun.i < possessor.end:
        possessor = None  # "Series A" is no owner
    found = [possessor] if possessor else sent.objects(noun, {"in", "for", "of"}, direct=False)
    found = [m for m in found if not m.start <= noun.i < m.end]
    verb = _round_verb(noun)
    if not found and verb.lower_.startswith("invest"):  # invest in Y as part of a round
        found = sent.objects(verb, {"in"}, direct=False)
    if not found and verb.pos_ == "VERB" and verb.lower_ not in LEAD_VERBS | JOIN_VERBS and (
            noun.dep_ != "dobj" or verb.lower_ in RAISE_VERBS | ANNOUNCE_VERBS):
        found = sent.subjects(verb) or [m for c in verb.children if c.dep_ == "nsubjpass"
                                        for m in sent.with_conjuncts(c)]
    if not found:  # the round, which values Y at $N
        found = [m for c in noun.children if c.dep_ == "relcl" and c.lower_ in VALUE_WORDS
                 for d in c.children if d.dep_ == "dobj" for m in sent.with_conjuncts(d)]
    found = companies(found)
    if found and remember:
        ROUNDS.remember(sent, found[0])
    if not found:
        recalled = ROUNDS.recall(sent)
        if recalled:
            ROUNDS.remember(sent, recalled)  # "the round" keeps it current
            found = [recalled]
    return found


def _stake(sent: Sentence, stake: Token) -> Iterator[Relation]:
    investees = sent.objects(stake, {"in", "of"}, direct=False)
    clause = stake.head
    if not investees and stake.dep_ == "dobj" and clause.lower_ in TAKE_VERBS:
        investees = sent.objects(clause, {"in"}, direct=False)  # took a stake of 15% in Y
    if not investees and stake.dep_ == "dobj" and clause.dep_ == "relcl" and any(
            p.lower_ == "in" and any(w.lower_ == "which" for w in p.children)
            for p in clause.children):
        investees = sent.with_conjuncts(clause.head)  # Y, in which X holds a stake
    if not investees:
        return
    head = stake.head
    if stake.dep_ == "pobj" and head.lower_ in {"of", "for"}:
        head = head.head  # acquisition of a stake; investing $N for a stake
    investors = []
    if head.lower_ in TAKE_VERBS | INVEST_VERBS | PAY_VERBS and head.pos_ in {"VERB", "AUX"}:
        if head.lower_ in GIVE_VERBS:  # give X a stake; "a deal that could give it a stake"
            investors = [m for c in head.children if c.dep_ == "dative"
                         for m in (sent.with_conjuncts(c) if c.lower_ != "it"
                                   else companies(sent.subjects(sent.span.root)))]
        else:
            investors = sent.subjects(head) + sent.passive_agents(head)
    elif head.pos_ == "NOUN" and head.lower_ in TAKE_VERBS | INVESTMENT_NOUNS:
        investors = [m for m in [sent.owner(head)] if m] or sent.subjects(head)
    for child in stake.children:  # a stake held by X
        if child.dep_ == "acl":
            investors += sent.passive_agents(child)
    changed = head.lower_ in CHANGE_VERBS and head.pos_ == "VERB"  # cut its stake in Y to 5%
    if changed or (not investors and stake.dep_ in {"nsubj", "nsubjpass"}):
        investors = [m for m in [sent.owner(stake)] if m]  # X's 20% stake in Y is worth $N
    span_text = stake.doc[stake.left_edge.i:stake.i + 1].text
    of = [p for p in stake.children if p.dep_ == "prep" and p.lower_ == "of"]
    pct_text = span_text if values.parse_percent(span_text) is not None or not of else \
        stake.doc[of[0].i:of[0].right_edge.i + 1].text  # a stake of up to 10%
    if values.parse_percent(pct_text) is None and head.pos_ == "VERB":
        pct_text = " ".join(sent.span.doc[p.i:p.right_edge.i + 1].text  # raised it to 15%
                            for p in head.children if p.dep_ == "prep" and p.lower_ == "to")
    extra: dict = {"stake_pct": values.parse_percent(pct_text)}
    qualitative = values.QUALITATIVE_STAKE.search(span_text)
    if extra["stake_pct"] is None and qualitative:
        extra["stake"] = qualitative.group(1).lower()
    selling = head.lower_ in SELL_WORDS
    status = "ended" if selling else "completed" if changed else None
    trigger = head if head.pos_ in {"VERB", "NOUN"} else stake
    pct = extra["stake_pct"]
    if pct is not None and pct > 50:  # a majority stake is control: an acquisition
        buyers = recipients(sent, head, {"to"}) if selling else investors
        yield from _control(sent, trigger, buyers, investees, pct)
        return
    if selling:  # the buyer of a minority stake invests
        yield from _pairs(sent, trigger, recipients(sent, head, {"to"}), investees,
                          "investment.stake", extra)
    if selling and any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in stake.children):
        return  # "sell a 30% stake in Y": part of a holding, which may go on
    for rel in _pairs(sent, trigger, investors, investees, "investment.stake", extra):
        yield _with_status(rel, status) if status else rel


def _with_status(rel: Relation, status: str) -> Relation:
    return Relation(rel.type, rel.source, rel.target, rel.source_label, rel.target_label,
                    rel.evidence, {**rel.properties, "status": status}, rel.confidence)


def _control(sent: Sentence, trigger: Token, buyers, targets, pct: float
             ) -> Iterator[Relation]:
    """ACQUIRES for buyers of a majority stake."""
    anchors = modality.chain(trigger)
    props = {**sent.money(anchors), **sent.when(anchors), "stake_pct": pct}
    for buyer in companies(buyers):
        for target in companies(targets):
            rel = sent.relation("ACQUIRES", buyer, target, trigger, "investment.control",
                                0.85, "completed", props)
            if rel:
                yield rel


def _investment_noun(sent: Sentence, noun: Token) -> Iterator[Relation]:
    investees = sent.objects(noun, {"in", "into"}, direct=False)
    investors = [m for m in [sent.owner(noun)] if m] + sent.objects(noun, {"from", "by"},
                                                                     direct=False)
    if not investors and noun.dep_ == "dobj":  # drew investment from X
        investors = sent.objects(noun.head, {"from"}, direct=False)
    if investees and not investors and noun.dep_ in {"dobj", "pobj"}:
        investors = sent.subjects(noun.head)  # X made/announced an investment in Y
    if investors and not investees and noun.dep_ == "dobj":
        investees = sent.subjects(noun.head)  # Y received an investment from X
        investees = investees or [m for c in noun.head.children if c.dep_ == "nsubj"
                                  and is_round(c) for m in _round_owner(sent, c)]
    yield from _pairs(sent, noun, investors, investees, "investment.noun")


def _investor_noun(sent: Sentence, noun: Token) -> Iterator[Relation]:
    """"A and B are investors in Y", "A were among the investors in Y's round", "Y's
    backers include A", "A, Y's largest shareholder", "new investors in the round included
    A and B", "Y counts A as an investor"."""
    investees = []
    rounds = [p for prep in noun.children if prep.dep_ == "prep" and (
        prep.lower_ == "in" or (prep.lower_ == "of" and noun.lower_ not in {"investor",
                                                                              "investors"}))
              for p in prep.children if p.dep_ == "pobj"]  # backer of Y, investor in Y
    if noun.dep_ == "pobj" and noun.head.lower_ == "among":  # among the investors in Y
        rounds += [p for prep in noun.head.head.children if prep.lower_ == "in"
                   for p in prep.children if p.dep_ == "pobj"]
    rounds += _bought_into(noun)
    for r in rounds:
        investees += _round_owner(sent, r) if is_round(r) or r.lower_ in OFFERING_NOUNS \
            else sent.with_conjuncts(r)
    possessor = owner(sent, noun)
    if possessor is None and any(c.lower_ == "whose" for c in noun.children):
        clause = next((a for a in noun.ancestors if a.dep_ == "relcl"), None)
        possessor = sent.mention(clause.head) if clause is not None else None
    if possessor is not None:
        investees.append(possessor)
    investors = []
    node = noun.head.head if noun.head.lower_ == "of" and noun.head.head.lower_ == "one" \
        else noun  # as one of its backers
    verb = node.head.head
    if node.dep_ == "pobj" and node.head.lower_ == "as" and verb.pos_ == "VERB":
        investors = [m for c in verb.children if c.dep_ == "dobj"  # Y counts A as an investor
                     for m in sent.with_conjuncts(c)]
        investees = investees or doers(sent, verb)
    if not investees:
        return
    investors = investors or _named_investors(sent, noun)
    investors += sent.objects(noun, {"including", "like"}, direct=False)
    status = described(noun, "INVESTS_IN")  # "Y's backers, including A, ended the year up"
    for rel in _pairs(sent, noun, investors, investees, "investment.investor"):
        yield rel if status is None else _with_status(rel, status)


def _named_investors(sent: Sentence, noun: Token) -> list[Mention]:
    """Who an investor noun names: "A and B are investors", "A is among the investors",
    "Y counts A among its investors", "Y's backers include A", "Y's biggest investor is A",
    "A, Y's investor", "Y's investor, A,"."""
    if noun.dep_ == "attr" or (noun.dep_ == "pobj" and noun.head.lower_ == "among"):
        verb = noun.head if noun.dep_ == "attr" else noun.head.head
        counted = [c for c in verb.children if c.dep_ == "dobj"]  # Y counts A among its
        return coordinated(sent, [m for c in verb.children if c.dep_ == (
            "dobj" if counted else "nsubj") for m in sent.with_conjuncts(c)])
    if noun.dep_ == "nsubj" and noun.head.lower_ in INCLUDE:
        return [m for c in noun.head.children if c.dep_ == "dobj" for m in _listed(sent, c)]
    if noun.dep_ == "nsubj" and noun.head.lower_ in COPULAS:  # Y's biggest investor is A
        return [m for c in noun.head.children if c.dep_ == "attr" for m in _listed(sent, c)]
    if noun.dep_ == "appos":
        return sent.with_conjuncts(noun.head)
    return [m for c in noun.children if c.dep_ == "appos"  # Y's largest shareholder, A,
            for m in sent.with_conjuncts(c)]


def _bought_into(noun: Token) -> list[Token]:
    """"investors that agreed to buy shares in the offering": what the investors of a
    relative clause buy into."""
    clause = next((c for c in noun.children if c.dep_ == "relcl"), None)
    if clause is None:
        return []
    return [p for verb in clause.subtree if verb.lower_ in TAKE_VERBS and verb.pos_ == "VERB"
            for d in verb.children if d.dep_ == "dobj" and d.lower_ in SHARE_NOUNS | STAKE_NOUNS
            for prep in verb.children if prep.dep_ == "prep" and prep.lower_ == "in"
            for p in prep.children if p.dep_ == "pobj"]


def _listed(sent: Sentence, token: Token) -> list[Mention]:
    """A mention and its conjuncts, or the name that a descriptor before it introduces
    ("Saudi Aramco's venture fund Prosperity7")."""
    found = sent.with_conjuncts(token)
    return found or [m for c in token.children if c.dep_ in {"compound", "appos"}
                     for m in [sent.mention(c)] if m]


def _raise(sent: Sentence, verb: Token) -> Iterator[Relation]:
    """Y raised $N from X / in a round led by X."""
    dobj = [c for c in verb.children if c.dep_ == "dobj"]
    if not dobj or not (dobj[0].like_num or dobj[0].text in values.CURRENCY_SIGNS or
                        dobj[0].lower_ in RAISED_GOODS):
        return
    raisers = companies(sent.subjects(verb))
    if raisers:
        ROUNDS.remember(sent, raisers[0])
    goods = [verb, *dobj] + [o for g in (verb, *dobj) for p in g.children
                             if p.dep_ == "prep" and p.lower_ == "in"
                             for o in p.children if o.lower_ in RAISED_GOODS]
    investors = [m for g in goods for p in g.children if p.dep_ == "prep" and p.lower_ == "from"
                 for o in p.children if o.dep_ == "pobj" for m in listed(sent, o)]
    yield from _pairs(sent, verb, investors, raisers, "investment.round",
                      extra={"round": _round(sent)}, sole_amount=True)


def _led_by(sent: Sentence, led: Token) -> Iterator[Relation]:
    """"a round led by X", "Y raised $N in a round, led by X", "the round was led by X"."""
    leaders = _agents(sent, led)
    head = led.head
    passive = [c for c in led.children if c.dep_ == "nsubjpass"]
    if passive and is_round(passive[0]):
        investees, anchor = _round_owner(sent, passive[0]), led
    elif led.dep_ == "acl" and is_round(head):
        investees, anchor = _round_owner(sent, head), _round_verb(head)
    elif led.dep_ in {"advcl", "acl", "conj"} and head.lower_ in RAISE_VERBS:
        investees, anchor = companies(sent.subjects(head)), head
    else:
        return
    yield from _pairs(sent, anchor, leaders, investees, "investment.round",
                      extra={"round": _round(sent)}, sole_amount=True)


def _round_verb(noun: Token) -> Token:
    """The verb a round noun hangs on ("raised $N in a round"): where its sum is."""
    node = noun
    if noun.dep_ == "dobj":
        return noun.head
    while node.dep_ in {"pobj", "prep", "compound"} and node.head != node:
        node = node.head
        if node.pos_ == "VERB":
            return node
    return noun


def _lead_or_join(sent: Sentence, verb: Token) -> Iterator[Relation]:
    """"A led the round", "B also joined (that) round", "C took part in the round", "D also
    took part" right after the round was named; plus "with participation from E"."""
    word = verb.lower_
    rounds = [c for c in verb.children if c.dep_ in {"dobj", "ccomp"} and (
        is_round(c) or (word in ANCHOR_VERBS and c.lower_ in OFFERING_NOUNS))]
    rounds += [p for prep in verb.children if prep.dep_ == "prep" and prep.lower_ == "in"
               for p in prep.children if p.dep_ == "pobj" and is_round(p)]
    taking_part = word in {"took", "take", "takes", "taking"} and any(
        c.dep_ == "dobj" and c.lower_ == "part" for c in verb.children)
    if word in {"took", "take", "takes", "taking"} and not taking_part:
        return
    investees: list[Mention] = []
    for r in rounds:
        investees += [m for m in _round_owner(sent, r) if m not in investees]
    if not rounds and word not in {"led", "leads", "lead", "leading", "co-led"}:
        in_objects = [c for c in verb.children if c.dep_ in {"prep", "dobj"}
                      and c.lower_ not in {"part", "also"}]
        if (taking_part or word.startswith("particip")) and not any(
                c.dep_ == "prep" and c.lower_ == "in" for c in in_objects):
            recalled = ROUNDS.recall(sent, adjacent=True)
            investees = [recalled] if recalled else []
    if not investees:
        return
    leaders = coordinated(sent, _with_subjects(sent, verb) or sent.subjects(verb))
    lone_lead = word in {"led", "leads", "lead"} | ANCHOR_VERBS and len(companies(leaders)) == 1
    yield from _pairs(sent, verb, leaders, investees, "investment.round",
                      extra={"round": _round(sent)}, sole_amount=not lone_lead)
    participants = [m for c in verb.subtree if c.lower_ == "participation"
                    for m in sent.objects(c, {"from", "by"}, direct=False)]
    if word in JOIN_VERBS:  # "also took part, alongside existing backers A"
        participants += [m for m in sent.objects(verb, {"alongside"}, direct=False)
                         if m not in participants]
    yield from _pairs(sent, verb, participants, investees, "investment.round",
                      extra={"round": _round(sent)}, sole_amount=True)


def _with_subjects(sent: Sentence, verb: Token) -> list[Mention]:
    """The names of an absolute "with A and B participating": the parser hangs the verb
    on the name or next to the "with" phrase."""
    if verb.tag_ != "VBG" or any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children):
        return []
    if verb.dep_ == "acl" and verb.head.dep_ == "pobj" and verb.head.head.lower_ == "with":
        return sent.with_conjuncts(verb.head)
    return [m for p in verb.head.children if p.dep_ == "prep" and p.lower_ == "with"
            and p.i < verb.i for o in p.children if o.dep_ == "pobj"
            for m in sent.with_conjuncts(o)]


def _round_included(sent: Sentence, verb: Token) -> Iterator[Relation]:
    """"The round was led by A and included B and C": the investors a round included."""
    investees = _round_owner(sent, _round_subject(verb))
    investors = [m for c in verb.children if c.dep_ == "dobj" for m in listed(sent, c)]
    yield from _pairs(sent, verb, investors, investees, "investment.round",
                      extra={"round": _round(sent)}, sole_amount=True)


def _round_subject(verb: Token) -> Token | None:
    """The round a verb says something of: its subject, or that of the verb it is
    coordinated with ("the round was led by A and included B")."""
    for node in (verb, verb.head if verb.dep_ == "conj" else None):
        for c in node.children if node is not None else ():
            if c.dep_ in {"nsubj", "nsubjpass"} and is_round(c):
                return c
    return None


def _participation(sent: Sentence, noun: Token) -> Iterator[Relation]:
    """"Y raised $N in a round led by A, with participation from B and C"."""
    host = noun.head.head  # with -> the verb or round noun it hangs on
    if host.lower_ in LEAD_VERBS:
        return  # handled with the lead verb
    if is_round(host):
        investees = _round_owner(sent, host)
    elif host.lower_ in RAISE_VERBS:
        investees = companies(sent.subjects(host))
    else:
        return
    yield from _pairs(sent, noun, sent.objects(noun, {"from", "by"}, direct=False), investees,
                      "investment.round", sole_amount=True)


def _portfolio(sent: Sentence, word: Token) -> Iterator[Relation]:
    """"Y, a portfolio company of X", "Y is an X portfolio company", "X's portfolio
    (companies) include(s) A and B": X invests in them."""
    phrase = word.head if word.dep_ == "compound" and word.head.pos_ == "NOUN" else word
    investors = [m for m in [sent.owner(phrase) or sent.owner(word)] if m] + sent.objects(
        phrase, {"of"}, direct=False)
    investors += [m for c in phrase.children if c.dep_ == "compound" and c != word
                  for m in [sent.mention(c)] if m]  # an X portfolio company
    if phrase.dep_ == "appos":
        investees = sent.with_conjuncts(phrase.head)
    elif phrase.dep_ == "attr":
        investees = [m for c in phrase.head.children if c.dep_ == "nsubj"
                     for m in sent.with_conjuncts(c)]
    elif phrase.dep_ == "nsubj" and phrase.head.lower_ in INCLUDE:
        investees = [m for c in phrase.head.children if c.dep_ == "dobj"
                     for m in _listed(sent, c)]
    else:
        return
    yield from _pairs(sent, phrase, investors, investees, "investment.portfolio")


def _hyphen_backed(sent: Sentence, tok: Token) -> Iterator[Relation]:
    """"Microsoft-backed OpenAI", "OpenAI, a Microsoft-backed startup"."""
    backer = sent.mention(tok.nbor(-2))
    backed = sent.mention(tok.head) if tok.head.pos_ == "PROPN" else None
    if backed is None and tok.head.dep_ == "appos":  # Y, a Microsoft-backed startup
        backed = sent.mention(tok.head.head)
    if backer and backed:
        rel = sent.relation("INVESTS_IN", backer, backed, tok, "investment.backed", 0.85,
                            "completed")
        if rel:
            yield rel


def _fund_verb(sent: Sentence, verb: Token) -> Iterator[Relation]:
    """"Y, backed by X", "Y is backed by X", "X, which bankrolls Y", "X backs Y"."""
    agents = _agents(sent, verb)
    if agents:
        passive = [c for c in verb.children if c.dep_ == "nsubjpass"]
        relative = bool(passive) and passive[0].lower_ in {"which", "that"}
        if verb.dep_ == "acl" or (relative and verb.dep_ == "relcl"):
            investees = sent.with_conjuncts(verb.head)
        elif passive:
            investees = sent.with_conjuncts(passive[0])
        else:
            investees = _passive_subject_up(sent, verb)
        yield from _pairs(sent, verb, agents, investees, "investment.backed")
        return
    if verb.lower_.startswith("fund") and not verb.lower_.startswith("funded"):
        return  # "funds research", "funding" as a gerund: too vague
    investees = [m for c in verb.children if c.dep_ == "dobj" for m in sent.with_conjuncts(c)]
    yield from _pairs(sent, verb, doers(sent, verb), investees, "investment.backed")


def _passive_subject_up(sent: Sentence, verb: Token) -> list[Mention]:
    """"Y was founded by A and is backed by X": the passive subject of a conjoined verb."""
    node = verb
    while node.dep_ == "conj" and node.head != node:
        node = node.head
        passive = [c for c in node.children if c.dep_ == "nsubjpass"]
        if passive:
            return sent.with_conjuncts(passive[0])
    return []


def _owns_percent(sent: Sentence, verb: Token) -> Iterator[Relation]:
    """"X owns about 29% of Y", "Y is 40% owned by X" (a minority: more than half makes Y
    a subsidiary)."""
    owned = patients(sent, verb)
    if owned:
        pct = values.parse_percent(verb.doc[max(verb.i - 3, 0):verb.i].text)
        if pct is not None and pct < 50:
            yield from _pairs(sent, verb, _agents(sent, verb), owned, "investment.stake",
                              {"stake_pct": pct})
        return
    for dobj in (c for c in verb.children if c.dep_ == "dobj"):
        pct = values.parse_percent(verb.doc[dobj.left_edge.i:dobj.i + 1].text)
        if pct is None or pct >= 50:
            continue
        investees = sent.objects(dobj, {"of", "in"}, direct=False)
        yield from _pairs(sent, verb, sent.subjects(verb), investees, "investment.stake",
                          {"stake_pct": pct})


def _shares_worth(sent: Sentence, shares: Token) -> Iterator[Relation]:
    """"X will receive $350 million worth of Y stock"."""
    worth = shares.head.head
    verb = worth.head
    if worth.dep_ != "dobj" or verb.lower_ not in TAKE_VERBS:
        return
    owner = sent.owner(shares)
    if owner is None:
        return
    yield from _pairs(sent, verb, sent.subjects(verb), [owner], "investment.stake")


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
