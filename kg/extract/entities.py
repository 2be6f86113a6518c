"""Entity recognition for relation slots: who is named in a sentence, as what, under which name.

Three sources, best first: the entity list of the AI industry (data/entities), spaCy's NER
(ORG, PERSON; GPE only when the list says it is a company), and patterns that find
companies no list names ("X, a data-labeling startup", "startup X", "X's CEO", "X Labs").
The list also corrects NER labels: the small model calls some companies people or places.
Aliases resolve to canonical names (list aliases, names seen earlier in the same article,
fuzzy matches against the list), and "the company" / "the startup" / "the tech giant"
resolve to the most recent fitting company of the article.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from kg.schema import COMPANY, EXCHANGE, PERSON

ENTITY_DIR = Path(os.environ.get("KG_ENTITIES", Path(__file__).resolve().parents[2]
                                 / "data" / "entities"))

# How much a mention's origin is trusted; relation confidence is scaled by it.
ORIGIN_TRUST = {"list": 1.0, "ner": 0.93, "pattern": 0.85, "coref": 0.85}

BUSINESS_NOUNS = {
    "startup", "start-up", "company", "firm", "maker", "developer", "provider", "lab",
    "laboratory", "platform", "unicorn", "rival", "competitor", "chipmaker", "giant",
    "supplier", "vendor", "operator", "group", "conglomerate", "business", "manufacturer",
    "designer", "creator", "owner", "subsidiary", "unit", "insurer", "bank", "fund",
    "investor", "backer", "incumbent", "challenger", "player", "outfit", "specialist",
    "partner", "customer", "client", "acquirer", "studio", "publisher", "retailer",
}
POSSESSED_BUSINESS_NOUNS = {
    "ceo", "cfo", "cto", "coo", "founder", "co-founder", "cofounder", "chairman", "president",
    "shares", "stock", "valuation", "board", "investors", "customers", "clients", "rivals",
    "competitors", "ipo", "revenue", "stake", "acquisition", "subsidiary", "unit",
    "division", "headquarters", "employees", "staff", "chief", "executive", "executives",
    "products", "services", "platform", "models", "chips", "cloud", "partnership", "deal",
}
COMPANY_SUFFIXES = {"inc", "inc.", "corp", "corp.", "corporation", "ltd", "ltd.", "llc",
                    "labs", "ai", "technologies", "technology", "systems", "robotics",
                    "capital", "ventures", "partners", "holdings", "group", "co.", "plc",
                    "networks", "software", "semiconductor", "bio", "therapeutics", "dynamics",
                    "intelligence", "computing", "analytics", "cloud", "data"}
EXCHANGE_WORDS = re.compile(r"\b(exchange|nasdaq|nyse|hkex|bourse|star market)\b", re.I)
NOT_NAMES = {"ai", "seo", "ceo", "cfo", "cto", "ipo", "llm", "gpu", "gpus", "the", "us", "u.s.",
             "eu", "api", "chatgpt", "genai", "board", "company", "companies", "reuters",
             "bloomberg", "series", "chief", "officer", "executive", "founder", "president"}
# Products and models are named like companies but are not parties to deals.
PRODUCTS = {"ChatGPT", "GPT-4", "GPT-4o", "GPT-5", "Gemini", "Claude", "Llama", "Copilot",
            "Grok", "Siri", "Alexa", "Bard", "Sora", "Midjourney", "Android", "iPhone",
            "Windows", "Azure", "Office", "Search", "Street", "Wall", "Congress", "Parliament",
            "Commission", "Court", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
            "Saturday", "Sunday", "January", "February", "March", "April", "May", "June",
            "July", "August", "September", "October", "November", "December"}
ANAPHORS = {  # "the <noun>" -> the kinds it prefers
    "company": (), "firm": (), "group": (), "business": (), "startup": ("startup",),
    "start-up": ("startup",), "lab": ("lab",), "giant": ("tech giant",),
    "chipmaker": ("chipmaker",), "investor": ("investor",), "unicorn": ("startup",),
    "developer": (), "maker": (), "provider": (), "platform": (),
}


@dataclass(frozen=True)
class KnownEntity:
    name: str
    label: str
    kind: str


@dataclass
class Mention:
    """A named entity in a parsed sentence, resolved to its canonical name."""

    start: int  # token indices in the Doc
    end: int
    name: str
    label: str
    origin: str  # list | ner | pattern | coref

    @property
    def trust(self) -> float:
        return ORIGIN_TRUST[self.origin]


@dataclass
class ArticleMemory:
    """What an article has named so far: for coreference and alias resolution."""

    seen: list[tuple[str, str]] = field(default_factory=list)  # (name, label), in order
    kinds: dict[str, set[str]] = field(default_factory=dict)

    def add(self, mention: Mention, kind: str | None = None) -> None:
        self.seen.append((mention.name, mention.label))
        if kind:
            self.kinds.setdefault(mention.name, set()).add(kind)


class EntityList:
    """The AI-industry entity list: exact alias lookup and fuzzy matching."""

    def __init__(self, entities: list[KnownEntity], aliases: dict[str, KnownEntity]) -> None:
        self.entities = entities
        self.by_alias = aliases
        self.by_lower = {k.lower(): v for k, v in aliases.items()}
        self._choices = list(aliases)

    @classmethod
    def load(cls, folder: Path = ENTITY_DIR) -> EntityList:
        entities: list[KnownEntity] = []
        aliases: dict[str, KnownEntity] = {}
        for path in sorted(folder.glob("*.json")):
            for row in json.loads(path.read_text(encoding="utf-8"))["entities"]:
                known = KnownEntity(row["name"], row["label"], row.get("kind", ""))
                entities.append(known)
                for alias in [row["name"], *row.get("aliases", [])]:
                    aliases.setdefault(alias, known)
        return cls(entities, aliases)

    def person_by_surname(self, surname: str) -> str | None:
        """"Musk" -> "Elon Musk" when exactly one listed person has that surname."""
        found = {e.name for e in self.entities
                 if e.label == PERSON and e.name.split()[-1] == surname}
        return found.pop() if len(found) == 1 else None

    def lookup(self, text: str) -> KnownEntity | None:
        """Exact alias match, then a close fuzzy match (corporate suffixes ignored)."""
        found = self.by_alias.get(text) or self.by_lower.get(text.lower())
        if found or len(text) < 5:
            return found
        best = process.extractOne(_strip_suffix(text), self._choices, scorer=fuzz.ratio,
                                  processor=str.lower, score_cutoff=92)
        return self.by_alias[best[0]] if best else None


def _strip_suffix(name: str) -> str:
    return re.sub(r"[,.]?\s+(Inc|Corp|Corporation|Ltd|LLC|Co|plc)\.?$", "", name)


@lru_cache(maxsize=1)
def entity_list() -> EntityList:
    return EntityList.load()


def phrase_matcher(nlp, entities: EntityList) -> PhraseMatcher:
    """Case-sensitive matcher of every list name and alias."""
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    matcher.add("KNOWN", list(nlp.tokenizer.pipe(entities.by_alias)))
    return matcher


def clean_name(span: Span) -> tuple[int, int, str] | None:
    """Strip a leading "the" and a trailing possessive from an entity span."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct
                           or doc[end - 1].lower_ in {"'s", "’s"}):
        end -= 1
    if start >= end:
        return None
    text = doc[start:end].text
    if text.lower() in NOT_NAMES or not any(c.isupper() for c in text):
        return None
    return start, end, text


def find_mentions(doc: Doc, matcher: PhraseMatcher, entities: EntityList,
                  memory: ArticleMemory) -> list[Mention]:
    """All entity mentions of a parsed chunk, resolved, in text order; updates ``memory``."""
    taken = [False] * len(doc)
    mentions: list[Mention] = []

    def claim(start: int, end: int, name: str, label: str, origin: str,
              kind: str | None = None) -> None:
        if any(taken[start:end]):
            return
        for i in range(start, end):
            taken[i] = True
        mentions.append(Mention(start, end, name, label, origin))
        if kind is not None:
            memory.kinds.setdefault(name, set()).add(kind)

    for _, start, end in sorted(matcher(doc), key=lambda m: (m[1], -(m[2] - m[1]))):
        known = entities.by_alias[doc[start:end].text]
        if _is_part_of_longer_name(doc, start, end):
            continue
        claim(start, end, known.name, known.label, "list", known.kind)

    for ent in doc.ents:
        if ent.label_ not in {"ORG", "PERSON", "GPE", "NORP", "PRODUCT", "FAC"}:
            continue
        cleaned = clean_name(ent)
        if cleaned is None:
            continue
        start, end, text = cleaned
        label, name, origin = _classify(doc, start, end, text, ent.label_, entities, memory,
                                        {m.name for m in mentions if m.label == COMPANY})
        if label:
            claim(start, end, name, label, origin, _descriptor(doc, start, end))

    for start, end in _propn_runs(doc, taken):
        kind = _descriptor(doc, start, end)
        text = doc[start:end].text
        if text.lower() in NOT_NAMES:
            continue
        known = entities.lookup(text)
        if known:
            claim(start, end, known.name, known.label, "list", known.kind)
        elif kind or _company_shaped(doc, start, end) or (
                _argument(doc[end - 1]) and doc[start].ent_type_ in {"", "ORG", "PERSON"}):
            claim(start, end, _resolve_alias(text, COMPANY, memory), COMPANY, "pattern", kind)

    for token in doc:
        named_next = token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN"
        if not taken[token.i] and token.lower_ in ANAPHORS and _definite(token) \
                and not named_next:  # "the legal AI company Casetext" names its referent
            target = resolve_anaphor(token, mentions, memory)
            if target:
                mentions.append(Mention(token.i, token.i + 1, target, COMPANY, "coref"))

    mentions.sort(key=lambda m: m.start)
    for m in mentions:
        if m.origin != "coref":
            memory.add(m)
    return mentions


def _is_part_of_longer_name(doc: Doc, start: int, end: int) -> bool:
    """"Scale" in "Scale Venture Partners" is not Scale AI: a list alias that a capitalised
    word extends is only part of an unknown longer name."""
    nxt = doc[end] if end < len(doc) else None
    prev = doc[start - 1] if start > 0 else None
    extends = nxt is not None and nxt.pos_ == "PROPN" and nxt.is_title \
        and nxt.ent_iob_ == "I" and nxt.text not in {"AI"}
    return extends or (prev is not None and prev.ent_iob_ != "O" and doc[start].ent_iob_ == "I"
                       and prev.pos_ == "PROPN" and prev.lower_ not in NOT_NAMES)


def _classify(doc: Doc, start: int, end: int, text: str, ner: str, entities: EntityList,
              memory: ArticleMemory, companies: set[str]) -> tuple[str | None, str, str]:
    """(label, canonical name, origin) for a NER span, or (None, ...) to ignore it."""
    known = entities.lookup(text)
    if known:
        return known.label, known.name, "list"
    if EXCHANGE_WORDS.search(text) and ner == "ORG":
        return EXCHANGE, text, "ner"
    company_shaped = _company_shaped(doc, start, end) or _descriptor(doc, start, end) is not None
    if text in companies or (text, COMPANY) in memory.seen:  # a company earlier on
        return COMPANY, text, "pattern"
    if ner == "PERSON" and not company_shaped:
        person = _resolve_person(text, memory)
        if person:
            return PERSON, person, "ner"
        listed = entities.person_by_surname(text) if end - start == 1 else None
        return PERSON, listed or text, "ner"
    if ner == "ORG" or company_shaped:
        return COMPANY, _resolve_alias(text, COMPANY, memory), "ner" if ner == "ORG" else "pattern"
    return None, text, "ner"


def _resolve_person(text: str, memory: ArticleMemory) -> str | None:
    """A surname alone ("Wang") refers to the person named in full earlier."""
    for name, label in reversed(memory.seen):
        if label == PERSON and (name == text or name.split()[-1] == text):
            return name
    return None


def _resolve_alias(text: str, label: str, memory: ArticleMemory) -> str:
    """Short forms of a name seen earlier in the article ("Scale" -> "Scale AI")."""
    for name, seen_label in reversed(memory.seen):
        if seen_label == label and name != text and (
                name.startswith(text + " ") or name.lower() == text.lower()):
            return name
    return text


def _propn_runs(doc: Doc, taken: list[bool]) -> list[tuple[int, int]]:
    """Maximal runs of untaken proper-noun tokens: candidate names the NER missed."""
    runs = []
    i = 0
    while i < len(doc):
        if taken[i] or doc[i].pos_ != "PROPN" or not doc[i].text[:1].isupper():
            i += 1
            continue
        j = i
        while j < len(doc) and not taken[j] and doc[j].pos_ == "PROPN" \
                and doc[j].text[:1].isupper() and doc[j].tag_ != "POS":
            j += 1
        runs.append((i, j))
        i = j
    return runs


def _descriptor(doc: Doc, start: int, end: int) -> str | None:
    """The business noun that describes a name: "X, a ... startup", "startup X", "X's CEO"."""
    head = doc[end - 1]
    for child in head.children:  # X, a data-labeling startup
        if child.dep_ == "appos" and child.lower_ in BUSINESS_NOUNS:
            return _kind_of(child)
    if head.dep_ == "appos" and head.head.lower_ in BUSINESS_NOUNS:  # the startup, X
        return _kind_of(head.head)
    prev = doc[start - 1] if start > 0 else None
    if prev is not None and prev.lower_ in BUSINESS_NOUNS and prev.pos_ == "NOUN":
        return _kind_of(prev)  # startup X, rival X
    nxt = doc[end] if end < len(doc) else None
    if nxt is not None and nxt.tag_ == "POS" and end + 1 < len(doc) \
            and doc[end + 1].lower_ in POSSESSED_BUSINESS_NOUNS:
        return "company"
    return None


def _argument(token: Token) -> bool:
    """A proper noun in a subject, object or possessor slot: an organisation the model did
    not tag (in business news, unnamed-by-NER proper nouns in these slots are companies)."""
    if token.text in PRODUCTS:
        return False
    return token.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj", "poss", "conj", "appos"}


def _kind_of(noun: Token) -> str:
    word = noun.lower_
    if word in {"startup", "start-up", "unicorn"}:
        return "startup"
    if word == "giant":
        return "tech giant"
    return word


def _company_shaped(doc: Doc, start: int, end: int) -> bool:
    return end - start >= 2 and doc[end - 1].lower_ in COMPANY_SUFFIXES


def _definite(token: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ == "the" for c in token.children)


def resolve_anaphor(token: Token, mentions: list[Mention], memory: ArticleMemory
                    ) -> str | None:
    """The company "the company"/"the startup" refers to: the most recent fitting one.

    Within the sentence, the subject of the same clause is skipped ("Google reassesses its
    ties with the startup" is not about Google); kinds from the list or from descriptions
    ("X, a startup") are preferred when the anaphor names one.
    """
    wanted = set(ANAPHORS.get(token.lower_, ()))
    clause_subjects = {m.name for m in mentions if m.start < token.i and is_clause_subject(
        token.doc[m.end - 1], token)}
    before = [m.name for m in mentions if m.end <= token.i and m.label == COMPANY]
    candidates = [n for n in reversed(before) if n not in clause_subjects]
    candidates += [n for n, label in reversed(memory.seen) if label == COMPANY]
    if wanted:
        fitting = [n for n in candidates if memory.kinds.get(n, set()) & wanted]
        if fitting:
            return fitting[0]
    return candidates[0] if candidates else None


def is_clause_subject(candidate: Token, anaphor: Token) -> bool:
    """Is the candidate the subject, object or possessor of a word governing the anaphor in
    its clause ("Meta's acquisition of a stake in the company" is not about Meta)?"""
    if candidate.dep_ not in {"nsubj", "nsubjpass", "dobj", "poss"}:
        return False
    verb = candidate.head
    node = anaphor
    while node.head != node:
        if node.dep_ in {"conj", "ccomp", "advcl", "relcl", "parataxis"}:
            return False
        node = node.head
        if node == verb:
            return True
    return False
