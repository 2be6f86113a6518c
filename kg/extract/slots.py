"""Argument helpers the deal families share: coordinations the small model parses in odd
ways ("A, a Danish startup, and B" with B hung on the apposition; "Talvora Capital and
Brindle Ventures" read as modifiers of one another), relative clauses on lists, main verbs
misread as reduced relatives, and the pronouns the entity layer leaves open ("it" in a
subordinate clause, a sentence-opening "Its rivals")."""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract import modality
from kg.extract.base import Sentence
from kg.extract.entities import PRODUCTS, Mention
from kg.schema import COMPANY

STOP_VERBS = {"stop", "stops", "stopped", "stopping", "cease", "ceases", "ceased", "ceasing"}
# Nouns for a party of a tie, and the verbs that state what such a noun is.
PARTY_NOUNS = {"customer", "customers", "client", "clients", "buyer", "buyers", "partner",
               "partners", "rival", "rivals", "competitor", "competitors", "challenger",
               "challengers", "archrival", "archrivals", "peers", "investor", "investors",
               "backer", "backers", "shareholder", "shareholders", "stakeholder",
               "stakeholders", "supplier", "suppliers", "provider", "providers"}
STATING_VERBS = {"include", "includes", "included", "is", "are", "was", "were", "remains",
                 "remain", "remained", "become", "became", "becomes"}
COMMIT_VERBS = {"commit", "commits", "committed", "committing", "pledge", "pledged",
                "pledges", "promised", "promises", "agree", "agreed", "agrees"}
PLURAL_COMPANIES = {"companies", "firms", "startups", "groups", "businesses", "rivals",
                    "publishers", "newspapers", "papers", "banks", "labs", "chipmakers",
                    "makers", "carmakers", "automakers", "retailers", "insurers", "lenders"}


def doers(sent: Sentence, verb: Token) -> list[Mention]:
    """The subject of a verb; a relative clause on a list ("A, a startup, and B, which
    bought C") belongs to the nearest name only, unless its verb is plural ("A and B, which
    compete with C"); a main verb the parser took for a reduced relative ("X partnered with
    Y" as "X, partnered with Y") has the name it hangs on as its subject, unless it is
    passive ("X, founded by Y"); "X announced a deal to acquire Y": X acquires."""
    relative = any(c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ in {"which", "that", "who"}
                   for c in verb.children)
    if relative and verb.dep_ == "relcl" and verb.tag_ != "VBP":
        return [m for m in [sent.mention(verb.head)] if m]
    found = sent.subjects(verb)
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    noun = verb.head
    if not found and infinitive and verb.dep_ in {"acl", "relcl"} and noun.pos_ == "NOUN" \
            and noun.dep_ == "dobj" and sent.owner(noun) is None:
        found = sent.subjects(noun.head)  # X announced a deal / made an offer to buy Y
    if not found and infinitive and verb.dep_ == "acl" and noun.pos_ == "NOUN" \
            and sent.owner(noun) is not None:
        found = [sent.owner(noun)]  # X's deal to buy Y
    passive = any(c.dep_ in {"agent", "nsubjpass", "auxpass"} for c in verb.children)
    if not found and verb.dep_ == "acl" and not passive and verb.tag_ in {"VBD", "VBN"}:
        found = sent.with_conjuncts(verb.head)  # "X partnered with Y" misread as "X, partnered"
    subject = next((c for c in verb.children if c.dep_ == "nsubj"
                    and sent.mention(c) is None), None)
    if not found and subject is not None and subject.lower_ == "it":
        found = [m for m in [earlier_company(sent, subject) or topic(sent)] if m]
    elif not found and subject is not None:
        found = pair(sent, subject)
    return found


def pair(sent: Sentence, noun: Token) -> list[Mention]:
    """"Both companies" / "the two companies": the first two companies named in the
    sentence before (in the parsed chunk), the pair a report usually goes on about."""
    both = any(c.lower_ == "both" and c.dep_ in {"det", "predet", "preconj"}
               for c in noun.children)
    two = any(c.lower_ == "two" and c.dep_ == "nummod" for c in noun.children)
    if noun.lower_ not in PLURAL_COMPANIES or not (both or two):
        return []
    previous = [s for s in sent.span.doc.sents if s.end <= sent.span.start][-1:]
    named: list[Mention] = []
    for m in sent.mentions:
        if previous and previous[0].start <= m.start < previous[0].end \
                and m.label == COMPANY and all(m.name != n.name for n in named):
            named.append(m)
    return named[:2] if len(named) >= 2 else []


def earlier_company(sent: Sentence, token: Token) -> Mention | None:
    """The nearest company named before ``token`` in its sentence."""
    before = [m for m in sent.mentions if sent.span.start <= m.start and m.end <= token.i
              and m.label == COMPANY]
    return before[-1] if before else None


def topic(sent: Sentence, back: int = 3) -> Mention | None:
    """The company the text is about here: the subject of the nearest of the ``back``
    sentences before this one (in the parsed chunk) whose subject is a named company."""
    earlier = [s for s in sent.span.doc.sents if s.end <= sent.span.start][-back:]
    for prev in reversed(earlier):
        for child in prev.root.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                m = sent.mention(child)
                if m is not None and m.label == COMPANY:
                    return m
    return None


def owner(sent: Sentence, noun: Token) -> Mention | None:
    """The possessor of a noun; a sentence-opening "Its rivals" belongs to the topic."""
    found = sent.owner(noun)
    opening = noun.dep_ in {"nsubj", "nsubjpass"} and any(
        c.dep_ == "poss" and c.lower_ == "its" and c.i == sent.span.start
        for c in noun.children)
    return found if found is not None or not opening else topic(sent)


def makers(sent: Sentence, mentions: list[Mention]) -> list[Mention]:
    """Parties for ``mentions``: a product named like a company ("Amazon's Alexa") stands
    for its maker when the text names one, and is no party otherwise."""
    found = []
    for m in mentions:
        if m.name in PRODUCTS:
            m = sent.owner(sent.span.doc[m.end - 1])
        if m is not None and m not in found:
            found.append(m)
    return found


def ended_tie(trigger: Token) -> str | None:
    """"ended" when the trigger's clause says a tie stopped ("no longer competes",
    "stopped using"), which the shared modality cues do not cover."""
    for tok in modality.chain(trigger):
        if tok.lower_ in STOP_VERBS or (tok.lower_ == "longer" and any(
                c.lower_ == "no" for c in tok.children)):
            return "ended"
    return None


def described(noun: Token, rel_type: str) -> str | None:
    """The status of a tie that a party noun in a subject or apposition describes ("X's
    customers, including Y, cut spending", "A, an investor in Y, plans to ..."): the tie
    holds (or is former: "its former partner") whatever the clause's verb says; None when
    the noun is no such description (the verb then states the tie: "X's rivals include Y")."""
    phrase = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" \
        and noun.head.head.lower_ == "one" else noun  # A, one of X's customers,
    if noun.pos_ not in {"NOUN", "PROPN"} or noun.lower_ not in PARTY_NOUNS \
            or phrase.dep_ not in {"nsubj", "nsubjpass", "appos"} \
            or phrase.head.lower_ in STATING_VERBS:
        return None
    former = any(c.lower_ in {"former", "onetime", "erstwhile", "ex"} for c in noun.children)
    return modality.fit("former" if former else "active", rel_type)


def tie_status(sent: Sentence, trigger: Token, rel_type: str) -> str | None:
    """The status of an ongoing tie: as described by a party noun, or the shared modality,
    or ended (fitted to the type) when the clause says the tie stopped, or planned when it
    is a commitment ("has committed / agreed to buy"); None (from modality) drops a negated
    fact."""
    fixed = described(trigger, rel_type)
    if fixed is not None:
        return fixed
    chosen = modality.status(trigger, rel_type, "active", sent.span)
    if chosen is not None and ended_tie(trigger):
        return modality.fit("ended", rel_type)
    if chosen == "active" and any(t.lower_ in COMMIT_VERBS for t in modality.chain(trigger)):
        return modality.fit("planned", rel_type)
    return chosen


def patients(sent: Sentence, verb: Token) -> list[Mention]:
    """What a passive verb is about: "X is owned by Y", "X, which is owned by Y", and "X is
    40% owned by Y" (read as "is ... owned" with X the subject of "is")."""
    passive = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if passive is not None and passive.lower_ in {"which", "that"} and verb.dep_ == "relcl":
        return sent.with_conjuncts(verb.head)
    if passive is not None:
        return sent.with_conjuncts(passive) or pair(sent, passive)  # both papers are owned
    if verb.dep_ == "acomp":
        subject = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
        if subject is not None and subject.lower_ in {"which", "that"} \
                and verb.head.dep_ == "relcl":
            return sent.with_conjuncts(verb.head.head)  # X, which is majority-owned by Y
        return sent.with_conjuncts(subject)
    return []


def recipients(sent: Sentence, verb: Token, preps: set[str]) -> list[Mention]:
    """Objects of ``preps`` on a verb, also where the parser calls "to" a dative ("sold Y
    to Z", "supply capacity to Z")."""
    found = sent.objects(verb, preps, direct=False)
    found += [m for d in verb.children if d.dep_ == "dative" and d.lower_ in preps
              for p in d.children if p.dep_ == "pobj" for m in sent.with_conjuncts(p)
              if m not in found]
    return found


def listed(sent: Sentence, token: Token) -> list[Mention]:
    """Mentions coordinated with ``token``, also past an apposition ("A, the publisher of Z,
    and B"); names before the apposition's closing comma belong to the apposition ("A, the
    owner of B, C and D,": C and D are A's, not A's partners)."""
    found = sent.with_conjuncts(token)
    for appos in (c for c in token.children if c.dep_ == "appos"):
        close = closing_comma(appos)
        found += [m for c in appos.conjuncts if c.i > close
                  for m in sent.with_conjuncts(c) if m not in found]
    return found


def closing_comma(appos: Token) -> int:
    """Where an apposition ends: the first comma after it that hangs on the apposed name
    (-1 when none does, so that everything counts as after it)."""
    commas = [c.i for c in appos.head.children if c.text == "," and c.i > appos.i]
    return commas[0] if commas else -1


def coordinated(sent: Sentence, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` plus the names coordinated with them as modifiers: only when a "cc"
    shows that the modifiers are a list, so "Spotify co-founder Daniel Ek" stays one."""
    found = list(mentions)
    for m in mentions:
        names, has_cc = [], False
        todo = [sent.span.doc[m.end - 1]]
        while todo:
            tok = todo.pop()
            for child in tok.children:
                if child.dep_ == "cc":
                    has_cc = True
                elif child.dep_ in {"nmod", "compound", "conj", "npadvmod"}:
                    names += [x for x in [sent.mention(child)] if x and x.name != m.name]
                    todo.append(child)
        if has_cc:
            found += [x for x in names if all(x.name != f.name for f in found)]
    return found


def examples(sent: Sentence, noun: Token) -> list[Mention]:
    """Names a plural noun is illustrated with, also when the parser hangs "including" on
    the agent of a participle on the noun ("papers owned by Y, including A and B")."""
    found = sent.objects(noun, {"including", "like"}, direct=False)
    agents = [p for c in noun.children if c.dep_ == "acl" for a in c.children
              if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
    return found + [m for p in agents for m in sent.objects(p, {"including"}, direct=False)
                    if m not in found]
