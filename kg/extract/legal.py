"""SUES (plaintiff -> defendant), kind lawsuit, cease_and_desist or complaint.

"X sued Y", "Y was sued by X", "A, the publisher of Z, and B have sued Y", "X filed a
lawsuit against Y", "X initiated legal action against Google by issuing a cease-and-desist
letter", "X sent (Y) a cease-and-desist letter (to Y)", "X dropped its lawsuit against Y"
(withdrawn), "X threatened to sue Y" / "threatened legal action" (planned), "X settled with
Y" / "a lawsuit filed by X against Y was dismissed" (ended), "X took Y to court", "Y faces a
lawsuit from X" / "Y received a cease-and-desist letter from X", "X won/lost its lawsuit
against Y" (ended), "Y agreed to settle a lawsuit brought by A and B"
(ended; the settling party is the defendant), "the plaintiffs in the case against Y include
A and B", "the lawsuit, filed by X, names A and B as defendants", "the lawsuit, which X filed
in March, accuses Y of ...".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Token

from kg.extract import modality
from kg.extract.base import Sentence
from kg.extract.entities import Mention
from kg.extract.slots import coordinated, examples, listed
from kg.records import Relation

VERBS = {"sue", "sues", "sued", "suing", "countersue", "countersued"}
NOUNS = {"lawsuit", "lawsuits", "suit", "complaint", "action", "letter", "litigation",
         "case", "claim", "claims", "challenge", "petition"}
PLAINTIFF_NOUNS = {"plaintiffs", "plaintiff", "complainants"}
DEFENDANT_NOUNS = {"defendants", "defendant"}
NAME_VERBS = {"names", "named", "name", "naming", "lists", "listed"}
TRIGGERS = VERBS | NOUNS | PLAINTIFF_NOUNS | DEFENDANT_NOUNS | {"cease-and-desist", "desist",
                                                                 "court"}
SETTLE_VERBS = {"settle", "settled", "settles", "settling"}
DROP_VERBS = {"drop", "drops", "dropped", "dropping", "withdraw", "withdrew", "withdrawn",
              "withdraws", "abandon", "abandoned"}
DISMISS_VERBS = {"dismiss", "dismissed", "dismisses", "tossed", "rejected", "thrown"}
FACE_VERBS = {"face", "faces", "faced", "facing", "fight", "fights", "fighting", "fought",
              "receive", "received", "receives", "receiving", "got", "gets"}
DECIDED_VERBS = {"won", "win", "wins", "winning", "lost", "lose", "loses", "losing"}
TAKE_VERBS = {"take", "takes", "took", "taken", "taking"}
THREATEN_VERBS = {"threaten", "threatens", "threatened", "threatening", "warned", "warns"}
ACCUSE_VERBS = {"accuses", "accused", "accuse", "names", "named", "targets", "targeted"}
PAY_VERBS = {"pay", "pays", "paid", "paying"}
BRING_VERBS = {"brought", "filed", "launched", "lodged", "initiated"}
CEASE = re.compile(r"cease[- ]and[- ]desist", re.I)
LEGAL_CONTEXT = re.compile(r"\b(legal|lawsuit|suit|court|copyright|infring|patent|"
                           r"cease|antitrust|litigation|complaint)", re.I)
CONF = 0.88


def extract(sent: Sentence) -> Iterator[Relation]:
    kind = "cease_and_desist" if CEASE.search(sent.text) else None
    for tok in sent.span:
        word = tok.lower_
        if word in VERBS and tok.pos_ == "VERB":
            passive = [c for c in tok.children if c.dep_ == "nsubjpass"]
            if passive:
                plaintiffs, defendants = sent.passive_agents(tok), sent.with_conjuncts(passive[0])
            else:
                plaintiffs = [m for m in sent.subjects(tok)]
                subject = next((c for c in tok.children if c.dep_ == "nsubj"), None)
                if subject is not None:  # A, the publisher of Z, and B have sued
                    plaintiffs += [m for m in listed(sent, subject) + examples(sent, subject)
                                   if m not in plaintiffs]
                defendants = [m for c in tok.children if c.dep_ == "dobj"
                              for m in sent.with_conjuncts(c)]
            yield from _pairs(sent, tok, plaintiffs, defendants, kind or "lawsuit",
                              "legal.sue")
        elif word in PLAINTIFF_NOUNS and tok.pos_ == "NOUN":
            yield from _plaintiffs(sent, tok, kind)
        elif word in DEFENDANT_NOUNS and "as" in {t.lower_ for t in tok.doc[tok.i - 2:tok.i]}:
            yield from _named_defendants(sent, tok, kind)
        elif word in TAKE_VERBS and _to_court(tok):  # X took Y to court
            defendants = [m for c in tok.children if c.dep_ == "dobj"
                          for m in sent.with_conjuncts(c)]
            yield from _pairs(sent, tok, sent.subjects(tok), defendants, kind or "lawsuit",
                              "legal.court")
        elif word in NOUNS and tok.pos_ == "NOUN" and LEGAL_CONTEXT.search(sent.text):
            if word == "letter" and kind is None or word == "action" and not any(
                    c.lower_ in {"legal", "court"} for c in tok.children):
                continue
            defendants = sent.objects(tok, {"against"}, direct=False)
            verb = tok.head if tok.dep_ in {"dobj", "nsubjpass"} else None
            if verb is not None and not defendants:
                defendants = _recipients(sent, verb)
            plaintiffs = [m for m in [sent.owner(tok)] if m] or (
                sent.subjects(verb) if verb is not None else [])
            brought = _brought_by(sent, tok)
            if brought:  # Y settles/fights a lawsuit brought by A (against Y)
                defendants = defendants or [m for c in tok.children if c.dep_ == "acl"
                                            for m in sent.objects(c, {"against"}, direct=False)]
                plaintiffs, defendants = brought, defendants or (
                    sent.subjects(verb) if verb is not None and tok.dep_ == "dobj" else [])
            elif verb is not None and verb.lower_ in FACE_VERBS:  # Y faces a lawsuit from X
                plaintiffs = sent.objects(tok, {"from", "by"}, direct=False)
                defendants = sent.subjects(verb)
            elif tok.dep_ == "nsubj" and tok.head.lower_ in ACCUSE_VERBS and not defendants:
                defendants = [m for c in tok.head.children if c.dep_ == "dobj"  # accuses Y
                              for m in sent.with_conjuncts(c)]
                plaintiffs = plaintiffs or [m for c in tok.children if c.dep_ == "relcl"
                                            for m in sent.subjects(c)]  # which X filed
            this_kind = kind or ("complaint" if word == "complaint" else "lawsuit")
            yield from _pairs(sent, tok, plaintiffs, defendants, this_kind, "legal.filing")


def _plaintiffs(sent: Sentence, noun: Token, kind: str | None) -> Iterator[Relation]:
    """"The plaintiffs in the lawsuit against Y include A and B", "a case against Y whose
    plaintiffs include A", "A and B are plaintiffs in a suit against Y"."""
    if noun.dep_ == "nsubj" and noun.head.lower_ in {"include", "includes", "included"}:
        plaintiffs = [m for c in noun.head.children if c.dep_ == "dobj"
                      for m in listed(sent, c)]
    elif noun.dep_ == "attr":
        plaintiffs = [m for c in noun.head.children if c.dep_ == "nsubj"
                      for m in sent.with_conjuncts(c)]
    else:
        plaintiffs = sent.objects(noun, {"including", "like"}, direct=False)
    cases = [t for t in noun.subtree if t.lower_ in NOUNS]
    clause = next((a for a in noun.ancestors if a.dep_ == "relcl"), None)
    if clause is not None and any(c.lower_ == "whose" for c in noun.children):
        case = clause.head  # a case against Y whose plaintiffs include A
        if case.dep_ == "pobj" and case.head.lower_ == "against":
            case = case.head.head  # the clause read as hanging on Y
        cases.append(case)
    defendants = [m for case in cases for m in sent.objects(case, {"against"}, direct=False)]
    yield from _pairs(sent, noun, plaintiffs, defendants, kind or "lawsuit", "legal.plaintiff")


def _named_defendants(sent: Sentence, noun: Token, kind: str | None) -> Iterator[Relation]:
    """"The lawsuit, filed by X, names A and B as defendants": by position, as the parser
    often reads "names" as a noun; the plaintiffs are who brought the case."""
    naming = [t for t in sent.span if t.lower_ in NAME_VERBS and t.i < noun.i]
    if not naming:
        return
    start, end = naming[-1].i, min(t.i for t in noun.doc[noun.i - 2:noun.i] if t.lower_ == "as")
    defendants = [m for m in sent.own_mentions() if start < m.start and m.end <= end]
    cases = [t for t in sent.span if t.lower_ in NOUNS and t.i < start]
    plaintiffs = [m for case in cases for m in _brought_by(sent, case)]
    if not plaintiffs and cases:  # brought by a group of artists led by X
        plaintiffs = [m for t in sent.span.doc[cases[0].i:start] if t.lower_ == "by"
                      for m in [sent.mention(t.nbor(1))] if m and m.start == t.i + 1]
    plaintiffs = [m for m in plaintiffs if m.start < start]
    yield from _pairs(sent, noun, plaintiffs, defendants, kind or "lawsuit", "legal.named")


def _to_court(verb: Token) -> bool:
    """"took Y to court" (the model may read "court" as a verb)."""
    return any(t.lower_ == "court" and t.i > 0 and t.nbor(-1).lower_ == "to"
               for t in verb.subtree) and any(c.dep_ == "dobj" for c in verb.children)


def _recipients(sent: Sentence, verb: Token) -> list[Mention]:
    """Whom a letter or an action is aimed at: "against Y", "to Y", "sent Y a letter"."""
    found = sent.objects(verb, {"against", "to"}, direct=False)
    for dative in (c for c in verb.children if c.dep_ == "dative"):
        heads = [p for p in dative.children if p.dep_ == "pobj"] if dative.lower_ == "to" \
            else [dative]
        found += [m for h in heads for m in sent.with_conjuncts(h) if m not in found]
    return found


def _brought_by(sent: Sentence, noun: Token) -> list[Mention]:
    """"a lawsuit brought/filed by A, B and C" -> A, B, C."""
    return [m for c in noun.children if c.dep_ == "acl" and c.lower_ in BRING_VERBS
            for m in coordinated(sent, sent.passive_agents(c))]


def _pairs(sent: Sentence, trigger: Token, plaintiffs, defendants, kind: str,
           extractor: str) -> Iterator[Relation]:
    anchors = modality.chain(trigger)
    settling = [t for t in anchors if t.lower_ in SETTLE_VERBS]
    anchors += [t.head for t in settling if t.dep_ in {"advcl", "xcomp"}
                and t.head.lower_ in PAY_VERBS]  # agreed to pay $N to settle a lawsuit
    props = {"kind": kind, **sent.when(anchors), **sent.money(anchors)}
    props.pop("valuation", None)
    words = {t.lower_ for t in anchors}
    status = "ended" if settling or words & (DISMISS_VERBS | DECIDED_VERBS) else "withdrawn" \
        if words & DROP_VERBS else "planned" if words & THREATEN_VERBS else None
    for plaintiff in plaintiffs:
        for defendant in defendants:
            rel = sent.relation("SUES", plaintiff, defendant, trigger, extractor, CONF,
                                "active", props, status=status)
            if rel:
                yield rel
