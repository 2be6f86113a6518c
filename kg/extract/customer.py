"""CUSTOMER_OF (customer -> supplier).

"X allocated $200 million for Y's services", "X signed a contract to supply computing power
to Y" (Y is the customer), "Y is X's largest customer", "X's customers include A and B",
"A, B and C are reconsidering or suspending contracts with Y" (paused), "X pays Y to
license its archives", "X will pay $N to license some of Y's technology", "X rents capacity
from Y", "X will use Y as its cloud provider", "X's assistant runs on Y's models", "Y cut X's
access to its models" (ended), "Y counts A and B among its customers", "one of Y's biggest
customers", "A, its largest customer", "Y's biggest customers are A and B", "A is Y's
largest supplier", "Y counts A as a customer", "Y won a contract from X", "X awarded Y a
contract". "X plans to end its relationship with Y" says how an existing tie ends: a Hint,
merged into the article's customer or partner relation between X and Y, never an edge on
its own.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.extract import modality
from kg.extract.base import COPULAS, Hint, Sentence, companies
from kg.extract.entities import PRODUCTS, Mention
from kg.extract.slots import coordinated, doers, makers, owner, recipients, tie_status
from kg.records import Relation
from kg.schema import COMPANY

SUPPLY_VERBS = {"supply", "supplies", "supplied", "supplying", "provide", "provides",
                "provided", "providing", "sell", "sells", "sold", "selling", "deliver",
                "delivers", "delivered", "license", "licenses", "licensed", "licensing"}
PAY_VERBS = {"pay", "pays", "paid", "paying"}
SPEND_VERBS = PAY_VERBS | {"allocate", "allocates", "allocated", "allocating", "spend", "spends",
                           "spent", "spending", "budgeted", "earmarked"}
LICENSE_VERBS = {"license", "licenses", "licensed", "licensing"}
RUN_ON_VERBS = {"run", "runs", "running", "ran", "built", "powered", "train", "trains", "trained",
                "training", "host", "hosts", "hosted", "hosting"}
ACCESS_NOUNS = {"access"}
# Taking access away says a customer tie existed; granting it may be a partnership perk.
CUT_VERBS = {"cut", "cuts", "cutting", "revoke", "revoked", "revokes", "restrict", "restricted",
             "restricts", "block", "blocked", "blocks", "suspend", "suspended", "suspends",
             "end", "ended", "ends", "halt", "halted", "shut", "limit", "limited"}
PROVIDER_NOUNS = {"provider", "supplier", "vendor", "partner", "host"}
USE_VERBS = {"use", "uses", "used", "using", "rely", "relies", "relied", "relying", "tap",
             "tapped", "taps", "hire", "hired", "hires", "rent", "rents", "rented", "renting",
             "lease", "leases", "leased", "buys", "bought", "buy", "buying", "purchase",
             "purchased", "purchases", "adopt", "adopted", "adopts", "deploy", "deployed",
             "deploys", "choose", "chose", "chosen", "select", "selected", "outsource",
             "outsourced"}
OWNERSHIP_WORDS = {"itself", "themselves", "stake", "stakes", "shares", "stock", "unit",
                   "business", "division", "subsidiary", "company", "startup"}
WIN_VERBS = {"won", "win", "wins", "winning", "secured", "secures", "landed", "lands",
             "clinched", "bagged"}
AWARD_VERBS = {"award", "awards", "awarded", "awarding", "granted", "grants"}
# What is paid without buying anything: "X will pay Y a $1 billion termination fee".
DUES = {"fee", "fees", "fine", "fines", "penalty", "penalties", "damages", "settlement",
        "compensation", "severance", "tax", "taxes", "dividend", "dividends", "bonus",
        "ransom"}
CUSTOMER_NOUNS = {"customer", "customers", "client", "clients", "buyer", "buyers"}
SUPPLIER_NOUNS = {"supplier", "suppliers", "vendor", "vendors"}
CONTRACT_NOUNS = {"contract", "contracts"}
TIE_NOUNS = {"relationship", "relationships", "ties", "engagement", "engagements",
             "dealings", "work", "business"}
TRIGGERS = SUPPLY_VERBS | SPEND_VERBS | USE_VERBS | CUSTOMER_NOUNS | SUPPLIER_NOUNS \
    | CONTRACT_NOUNS | TIE_NOUNS | RUN_ON_VERBS | ACCESS_NOUNS
CONF = 0.85


def extract(sent: Sentence) -> Iterator[Relation | Hint]:
    for tok in sent.span:
        word = tok.lower_
        if word in LICENSE_VERBS and tok.pos_ == "VERB" and _licensed_from(sent, tok):
            paying = tok.head if tok.dep_ in {"advcl", "xcomp"} and \
                tok.head.lower_ in SPEND_VERBS else tok  # will pay $N to license ...
            yield from _pairs(sent, paying, sent.subjects(tok), _licensed_from(sent, tok),
                              "customer.license")
        elif word in SUPPLY_VERBS and tok.pos_ == "VERB" and not _sells_company(sent, tok):
            customers = coordinated(sent, recipients(sent, tok, {"to", "for"}))
            if not customers:
                customers = [m for c in tok.children if c.dep_ == "dobj"
                             for m in sent.with_conjuncts(c)
                             if any(p.lower_ == "with" for p in c.head.children)]
            yield from _pairs(sent, tok, customers, sent.subjects(tok), "customer.supply")
        elif word in SPEND_VERBS and tok.pos_ == "VERB":
            suppliers = sent.objects(tok, {"for", "on", "to"}, direct=False)
            if _pays_dues(tok):
                continue  # "pay Y a termination fee / damages": no purchase
            if word in PAY_VERBS:  # X pays Y (to license ...)
                suppliers += [m for c in tok.children if c.dep_ in {"dobj", "dative"}
                              for m in sent.with_conjuncts(c) if m not in suppliers]
            yield from _pairs(sent, tok, sent.subjects(tok), suppliers, "customer.spend")
        elif word in USE_VERBS and tok.pos_ == "VERB":
            suppliers = [m for c in tok.children if c.dep_ == "dobj"
                         for m in _offered_by(sent, c)]
            if word.startswith("rel"):  # relies on Y / on Y's models / on models from Y
                suppliers += sent.objects(tok, {"on"}, direct=False) + [
                    m for p in tok.children if p.dep_ == "prep" and p.lower_ == "on"
                    for o in p.children if o.dep_ == "pobj" for m in _offered_by(sent, o)]
            if _buys_goods(tok):  # rents capacity from Y, buys $N of chips from Y
                suppliers += sent.objects(tok, {"from"}, direct=False) + [
                    m for d in tok.children if d.dep_ == "dobj" for t in d.subtree
                    if t.dep_ == "prep" and t.lower_ == "from" and t.head.dep_ != "relcl"
                    for o in t.children if o.dep_ == "pobj" for m in sent.with_conjuncts(o)]
            if _as_provider(tok):  # X will use Y as its cloud provider
                suppliers += [m for c in tok.children if c.dep_ == "dobj"
                              for m in sent.with_conjuncts(c)]
            buyers = doers(sent, tok)
            offered = [c for c in tok.children if c.dep_ == "nsubjpass"]
            if offered and not buyers:  # "Y's chips are used by A and B"
                suppliers = [m for c in offered for m in _offered_by(sent, c)]
                buyers = sent.passive_agents(tok)
            yield from _pairs(sent, tok, buyers, suppliers, "customer.use", conf=0.75)
        elif word in RUN_ON_VERBS:
            yield from _runs_on(sent, tok)
        elif word in ACCESS_NOUNS and tok.pos_ == "NOUN":
            yield from _access(sent, tok)
        elif word in CUSTOMER_NOUNS and tok.pos_ == "NOUN":
            yield from _customer_noun(sent, tok)
        elif word in SUPPLIER_NOUNS and tok.pos_ == "NOUN":
            yield from _supplier_noun(sent, tok)
        elif word in CONTRACT_NOUNS | TIE_NOUNS and tok.pos_ == "NOUN":
            yield from _tie(sent, tok, creates=word in CONTRACT_NOUNS)


_OFFERING_HEADS = {"services", "service", "platform", "chips", "gpus", "models", "cloud",
                   "software", "technology", "tools", "infrastructure", "servers", "data",
                   "systems", "processors", "hardware", "accelerators", "model", "chip",
                   "archives", "content", "capacity", "compute"}


def _offered_by(sent: Sentence, noun: Token) -> list[Mention]:
    """Who offers what a noun names: "Y's models", "Y systems", "some of Y's technology"
    (for each coordinated noun); a company named directly is not an offering."""
    found = []
    for tok in (noun, *noun.conjuncts):
        if tok.lower_ in {"some", "all", "most", "part", "much", "access"}:
            tok = next((p for prep in tok.children if prep.lower_ == "of"
                        for p in prep.children if p.dep_ == "pobj"), tok)
        if tok.lower_ in _OFFERING_HEADS and sent.mention(tok) is None:  # not Talvora Systems
            offerers = [m for m in [sent.owner(tok)] if m] or sent.objects(
                tok, {"from", "by"}, direct=False)  # Y's models, models from Y
            if not offerers and tok.dep_ == "conj":  # Y's A and B systems
                offerers = [m for c in noun.children if c.dep_ == "poss"
                            for m in [sent.mention(c)] if m]
            found += [m for m in offerers if m not in found]
    return found


def _licensed_from(sent: Sentence, verb: Token) -> list[Mention]:
    """"(pays to) license some of Y's technology": Y, when Y is not the licensee itself."""
    subjects = {m.name for m in sent.subjects(verb)}
    return [m for c in verb.children if c.dep_ == "dobj" for m in _offered_by(sent, c)
            if m.name not in subjects]


def _sells_company(sent: Sentence, verb: Token) -> bool:
    """"sold itself / its unit Y / its stake to Z" is an acquisition or an investment,
    not a supply."""
    if verb.lower_ not in {"sell", "sells", "sold", "selling"}:
        return False
    return any(c.dep_ in {"dobj", "nsubjpass"} and (
        c.lower_ in OWNERSHIP_WORDS or (sent.mention(c) and c.text not in PRODUCTS))
        for c in verb.children)


def _pays_dues(verb: Token) -> bool:
    """A fee, fine or damages paid (directly or "$N in fees"): owed money, not a supply."""
    return any(t.lower_ in DUES for c in verb.children if c.dep_ in {"dobj", "prep"}
               for t in c.subtree)


def _buys_goods(verb: Token) -> bool:
    """"rents capacity from Y", "buys its chips from Y": a good is bought, not a company."""
    return any(c.dep_ == "dobj" and c.pos_ in {"NOUN", "ADJ", "PRON", "NUM"}
               for c in verb.children)  # "buy most of their chips / $2 billion of chips"


def _as_provider(verb: Token) -> bool:
    return any(p.lower_ == "as" and any(o.lower_ in PROVIDER_NOUNS for o in p.children)
               for p in verb.children if p.dep_ == "prep")


def _runs_on(sent: Sentence, verb: Token) -> Iterator[Relation]:
    """"X's assistant runs on Y's models", "X's app is built on Y's cloud", "X runs its
    models on Y's chips": the owner of the product (or X) is Y's customer ("runs" is often
    tagged a noun, hence by position too)."""
    heads = [verb, *[c for c in verb.children if c.dep_ == "dobj"]]  # runs its models on Y's
    preps = [p for h in heads for p in h.children if p.dep_ in {"prep", "agent"}
             and p.lower_ in {"on", "by"}]
    suppliers = [m for p in preps for o in p.children if o.dep_ == "pobj"
                 for m in _offered_by(sent, o)]
    if not suppliers:
        return
    product = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    # "X's assistant runs" with "runs" read as a noun: X possesses "runs" itself
    user = sent.owner(product) if product is not None else sent.owner(verb)
    if user is None and product is not None and verb.lower_.startswith("run") \
            and any(c.dep_ == "dobj" for c in verb.children):
        user = sent.mention(product)  # X runs its models on Y's chips
    if user is None and product is None and verb.dep_ in {"acl", "advcl", "xcomp"}:
        # X signed a deal to run its models on ..., X plans to run ... on ...
        user = next(iter(doers(sent, verb)), None)
    customers = [user] if user else []
    yield from _pairs(sent, verb, customers, suppliers, "customer.runs_on", conf=0.75)


def _access(sent: Sentence, noun: Token) -> Iterator[Relation]:
    """"Y cut (off) X's access to its models" (ended)."""
    verb = noun.head
    holder = sent.owner(noun)
    if noun.dep_ != "dobj" or verb.lower_ not in CUT_VERBS or holder is None:
        return
    customers = [holder]
    yield from _pairs(sent, verb, customers, sent.subjects(verb), "customer.access",
                      conf=0.75)


def _pairs(sent: Sentence, trigger: Token, customers, suppliers, extractor: str,
           conf: float = CONF) -> Iterator[Relation]:
    anchors = modality.chain(trigger)
    if trigger.dep_ == "acl":  # signed a $N agreement to supply ...
        anchors.append(trigger.head)
    props = {**sent.money(anchors), **sent.when(anchors)}
    props.pop("valuation", None)
    for customer in companies(makers(sent, customers)):
        for supplier in companies(makers(sent, suppliers)):
            rel = sent.relation("CUSTOMER_OF", customer, supplier, trigger, extractor, conf,
                                "active", props, status=tie_status(sent, trigger, "CUSTOMER_OF"))
            if rel:
                yield rel


def _customer_noun(sent: Sentence, noun: Token) -> Iterator[Relation]:
    counted = noun.dep_ == "pobj" and noun.head.lower_ == "as" and noun.head.head.pos_ == "VERB"
    if counted and not (sent.owner(noun) or sent.objects(noun, {"of"}, direct=False)):
        verb = noun.head.head  # Y counts A as a customer
        yield from _pairs(sent, noun, [m for c in verb.children if c.dep_ == "dobj"
                                       for m in sent.with_conjuncts(c)],
                          sent.subjects(verb), "customer.noun")
        return
    supplier = _apposed_owner(sent, noun) or owner(sent, noun) or next(
        iter(sent.objects(noun, {"of"}, direct=False)), None)
    if supplier is None or (supplier.origin == "coref" and _pronoun_owned(noun)):
        return  # "its" standing for "the company" standing for a name: one guess too many
    customers = []
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.dep_ == "attr":
        attr = noun.head.head  # A is one of X's biggest customers
        customers = [m for c in attr.head.children if c.dep_ == "nsubj"
                     for m in sent.with_conjuncts(c)]
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.dep_ == "appos":
        customers = sent.with_conjuncts(noun.head.head.head)  # A, one of X's customers,
    if noun.dep_ == "pobj" and noun.head.lower_ == "among":  # counts A among its customers
        customers = [m for c in noun.head.head.children if c.dep_ == "dobj"
                     for m in sent.with_conjuncts(c)]
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
    if noun.dep_ == "nsubj" and noun.head.lower_ in COPULAS:  # X's biggest customers are A, B
        customers += [m for c in noun.head.children if c.dep_ == "attr"
                      for m in sent.with_conjuncts(c)]
    if noun.dep_ == "appos":
        customers += sent.with_conjuncts(noun.head)
    yield from _pairs(sent, noun, customers, [supplier], "customer.noun")


def _supplier_noun(sent: Sentence, noun: Token) -> Iterator[Relation]:
    """"A is X's largest supplier", "A, X's chip supplier,", "X's suppliers include A":
    X is A's customer (only with X named as the possessor)."""
    customer = sent.owner(noun)
    if customer is None or customer.origin == "coref" or _pronoun_owned(noun):
        return
    suppliers = []
    if noun.dep_ == "attr":
        suppliers = [m for c in noun.head.children if c.dep_ == "nsubj"
                     for m in sent.with_conjuncts(c)]
    elif noun.dep_ == "appos":
        suppliers = sent.with_conjuncts(noun.head)
    elif noun.dep_ == "nsubj" and noun.head.lower_ in {"include", "includes", "included"}:
        suppliers = [m for c in noun.head.children if c.dep_ == "dobj"
                     for m in sent.with_conjuncts(c)]
    yield from _pairs(sent, noun, [customer], suppliers, "customer.supplier")


def _pronoun_owned(noun: Token) -> bool:
    return any(c.dep_ == "poss" and c.lower_ in {"its", "their"} for c in noun.children)


def _apposed_owner(sent: Sentence, noun: Token) -> Mention | None:
    """"its" in "reliance on A, its largest customer": the company named before A."""
    if not _pronoun_owned(noun) or noun.dep_ != "appos" or sent.mention(noun.head) is None:
        return None
    named = sent.mention(noun.head)
    earlier = [m for m in sent.mentions if m.end <= noun.head.i and m.label == COMPANY
               and m.name != named.name and m.start >= sent.span.start]
    return earlier[-1] if earlier else None


def _tie(sent: Sentence, noun: Token, creates: bool) -> Iterator[Relation | Hint]:
    others = sent.objects(noun, {"with"}, direct=False)
    if creates and noun.dep_ in {"dobj", "pobj"}:
        verb = noun.head
        if verb.lower_ in WIN_VERBS:  # Y won a contract from X
            yield from _pairs(sent, verb, sent.objects(noun, {"from"}, direct=False)
                              + sent.objects(verb, {"from"}, direct=False),
                              sent.subjects(verb), "customer.contract")
        elif verb.lower_ in AWARD_VERBS:  # X awarded Y a contract
            yield from _pairs(sent, verb, sent.subjects(verb),
                              [m for c in verb.children if c.dep_ in {"dative", "dobj"}
                               and c != noun for m in sent.with_conjuncts(c)]
                              + sent.objects(noun, {"to"}, direct=False), "customer.contract")
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
