"""Job titles: finding them next to people and organisations, and normalising them.

Shared by the people family (HOLDS_ROLE, MOVES_TO) and the founding family (founders).
Patterns, all over the dependency parse: "X, CEO of Y" / "X, Y's CEO" (apposition),
"Y's CEO, X" (the title first), "Y CEO X" / "former Y chief executive X" (pre-modifiers),
"X is/serves as the CEO of Y" (copula).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Token

from kg.extract.base import Sentence, people
from kg.extract.entities import Mention
from kg.schema import COMPANY, PERSON

ROLE_HEADS = {"ceo", "cfo", "cto", "coo", "cro", "cpo", "cmo", "ciso", "officer", "executive",
              "president", "chairman", "chairwoman", "chair", "founder", "co-founder", "founders",
              "cofounder", "head", "director", "scientist", "vp", "chief", "lead", "leader",
              "boss", "partner", "manager", "architect", "researcher", "engineer", "chairperson",
              "counsel"}
_ROLE_NAMES = [
    (r"\b(ceo|chief executive(?: officer)?)\b", "CEO"),
    (r"\b(cfo|chief financial officer|finance chief)\b", "CFO"),
    (r"\b(cto|chief technology officer|chief technical officer|technology chief)\b", "CTO"),
    (r"\b(coo|chief operating officer)\b", "COO"),
    (r"\b(cro|chief revenue officer)\b", "Chief Revenue Officer"),
    (r"\b(cpo|chief product officer)\b", "Chief Product Officer"),
    (r"\b(cmo|chief marketing officer)\b", "Chief Marketing Officer"),
    (r"\b(ciso|chief information security officer)\b", "Chief Information Security Officer"),
    (r"\bchief (ai|artificial intelligence) officer\b", "Chief AI Officer"),
    (r"\bchief scientist\b", "Chief Scientist"),
    (r"\bchief research officer\b", "Chief Research Officer"),
    (r"\bchief people officer\b", "Chief People Officer"),
    (r"\bco-?founders?\b", "Co-founder"),
    (r"\bfounders?\b", "Founder"),
    (r"\b(chairman|chairwoman|chairperson|chair)\b", "Chair"),
    (r"\bsenior vice president\b", "Senior Vice President"),
    (r"\b(vice president|vp)\b", "Vice President"),
    (r"\bpresident\b", "President"),
    (r"\bgeneral manager\b", "General Manager"),
    (r"\bgeneral counsel\b", "General Counsel"),
    (r"\bmanaging director\b", "Managing Director"),
    (r"\bgeneral partner\b", "General Partner"),
    (r"\bpartner\b", "Partner"),
    (r"\bhead of ([a-z][a-z &-]+)", None),
    (r"\bchief ([a-z]+) officer\b", None),
]
FOUNDER_ROLES = {"Founder", "Co-founder"}
_FORMER = {"former", "ex", "ex-", "previous", "erstwhile", "onetime", "one-time"}


def normalise_role(text: str) -> str | None:
    """A title's canonical name: "chief executive" -> "CEO", "CRO" -> "Chief Revenue Officer".

    >>> normalise_role("Chief Revenue Officer"), normalise_role("interim chief executive")
    ('Chief Revenue Officer', 'Interim CEO')
    """
    low = text.lower().replace("’", "'")
    for pattern, name in _ROLE_NAMES:
        m = re.search(pattern, low)
        if m:
            role = name or m.group(0).title().replace(" Of ", " of ")
            qualifier = re.search(r"\b(interim|acting)\b", low)
            return f"{qualifier.group(1).title()} {role}" if qualifier else role
    return None


@dataclass(frozen=True)
class RoleLink:
    """A person linked to an organisation by a title in one sentence."""

    person: Mention
    org: Mention | None
    role: str
    title: Token  # head word of the title
    former: bool


def role_phrase(title: Token) -> str:
    """The title words around a head: "Chief Revenue Officer", "co-founder and CEO"."""
    words = [t for t in title.subtree if t.i <= title.i and t.dep_ in {
        "compound", "amod", "nmod", "punct"} or t == title]
    doc = title.doc
    if title.i >= 2 and doc[title.i - 1].text == "-" and doc[title.i - 2].lower_ == "co":
        return "co-" + title.text  # the tokenizer splits "co-founder"
    return " ".join(t.text for t in words if t.ent_type_ not in {"ORG", "PERSON"}
                    or t == title or (t.text.isupper() and len(t.text) <= 3))  # chief AI officer


def is_title(token: Token) -> bool:
    if token.lower_ == "partner" and not any(  # "a partner at Y" (a firm's), not "of Y"
            c.dep_ == "prep" and c.lower_ == "at" for c in token.children):
        return False
    return token.lower_ in ROLE_HEADS and (
        normalise_role(role_phrase(token)) is not None or _head_of(token) is not None)


def _head_of(token: Token) -> str | None:
    """"head of product" -> "Head of Product" (what the head is of, when not a name)."""
    if token.lower_ != "head":
        return None
    for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"):
        for pobj in (p for p in prep.children if p.dep_ == "pobj" and p.pos_ == "NOUN"):
            words = [t.text for t in pobj.subtree if t.dep_ in {"compound", "amod"}
                     or t == pobj]
            return "Head of " + " ".join(w[:1].upper() + w[1:] for w in words[-3:])
    return None


def title_org(sent: Sentence, title: Token) -> Mention | None:
    """The organisation of a title: "CEO of/at Y", "Y's CEO", "the Y CEO"."""
    for child in title.children:
        if child.dep_ == "prep" and child.lower_ in {"of", "at", "for", "in"}:
            for pobj in child.children:
                m = sent.mention(pobj) or sent.owner(pobj) or next(
                    (x for x in sent.with_conjuncts(pobj)[:1] if pobj.pos_ == "NOUN"), None)
                if m is None and pobj.pos_ == "NOUN":  # "president of sales at Y"
                    m = next((x for c in pobj.children if c.dep_ == "prep"
                              and c.lower_ in {"at", "for"} for p in c.children
                              for x in [sent.mention(p)] if x), None)
                if m and m.label == COMPANY:
                    return m
    owner = sent.owner(title)
    if owner and owner.label == COMPANY:
        return owner
    return _premodifier_org(sent, title)


def _premodifier_org(sent: Sentence, title: Token) -> Mention | None:
    i = title.i - 1
    doc = title.doc
    while i >= sent.span.start and (doc[i].lower_ in ROLE_HEADS | {"co", "-"} or doc[i].dep_ in {
            "compound", "amod"} and not sent.mention(doc[i])):
        i -= 1
    m = sent.mention(doc[i]) if i >= sent.span.start else None
    return m if m and m.label == COMPANY and i < title.i else None


# "X stepped down as chief executive": the title is no longer held.
_LEFT_AS = {"stepped", "steps", "step", "resigned", "resigns", "resign", "retired", "retires",
            "quit", "quits"}


def _former(title: Token) -> bool:
    if title.dep_ == "pobj" and title.head.lower_ == "as" and title.head.head.lower_ in _LEFT_AS:
        return True
    if title.dep_ == "attr" and title.head.lower_ in {"was", "were"} and not any(
            c.lower_ in {"still", "now"} for c in title.head.children):
        return True  # "X was finance chief at Y"
    lead = title.doc[max(title.left_edge.i - 1, 0):title.i + 1]
    return any(t.lower_.rstrip("-") in _FORMER or t.lower_ in _FORMER for t in lead) or (
        title.dep_ in {"appos", "attr", "pobj"}  # not "Its CEO, X, previously led ..."
        and any(t.lower_ in {"formerly", "previously"} for t in title.head.children))


def role_links(sent: Sentence) -> list[RoleLink]:
    """Every (person, organisation, title) the sentence states (computed once a sentence:
    the people and founding families both read them)."""
    if "role_links" not in sent.cache:
        sent.cache["role_links"] = list(_role_links(sent))
    return sent.cache["role_links"]


def _role_links(sent: Sentence) -> Iterator[RoleLink]:
    if not any(t.lower_ in ROLE_HEADS for t in sent.span):
        return
    for title in sent.span:
        if not is_title(title):
            continue
        role = role_name(sent, title)
        org = title_org(sent, title)
        persons = _people_of(sent, title)
        if org is None and persons:
            org = _speaker_org(sent, persons[0]) or _enclosing_org(sent, title) \
                or _led_org(sent, title)
        orgs = [org, *_conjoined_orgs(sent, org)] if org else [None]
        for person in persons:
            for each in orgs:
                if role:
                    yield RoleLink(person, each, role, title, _former(title))
    for person in people(sent.own_mentions()):
        yield from _apposition_links(sent, person)


def role_name(sent: Sentence, title: Token) -> str | None:
    """The normalised title with what narrows it: "senior vice president of services" ->
    "Senior Vice President of Services", "co-chief executive" -> "Co-CEO"."""
    role = normalise_role(role_phrase(title))
    if role is None:
        return _head_of(title)
    doc = title.doc
    if title.i >= 3 and doc[title.i - 1].lower_ == "chief" and doc[title.i - 2].text == "-" \
            and doc[title.i - 3].lower_ == "co" or doc[max(title.i - 2, 0)].lower_ == "co-":
        role = f"Co-{role}"
    for prep in (c for c in title.children if c.dep_ == "prep" and c.lower_ == "of"):
        for pobj in (p for p in prep.children if p.dep_ == "pobj"):
            if sent.mention(pobj) is None and pobj.pos_ in {"NOUN", "PROPN"} \
                    and pobj.lower_ not in {"both", "the"}:
                nested = {t.i for c in pobj.children if c.dep_ == "prep" for t in c.subtree}
                words = [t.text for t in pobj.subtree if not t.is_punct and t.i not in nested]
                if len(words) <= 4 and role not in FOUNDER_ROLES:
                    role = f"{role} of {' '.join(w[:1].upper() + w[1:] for w in words)}"
    return role


def _conjoined_orgs(sent: Sentence, org: Mention) -> list[Mention]:
    """"chief executive of both Y and Z": Z too."""
    head = sent.span.doc[org.end - 1]
    return [m for m in sent.with_conjuncts(head) if m.label == COMPANY and m != org]


def _enclosing_org(sent: Sentence, title: Token) -> Mention | None:
    """"Y, which has struggled since co-founder X stepped down as chief executive": a title
    without an organisation inside a relative clause on a company is that company's."""
    for node in title.ancestors:
        if node.dep_ == "relcl":
            m = sent.mention(node.head)
            return m if m is not None and m.label == COMPANY else None
    return None


_LED_VERBS = {"led", "run", "headed", "managed"}


def _led_org(sent: Sentence, title: Token) -> Mention | None:
    """"Y is led by chief executive X", "Y, run by its CEO, X": the title is Y's."""
    node = title
    while node.dep_ in {"compound", "appos", "conj", "amod"}:
        node = node.head
    agent = node.head
    if node.dep_ != "pobj" or agent.dep_ != "agent" or agent.head.lower_ not in _LED_VERBS:
        return None
    verb = agent.head
    found = [m for c in verb.children if c.dep_ == "nsubjpass" for m in [sent.mention(c)] if m]
    if not found and verb.dep_ == "acl":
        found = [m for m in [sent.mention(verb.head)] if m]
    return next((m for m in found if m.label == COMPANY), None)


def _speaker_org(sent: Sentence, person: Mention) -> Mention | None:
    """"Y has ended its deal with Z, chief executive X said": X speaks for Y, the subject of
    what X said."""
    doc = sent.span.doc
    if person.end >= sent.span.end or doc[person.end].lower_ not in {"said", "says", "told"}:
        return None
    for m in sent.own_mentions():  # read by position: the parser often breaks this shape
        if m.start >= person.start:
            break
        if m.label == COMPANY and doc[m.end - 1].dep_ in {"nsubj", "nsubjpass"}:
            return m
    return None


_APPOSITION_END = {",", ".", ";", ":", "(", ")", "who", "whose", "which", "that", "said"}
_LEADS = {"the", "a", "an", "its", "their", "another", "both", "also"}


def _apposition_links(sent: Sentence, person: Mention) -> Iterator[RoleLink]:
    """Titles in an apposition after a name, read by position because the parser often
    breaks them: "X, Y's co-founder and chief executive," / "X, a former Y executive," /
    "X, the chief scientist at Y,". Each title gets the apposition's organisation."""
    doc = sent.span.doc
    i = person.end
    if i >= sent.span.end or doc[i].text != ",":
        return
    items: list[Token | Mention] = []  # titles and organisations, in order
    former = False
    i += 1
    while i < sent.span.end and doc[i].lower_ not in _APPOSITION_END \
            and doc[i].pos_ not in {"VERB", "AUX"}:
        tok = doc[i]
        m = sent.mention(tok)
        if m is not None and m.label == PERSON:
            return  # another name: a list of people, not an apposition
        if m is not None and m.label == COMPANY:
            items.append(m)
            i = m.end
            continue
        if tok.lower_.rstrip("-") in _FORMER:
            former = True
        elif is_title(tok):
            items.append(tok)
        elif not (tok.lower_ in _LEADS or tok.tag_ == "POS" or tok.lower_ in ROLE_HEADS
                  or tok.pos_ in {"ADJ", "CCONJ", "ADP", "NOUN", "PUNCT", "PROPN"}):
            return
        i += 1
    for k, title in enumerate(items):
        if isinstance(title, Mention):
            continue
        role = role_name(sent, title)
        if role:
            org = _apposition_org(items, k, doc)
            for each in [org, *_more_orgs(items, k, org, doc)]:
                yield RoleLink(person, each, role, title, former or _former(title))


def _more_orgs(items: list, k: int, org: Mention | None, doc) -> list[Mention]:
    """"a co-founder of Y and of Z": the organisations joined to the title's by "and"."""
    if org is None or org not in items[k + 1:]:
        return []
    more = []
    last = org
    for item in items[items.index(org) + 1:]:
        if not isinstance(item, Mention):
            break
        between = {t.lower_ for t in doc[last.end:item.start]}
        if not between or not between <= {"and", "of", ",", "at"} or "and" not in between:
            break
        more.append(item)
        last = item
    return more


def _apposition_org(items: list, k: int, doc) -> Mention | None:
    """A title's organisation in an apposition: "of/at Y" right after it, else the nearest
    one before it ("Y's CEO and a co-founder of Z"), else the first after it ("the CEO and
    co-founder of Y")."""
    title = items[k]
    nxt = items[k + 1] if k + 1 < len(items) else None
    if isinstance(nxt, Mention) and nxt.start - title.i == 2 \
            and doc[title.i + 1].lower_ in {"of", "at"}:
        return nxt
    before = [m for m in items[:k] if isinstance(m, Mention)]
    if before:
        return before[-1]
    return next((m for m in items[k + 1:] if isinstance(m, Mention)), None)


def _listed_apart(person: Mention, title: Token) -> bool:
    """Is a title parsed as apposed to a list member other than the one just before it
    ("A, B and C, the CFO of Y": the parser may hang it on B; by position it is C's)?"""
    head = title.head
    listed = head.dep_ == "conj" or any(c.dep_ == "conj" for c in head.children)
    return listed and title.left_edge.i - 1 != person.end


def _people_of(sent: Sentence, title: Token) -> list[Mention]:
    found: list[Mention] = []
    plural = title.lower_.endswith("s")  # "Y's founders, A and B" but "Y's CEO, A, B and C"
    if title.dep_ == "appos":  # X, CEO of Y; "A and B, Y's CEO": only B holds one title
        found += sent.with_conjuncts(title.head) if plural else [
            m for m in [sent.mention(title.head)] if m and not _listed_apart(m, title)]
    found += [m for c in title.children if c.dep_ == "appos"
              for m in (sent.with_conjuncts(c) if plural else [sent.mention(c)]) if m]
    if title.dep_ == "compound":  # Y CEO X
        found += sent.with_conjuncts(title.head)
    if title.dep_ == "attr":  # X is the CEO of Y / X, who is CEO of Y
        for subj in (c for c in title.head.children if c.dep_ == "nsubj"):
            if subj.lower_ in {"who", "that"} and title.head.dep_ == "relcl":
                subj = title.head.head  # "A, who is its CEO, and B": A's title only
                found += sent.with_conjuncts(subj) if plural else [
                    m for m in [sent.mention(subj)] if m]
            else:
                found += sent.with_conjuncts(subj)
    if title.dep_ == "pobj" and title.head.lower_ == "as" and title.head.head.lower_ in {
            "serve", "serves", "served", "serving", "remains", "remained", "works", "worked",
            *_LEFT_AS}:
        found += sent.subjects(title.head.head)
    doc = title.doc
    for gap in (1, 2):  # "CEO Sam Altman", "Scale AI's CEO, Alexandr Wang" (by position)
        nxt = doc[title.i + gap] if title.i + gap < len(doc) else None
        m = sent.mention(nxt)
        if m and m.label == PERSON and m.start == title.i + gap and (
                gap == 1 or doc[title.i + 1].text == ","):
            found.append(m)
            if plural:
                found += sent.with_conjuncts(doc[m.end - 1])
    left = title.left_edge.i
    if left >= 2 and doc[left - 1].text == ",":  # "Denise Dresser, CEO of Slack"
        m = sent.mention(doc[left - 2])
        if m and m.label == PERSON and m.end == left - 1:
            found.append(m)
    return [p for i, p in enumerate(found) if p.label == PERSON and p not in found[:i]]
