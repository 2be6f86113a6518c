"""The graph's vocabulary: node labels, relation types, their properties and allowed values.

Everything that writes or reads the graph (extractors, stores, views) takes its names from
here, so a typo in a relation type is an import error rather than a silent new edge type.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii

COMPANY = "Company"
PERSON = "Person"
EXCHANGE = "Exchange"
ARTICLE = "Article"

ENTITY_LABELS: tuple[str, ...] = (COMPANY, PERSON, EXCHANGE)
NODE_LABELS: tuple[str, ...] = (*ENTITY_LABELS, ARTICLE)

# Every node has a unique, stable ``id`` derived from its label and canonical name.
NODE_KEY = "id"

STATUSES: dict[str, str] = {
    "completed": "the deal or event has happened",
    "active": "an ongoing relationship (a customer, a partner, a role held now)",
    "announced": "announced but not yet closed",
    "planned": "a stated plan or intention (plans to, will, is set to)",
    "expected": "expected by others or reported as likely (is expected to)",
    "in_talks": "talks or negotiations without an agreement",
    "rumored": "reported by others, not confirmed by the parties",
    "pending": "agreed, awaiting approval or closing",
    "paused": "suspended or being reconsidered",
    "ended": "the relationship has ended or is ending",
    "cancelled": "called off, blocked or abandoned",
    "denied": "a party denied it",
    "withdrawn": "a filing or offer that was withdrawn",
    "former": "a role or relationship that belongs to the past",
}

# How far along its life a fact is. When two articles disagree on a fact and their dates
# cannot be compared (one is undated), the later stage wins: an undated "in talks" report does
# not undo a completed deal, and an undated "ended" does end a dated "active" tie.
STATUS_STAGE: dict[str | None, int] = {
    None: 0, "rumored": 0,
    "in_talks": 1, "expected": 1, "planned": 1, "announced": 1,
    "pending": 2,
    "completed": 3, "active": 3,
    "paused": 4,
    "ended": 5, "cancelled": 5, "withdrawn": 5, "denied": 5, "former": 5,
}
assert set(STATUS_STAGE) - {None} == set(STATUSES)


def supersedes(new_date: str | None, new_status: str | None, old_date: str | None,
               old_status: str | None) -> bool:
    """Whether a new article's values replace the stored ones for the same fact.

    Two dated articles: the newer (or same-day) one wins. Otherwise the later stage of the
    fact's life wins, ties going to the article read last.

    >>> supersedes("2025-06-20", "in_talks", None, "completed")
    False
    >>> supersedes("2025-07-01", "ended", "2024-03-01", "active")
    True
    """
    if new_date and old_date:
        return new_date >= old_date
    return STATUS_STAGE.get(new_status, 0) >= STATUS_STAGE.get(old_status, 0)


# Properties any relation may carry; each type lists which of them it uses.
PROPERTY_DOCS: dict[str, str] = {
    "amount": "money involved, as a number in units of `currency`",
    "currency": "ISO 4217 code of `amount` and `valuation`",
    "valuation": "valuation of the target implied by the deal",
    "stake_pct": "equity stake in percent (0-100)",
    "stake": "qualitative size of a stake when no figure is given (minority, majority)",
    "round": "funding round (Series B, seed)",
    "date": "ISO date (YYYY, YYYY-MM or YYYY-MM-DD) of the event",
    "period": "free-text time span (in 2024, since 2019, as early as January)",
    "status": "one of STATUSES",
    "role": "normalised title (CEO, CFO, Chief Revenue Officer)",
    "from_org": "MOVES_TO: the organisation the person leaves",
    "from_role": "MOVES_TO: the role the person leaves",
    "exchange": "PLANS_IPO: free-text exchange when none is resolved",
    "kind": "a sub-kind (SUES: lawsuit, cease_and_desist, complaint)",
}


@dataclass(frozen=True)
class RelationType:
    """One relation type: which labels it joins, which way, and what it may carry."""

    name: str
    source_labels: tuple[str, ...]
    target_labels: tuple[str, ...]
    properties: tuple[str, ...]
    statuses: tuple[str, ...]
    symmetric: bool = False
    description: str = ""


_DEAL = ("completed", "announced", "planned", "expected", "in_talks", "rumored", "pending",
         "cancelled", "denied", "withdrawn")
_TIE = ("active", "planned", "expected", "in_talks", "paused", "ended", "denied", "former")

RELATION_TYPES: dict[str, RelationType] = {
    rt.name: rt
    for rt in (
        RelationType("INVESTS_IN", (COMPANY, PERSON), (COMPANY,),
                     ("amount", "currency", "valuation", "stake_pct", "stake", "round", "date",
                      "period", "status"),
                     _DEAL + ("ended",), description="investor -> investee"),
        RelationType("ACQUIRES", (COMPANY,), (COMPANY,),
                     ("amount", "currency", "valuation", "stake_pct", "date", "period", "status"),
                     _DEAL, description="acquirer -> target"),
        RelationType("CUSTOMER_OF", (COMPANY,), (COMPANY,),
                     ("amount", "currency", "date", "period", "status"),
                     _TIE, description="customer -> supplier"),
        RelationType("COMPETES_WITH", (COMPANY,), (COMPANY,), ("period", "status"),
                     ("active", "former"), symmetric=True, description="symmetric"),
        RelationType("PARTNERS_WITH", (COMPANY,), (COMPANY,),
                     ("amount", "currency", "date", "period", "status"),
                     _TIE, symmetric=True, description="symmetric"),
        RelationType("SUBSIDIARY_OF", (COMPANY,), (COMPANY,), ("date", "period", "status"),
                     ("active", "former", "planned"), description="child -> parent"),
        RelationType("HOLDS_ROLE", (PERSON,), (COMPANY,), ("role", "date", "period", "status"),
                     ("active", "former", "planned", "expected"),
                     description="person -> company"),
        RelationType("MOVES_TO", (PERSON,), (COMPANY,),
                     ("role", "from_org", "from_role", "date", "period", "status"),
                     ("completed", "planned", "expected", "rumored", "denied", "cancelled"),
                     description="person -> new company"),
        RelationType("FOUNDED", (PERSON, COMPANY), (COMPANY,), ("date", "period", "status"),
                     ("completed",), description="founder -> company"),
        RelationType("SUES", (COMPANY, PERSON), (COMPANY, PERSON),
                     ("kind", "amount", "currency", "date", "period", "status"),
                     ("active", "planned", "ended", "withdrawn", "denied"),
                     description="plaintiff -> defendant"),
        RelationType("PLANS_IPO", (COMPANY,), (EXCHANGE,),
                     ("amount", "currency", "valuation", "exchange", "date", "period", "status"),
                     ("planned", "expected", "rumored", "pending", "completed", "withdrawn",
                      "paused", "cancelled"),
                     description="company -> exchange"),
    )
}

SYMMETRIC_TYPES: frozenset[str] = frozenset(n for n, rt in RELATION_TYPES.items() if rt.symmetric)


class SchemaError(ValueError):
    """A relation that breaks the schema: unknown type, wrong labels, bad property value."""


@lru_cache(maxsize=1 << 16)  # loads call it for both ends of every relation
def slug(name: str) -> str:
    """Lower-case ASCII slug of a name, unique per distinct name in any script.

    Latin names lose only their accents; a name with letters, digits or symbols of another
    script is transliterated (anyascii) for readability and gets a hash of the name, so that
    two names never share a slug because transliteration or punctuation flattened them.

    >>> slug("Zhipu AI"), slug("Karén Simonyan")
    ('zhipu-ai', 'karen-simonyan')
    >>> slug("Яндекс") != slug("Yandeks") and slug("Яндекс").startswith("yandeks-")
    True
    """
    text = unicodedata.normalize("NFC", name.strip())
    decomposed = unicodedata.normalize("NFKD", text)
    lossy = any(not c.isascii() and unicodedata.category(c)[0] in "LNS" for c in decomposed)
    base = re.sub(r"[^a-z0-9]+", "-", anyascii(text).lower()).strip("-")
    if base and not lossy:
        return base
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    return f"{base}-{digest}" if base else f"u-{digest}"


def article_node_id(doc_id: str) -> str:
    """The Article node id: the raw document id, so "A/B" and "a b" stay two articles.

    Ids that are long or hold control characters are hashed instead.

    >>> article_node_id("A/B") != article_node_id("a b")
    True
    """
    if len(doc_id) <= 200 and doc_id.isprintable():
        return f"{ARTICLE.lower()}:{doc_id}"
    return f"{ARTICLE.lower()}:sha1-{hashlib.sha1(doc_id.encode('utf-8')).hexdigest()}"


@lru_cache(maxsize=1 << 16)  # loads call it for both ends of every relation, several times
def node_id(label: str, name: str) -> str:
    """Stable node id from a label and a canonical name.

    >>> node_id("Company", "Scale AI")
    'company:scale-ai'
    """
    if label not in NODE_LABELS:
        raise SchemaError(f"unknown node label {label!r}; expected one of {NODE_LABELS}")
    return f"{label.lower()}:{slug(name)}"


def check_relation(rel_type: str, source_label: str, target_label: str,
                   properties: dict[str, object]) -> None:
    """Raise SchemaError when a relation does not fit the schema."""
    rt = RELATION_TYPES.get(rel_type)
    if rt is None:
        raise SchemaError(f"unknown relation type {rel_type!r}; expected one of "
                          f"{sorted(RELATION_TYPES)}")
    if source_label not in rt.source_labels or target_label not in rt.target_labels:
        raise SchemaError(f"{rel_type} joins {rt.source_labels} -> {rt.target_labels}, "
                          f"not {source_label} -> {target_label}")
    unknown = set(properties) - set(rt.properties)
    if unknown:
        raise SchemaError(f"{rel_type} has no properties {sorted(unknown)}")
    status = properties.get("status")
    if status is not None and status not in rt.statuses:
        raise SchemaError(f"{rel_type} status {status!r} not in {rt.statuses}")
    pct = properties.get("stake_pct")
    if pct is not None and not 0 <= float(pct) <= 100:  # type: ignore[arg-type]
        raise SchemaError(f"stake_pct {pct} is outside 0-100")


# Neo4j constraints and indexes as data; kg.store.cypher renders them (IF NOT EXISTS, so
# applying them twice is harmless).
UNIQUE_KEYS: tuple[tuple[str, str, str], ...] = tuple(
    (f"{label.lower()}_{NODE_KEY}_unique", label, NODE_KEY) for label in NODE_LABELS
)
INDEXES: tuple[tuple[str, str, str], ...] = tuple(
    (f"{label.lower()}_name", label, "name") for label in ENTITY_LABELS
)
