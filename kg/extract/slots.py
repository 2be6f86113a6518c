"""Argument helpers the deal families share, for coordinations the small model parses in
odd ways: "A, a Danish startup, and B" (B hangs on the apposition) and "Talvora Capital and
Brindle Ventures" read as modifiers of one another ("Talvora/nmod Capital/nmod and/cc
Brindle Ventures")."""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.base import Sentence
from kg.extract.entities import Mention


def doers(sent: Sentence, verb: Token) -> list[Mention]:
    """The subject of a verb; a relative clause on a list ("A, a startup, and B, which
    bought C") belongs to the nearest name only, unless its verb is plural ("A and B, which
    compete with C"); a main verb the parser took for a reduced relative ("X partnered with
    Y" as "X, partnered with Y") has the name it hangs on as its subject, unless it is
    passive ("X, founded by Y")."""
    relative = any(c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ in {"which", "that", "who"}
                   for c in verb.children)
    if relative and verb.dep_ == "relcl" and verb.tag_ != "VBP":
        return [m for m in [sent.mention(verb.head)] if m]
    found = sent.subjects(verb)
    passive = any(c.dep_ in {"agent", "nsubjpass", "auxpass"} for c in verb.children)
    if not found and verb.dep_ == "acl" and not passive and sent.mention(verb.head):
        found = sent.with_conjuncts(verb.head)  # "X partnered with Y" misread as "X, partnered"
    return found


def listed(sent: Sentence, token: Token) -> list[Mention]:
    """Mentions coordinated with ``token``, also past an apposition."""
    found = sent.with_conjuncts(token)
    for appos in (c for c in token.children if c.dep_ == "appos"):
        found += [m for c in appos.conjuncts for m in sent.with_conjuncts(c) if m not in found]
    return found


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
                elif child.dep_ in {"nmod", "compound", "conj"}:
                    names += [x for x in [sent.mention(child)] if x and x.name != m.name]
                    todo.append(child)
        if has_cc:
            found += [x for x in names if all(x.name != f.name for f in found)]
    return found
