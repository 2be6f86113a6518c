"""What every relation family works with: a parsed sentence with its resolved mentions, the
dependency helpers that find a trigger's arguments, and the one way to build a Relation."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from spacy.tokens import Span, Token

from kg.extract import modality, values
from kg.extract.entities import (
    COMPANY_SUFFIXES,
    PRODUCTS,
    Mention,
    entity_list,
    is_clause_subject,
    phrase_head,
)
from kg.records import Article, Evidence, Relation
from kg.schema import COMPANY, PERSON, RELATION_TYPES

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
RELATIVE_PRONOUNS = {"which", "that", "who", "whom"}
PRONOUNS = {"it", "they", "he", "she"}
EXAMPLE_PREPS = {"including", "like", "as"}
# Nouns that stand for their owner as a deal party: "X's services" is dealing with X.
OFFERINGS = {"services", "service", "products", "product", "platform", "technology", "chips",
             "models", "model", "software", "tools", "cloud", "offerings", "data",
             "annotations", "infrastructure", "compute", "gpus", "servers", "shares", "stock"}
VAGUE_DATES = {"today", "yesterday", "this week", "last week", "recently", "now", "currently"}
DATE_LEAD = {"as", "early", "soon", "in", "by", "since", "until", "from", "before", "after"}
HEDGED = {"planned": 0.95, "expected": 0.92, "rumored": 0.9, "in_talks": 0.92}


@dataclass(frozen=True)
class Hint:
    """A property for a fact stated elsewhere in the article ("This investment values Scale
    AI at $29 billion"): merged into a relation of one of ``types`` ending at ``target`` (and
    starting at ``source`` when given), never a relation on its own."""

    types: tuple[str, ...]
    target: str
    properties: dict
    source: str | None = None
    creates: Relation | None = None  # the relation to make when nothing matches


@dataclass
class Sentence:
    """One parsed sentence of an article, with the mentions of its chunk."""

    span: Span
    mentions: list[Mention]
    article: Article
    offset: int  # char offset of the chunk in the article text
    by_token: dict[int, Mention] = field(init=False)
    cache: dict = field(init=False, default_factory=dict)  # results families share

    def __post_init__(self) -> None:
        self.by_token = {i: m for m in self.mentions for i in range(m.start, m.end)}

    @cached_property
    def text(self) -> str:
        return self.span.text

    def own_mentions(self) -> list[Mention]:
        return [m for m in self.mentions
                if self.span.start <= m.start < self.span.end]

    def mention(self, token: Token | None) -> Mention | None:
        return None if token is None else self.by_token.get(token.i)

    def with_conjuncts(self, token: Token | None) -> list[Mention]:
        """Mentions at a token and its coordinated tokens ("Labelbox, Handshake, and Mercor")."""
        if token is None:
            return []
        found = []
        for tok in (token, *token.conjuncts):
            m = self.mention(tok)
            if m is None and tok.lower_ in OFFERINGS:
                m = self.owner(tok)
            if m is None:  # "Scale AI's CEO, Alexandr Wang": the apposed name
                m = next((self.mention(c) for c in tok.children
                          if c.dep_ == "appos" and self.mention(c)), None)
            if m and m not in found:
                found.append(m)
            if m is not None:  # "A, B, C and D" parsed as an apposition in the list
                for appos in (c for c in tok.children if c.dep_ == "appos"):
                    same = [self.mention(t) for t in (appos, *appos.conjuncts)]
                    if same[0] is not None and same[0].label == m.label \
                            and same[0].origin != "coref":  # "A, the company behind B"
                        found += [x for x in same if x and x.label == m.label
                                  and x not in found]
            if m is None and tok.pos_ == "NOUN":  # players such as A, B and C
                found += [x for x in self.objects(tok, EXAMPLE_PREPS, direct=False)
                          if x not in found]
                for such in (c for c in tok.children if c.lower_ == "such"):
                    found += [x for x in self.objects(such, {"as"}, direct=False)
                              if x not in found]
        return found

    def owner(self, noun: Token) -> Mention | None:
        """The possessor of a noun: "Scale AI's services" -> Scale AI; "its" is the subject
        of the clause, except after a copula ("Microsoft is its largest customer")."""
        for child in noun.children:
            if child.dep_ == "poss" and child.lower_ in {"its", "their"}:
                return self.mention(child) or self._possessive_pronoun(noun, child)
            if child.dep_ in {"poss", "nmod"} or (child.dep_ == "compound"
                                                   and self.mention(child)):
                m = self.mention(child)
                if m:
                    return m
        return None

    def _possessive_pronoun(self, noun: Token, pronoun: Token) -> Mention | None:
        if noun.dep_ == "attr" or _after_copula(noun):  # "A and B are among its backers"
            earlier = [m for m in self.mentions if m.end <= pronoun.i and m.label == COMPANY
                       and not is_clause_subject(phrase_head(pronoun.doc[m.end - 1]), pronoun)]
            if not earlier:
                return None
            m = earlier[-1]
            return Mention(m.start, m.end, m.name, m.label, "coref")
        if noun.dep_.startswith("nsubj"):
            return None  # "Its services are used by X": the antecedent is not in the clause
        verb = next((a for a in noun.ancestors if a.pos_ in {"VERB", "AUX"}), None)
        found = self.subjects(verb) if verb is not None else []
        return found[0] if found else None

    def subjects(self, verb: Token) -> list[Mention]:
        """Who does ``verb``: its subject, climbing through "plans to", conjoined verbs,
        "prompted X to", relative clauses ("X, which competes with Y") and pronouns
        ("X denied a report that it would ...")."""
        node = verb
        for _ in range(8):
            subj = [c for c in node.children if c.dep_ in {"nsubj", "csubj"}]
            passive = [c for c in node.children if c.dep_ == "nsubjpass"]
            if passive and not subj and node != verb:
                subj = passive  # "X is set to leave": X leaves
            if subj:
                head = subj[0]
                if head.lower_ in RELATIVE_PRONOUNS and node.dep_ == "relcl":
                    return self.with_conjuncts(self._apposed_name(node.head))
                if head.lower_ in PRONOUNS and not self.mention(head):
                    return [] if node.head == node else self.subjects(node.head)
                return self.with_conjuncts(head)
            if passive:
                return []  # a passive subject is not the doer
            if node.dep_ == "xcomp":
                controller = [c for c in node.head.children if c.dep_ == "dobj"]
                if controller and self.mention(controller[0]):
                    return self.with_conjuncts(controller[0])  # prompted X to reassess
            infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children)
            if node.dep_ in {"xcomp", "conj", "ccomp", "advcl", "pcomp", "prep", "dobj",
                             "pobj", "attr"} or (node.dep_ == "acl" and infinitive):
                if node.head == node:
                    break
                node = node.head
                continue
            if node.dep_ == "relcl" and node.head.pos_ in {"PROPN", "NOUN"}:
                return self.with_conjuncts(node.head)
            if node.dep_ == "acl" and node != verb and self.mention(node.head):
                return self.with_conjuncts(node.head)  # X, expected to join Y
            break
        return []

    def _apposed_name(self, noun: Token) -> Token:
        """"X, a cardiologist who founded Y": the relative clause is about the name the
        noun is apposed to."""
        if self.mention(noun) is None and noun.dep_ == "appos" and self.mention(noun.head):
            return noun.head
        return noun

    def passive_agents(self, verb: Token) -> list[Mention]:
        """"acquired by X" -> X."""
        for child in verb.children:
            if child.dep_ == "agent":
                return [m for p in child.children if p.dep_ == "pobj"
                        for m in self.with_conjuncts(p)]
        return []

    def objects(self, token: Token, preps: Iterable[str] = (), direct: bool = True
                ) -> list[Mention]:
        """Mentions that are the direct object of ``token`` or the object of one of
        ``preps`` attached to it (or to its direct object: "end its ties with X")."""
        preps = set(preps)
        found: list[Mention] = []
        heads = [token] + [c for c in token.children if c.dep_ in {"dobj", "attr"}]
        for head in heads:
            for child in head.children:
                if direct and child.dep_ in {"dobj", "attr", "nsubjpass"} and head == token:
                    found += self.with_conjuncts(child)
                if child.dep_ in {"prep", "agent"} and child.lower_ in preps:
                    for pobj in child.children:
                        if pobj.dep_ in {"pobj", "pcomp"}:
                            found += self.with_conjuncts(pobj)
        return unique_names(found)

    def money(self, anchors: Iterable[Token]) -> dict:
        """amount/valuation and currency of sums governed by one of ``anchors`` (a trigger
        and its clause chain); revenue and other figures elsewhere in the sentence are not
        the deal's."""
        anchor_ids = {t.i for t in anchors}
        props: dict = {}
        for m in values.parse_money(self.text):
            tok = self._token_at(m.start)
            if tok is None or not anchor_ids & {a.i for a in [tok, *list(tok.ancestors)[:5]]}:
                continue
            before = self.text[max(0, m.start - 30):m.start].lower()
            after = self.text[m.end:m.end + 25].lower()
            if re.search(r"revenue|sales|profit|loss|income|funding round of", before + after):
                continue
            key = "valuation" if ("valu" in before[-20:] or "valuation" in after) else "amount"
            if key not in props:
                props[key] = m.amount
                props.setdefault("currency", m.currency)
        return props

    def when(self, anchors: Iterable[Token]) -> dict:
        """date (ISO) or period of the fact, from date expressions governed by ``anchors``."""
        anchor_ids = {t.i for t in anchors}
        for ent in self.span.ents:
            if ent.label_ != "DATE" or ent.text.lower() in VAGUE_DATES or any(
                    i in self.by_token for i in range(ent.start, ent.end)):
                continue  # vague, or part of a name ("1789 Capital")
            if not anchor_ids & {a.i for a in [ent.root, *list(ent.root.ancestors)[:4]]}:
                continue
            start = ent.start
            while start > self.span.start and self.span.doc[start - 1].lower_ in DATE_LEAD:
                start -= 1
            date, period = values.parse_date(self.span.doc[start:ent.end].text)
            return {"date": date} if date else {"period": period}
        return {}

    def _token_at(self, char: int) -> Token | None:
        span = self.span.char_span(char, char + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    def relation(self, rel_type: str, source: Mention | str, target: Mention | str,
                 trigger: Token, extractor: str, confidence: float, default_status: str,
                 properties: dict | None = None, status: str | None = None
                 ) -> Relation | None:
        """A Relation with evidence, status and calibrated confidence; None when it does not
        fit (same entity twice, wrong labels, or a status the type cannot have)."""
        src_name, src_label, src_trust = _end(source)
        tgt_name, tgt_label, tgt_trust = _end(target)
        rt = RELATION_TYPES[rel_type]
        if src_name == tgt_name or src_label not in rt.source_labels \
                or tgt_label not in rt.target_labels or _misnamed(src_name, src_label) \
                or _misnamed(tgt_name, tgt_label):
            return None
        chosen = status or modality.status(trigger, rel_type, default_status, self.span)
        if chosen is None:
            return None
        props = {k: v for k, v in (properties or {}).items() if v is not None}
        props["status"] = chosen
        conf = confidence * src_trust * tgt_trust * HEDGED.get(chosen, 1.0)
        start = self.offset + self.span.start_char
        end = self.offset + self.span.end_char
        art = self.article
        evidence = Evidence(doc_id=art.id, sentence=art.text[start:end], start=start, end=end,
                            extractor=extractor, title=art.title, published=art.published,
                            url=art.url, outlet=art.outlet)
        return Relation(rel_type, src_name, tgt_name, src_label, tgt_label, evidence,
                        props, round(min(conf, 0.99), 3))


def _misnamed(name: str, label: str) -> bool:
    """A product as a company ("Alexa", "Sora") or a listed or company-shaped name as a
    person ("Quorvex Labs"): neither can be a party to a relation."""
    known = entity_list().by_alias.get(name)
    if label == COMPANY:  # Midjourney is a company too
        return name in PRODUCTS and (known is None or known.label != COMPANY)
    return label == PERSON and (name.split()[-1].lower() in COMPANY_SUFFIXES - {"ai"} or (
        known is not None and known.label != PERSON))


def _end(end: Mention | str) -> tuple[str, str, float]:
    if isinstance(end, Mention):
        return end.name, end.label, end.trust
    return end, COMPANY, 1.0


def unique_names(mentions: list[Mention]) -> list[Mention]:
    """The mentions in order, keeping the first of each name."""
    seen: list[Mention] = []
    for m in mentions:
        if all(m.name != s.name for s in seen):
            seen.append(m)
    return seen


def companies(mentions: Iterable[Mention]) -> list[Mention]:
    return [m for m in mentions if m.label == COMPANY]


def people(mentions: Iterable[Mention]) -> list[Mention]:
    return [m for m in mentions if m.label == PERSON]


COPULAS = frozenset({"is", "are", "was", "were", "remain", "remains", "remained"})
"""Verbs that equate a role noun with its holder: "X's biggest customers are A, B"."""
_BE_BEFORE_PREP = frozenset({"is", "are", "was", "were", "be", "been", "remain", "remains"})


def _after_copula(noun: Token) -> bool:
    """Is a noun the object of a preposition right after "be" ("are among its backers")?"""
    prep = noun.head
    return noun.dep_ == "pobj" and prep.dep_ == "prep" and prep.head.lower_ in _BE_BEFORE_PREP
