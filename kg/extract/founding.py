"""FOUNDED (founder -> company): "X founded Y in 2015", "Y, founded by X", "Y co-founder X",
"X, the founder of Y", "X co-founded Y with Z"."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.extract import modality, roles
from kg.extract.base import RELATIVE_PRONOUNS, Sentence
from kg.extract.entities import COMPANY_SUFFIXES, Mention
from kg.records import Relation
from kg.schema import COMPANY, PERSON

VERBS = {"found", "founded", "co-founded", "cofounded", "establish", "established",
         "launched", "started", "set"}
TRIGGERS = VERBS | {"founder", "founders", "co-founder", "cofounder", "co-founders"}
CONF = 0.9


def extract(sent: Sentence) -> Iterator[Relation]:
    for link in roles.role_links(sent):
        if link.role in roles.FOUNDER_ROLES and link.org is not None:
            rel = sent.relation("FOUNDED", link.person, link.org, link.title, "founding.role",
                                CONF, "completed", sent.when([link.title]),
                                status="completed")
            if rel:
                yield rel
    for tok in sent.span:
        if tok.lower_ not in VERBS or tok.pos_ != "VERB":
            continue
        if tok.lower_ in {"launched", "started", "set"} and not _company_object(sent, tok):
            continue
        if tok.lower_ == "set" and not any(c.lower_ == "up" for c in tok.children):
            continue
        verb = _co_prefix(tok) or tok  # "co-founded" is three tokens: co - founded
        children = [*verb.children, *tok.children]
        children += [g for c in (*verb.children, *tok.children) if c.dep_ == "auxpass"
                     for g in c.children if g.dep_ == "nsubj"]  # hung on "was"
        passive = [c for c in children if c.dep_ == "nsubjpass" or (
            c.dep_ == "nsubj" and any(a.dep_ == "auxpass" for a in children))]
        if passive or verb.dep_ == "acl":  # Y was founded by X / Y, founded by X
            subject = passive[0] if passive else verb.head
            if subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                subject = verb.head  # Y, which was founded by X
            companies = [_as_company(m) for m in sent.with_conjuncts(_named(sent, subject))]
            founders = _agents(sent, tok) or _agents(sent, verb)
        else:
            founders = sent.subjects(verb) or _name_before(sent, verb)
            founders += [  # "X started Y with Z": Z a person
                m for m in sent.objects(tok, {"with"}, direct=False) if m.label == PERSON]
            objects = [c for c in (*verb.children, *tok.children) if c.dep_ == "dobj"]
            companies = [_as_company(m) for c in objects for m in sent.with_conjuncts(c)]
            if any(c.lower_ in RELATIVE_PRONOUNS for c in objects) and verb.dep_ == "relcl":
                companies += [_as_company(m) for m in sent.with_conjuncts(verb.head)]
        yield from _pairs(sent, tok, founders, companies)


_LIST_END = {"who", "which", "that", "whose", ";", "said", "says"}


def _agents(sent: Sentence, verb: Token) -> list[Mention]:
    """Founders after "by": the parsed agents, plus the people the list names by position
    when appositions break it ("by A, a former litigator, and B, a researcher")."""
    found = sent.passive_agents(verb)
    by = next((c for c in verb.children if c.dep_ == "agent"), None)
    if by is None:
        return found
    doc = verb.doc
    i = by.i + 1
    while i < sent.span.end and doc[i].lower_ not in _LIST_END and not (
            doc[i].pos_ in {"VERB", "AUX"} and sent.mention(doc[i]) is None):
        m = sent.mention(doc[i])
        if m is not None:
            if m.label == PERSON and m not in found:
                found.append(m)
            i = m.end
            continue
        i += 1
    return found


def _named(sent: Sentence, token: Token) -> Token:
    """"Y, the AI startup founded by X": the name the described noun stands for."""
    node = token
    for _ in range(3):  # the parser may hang the description on any of its words
        if sent.mention(node) is not None or node.dep_ not in {"appos", "acl", "compound"}:
            break
        node = node.head
    return node if sent.mention(node) is not None else token


def _name_before(sent: Sentence, verb: Token) -> list[Mention]:
    """"Wang co-founded Scale": the parser often hangs the name on the split "co" instead of
    making it the subject; a person named right before the verb is its subject."""
    before = sent.mention(verb.doc[verb.i - 1]) if verb.i > sent.span.start else None
    return [before] if before is not None and before.label == PERSON else []


def _co_prefix(tok: Token) -> Token | None:
    doc = tok.doc
    if tok.i >= 2 and doc[tok.i - 1].text == "-" and doc[tok.i - 2].lower_ == "co":
        return doc[tok.i - 2]
    return None


def _as_company(m: Mention) -> Mention:
    """What someone founded is an organisation, whatever the NER thought ("who founded
    Aleph Alpha"): only statistical labels are overruled, never the entity list."""
    if m.label == PERSON and m.origin == "ner":
        return Mention(m.start, m.end, m.name, COMPANY, "pattern")
    return m


def _company_object(sent: Sentence, verb: Token) -> bool:
    """Started/launched what? A company ("started the company", "Y was started by X"), or
    a named one that the relative clause hangs on ("Y, which X started in 2022")."""
    agent = any(c.dep_ == "agent" for c in verb.children)
    for c in verb.children:
        if c.dep_ == "nsubjpass" and agent:  # "Y was started in 2021 by A and B"
            m = sent.mention(c)
            return c.lower_ in {"company", "startup", "firm", "lab"} or (
                m is not None and m.label == COMPANY)
        if c.dep_ != "dobj":
            continue
        if c.lower_ in {"company", "startup", "firm", "lab"}:
            return True
        m = sent.mention(c)  # "started Glimmer Labs": a name shaped like a company's
        if m is not None and m.label == COMPANY and verb.lower_ == "started" and (
                m.origin == "list" or sent.span.doc[m.end - 1].lower_ in COMPANY_SUFFIXES):
            return True
        if c.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            m = sent.mention(verb.head)
            return m is not None and m.label == COMPANY and m.origin != "coref"
    return False


def _pairs(sent: Sentence, verb: Token, founders, companies) -> Iterator[Relation]:
    props = sent.when(modality.chain(verb))
    for founder in founders:
        for company in companies:
            rel = sent.relation("FOUNDED", founder, company, verb, "founding.verb", CONF,
                                "completed", props)
            if rel:
                yield rel
