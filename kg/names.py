"""Comparison keys of entity names, shared by the evaluator and entity resolution."""

from __future__ import annotations

import json
import os
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

ENTITY_DIR = Path(os.environ.get("KG_ENTITIES", Path(__file__).resolve().parent
                                 / "data" / "entities"))

LEGAL_SUFFIXES = frozenset({"inc", "corp", "corporation", "co", "ltd", "llc", "plc", "sa", "ag",
                            "gmbh", "group", "holdings"})

# Corporate words that end company names ("Agility Robotics", "Sarvam AI").
COMPANY_SUFFIXES = frozenset({"inc", "inc.", "corp", "corp.", "corporation", "ltd", "ltd.",
    "llc", "labs", "ai", "technologies", "technology", "systems", "robotics", "capital",
    "ventures", "partners", "holdings", "group", "co.", "plc", "networks", "software",
    "semiconductor", "bio", "therapeutics", "dynamics", "intelligence", "computing",
    "analytics", "cloud", "data", "health", "pharma", "pharmaceuticals", "biosciences",
    "sciences", "medical", "motors", "energy", "media", "bank", "financial", "aerospace",
    "mobility", "logistics", "semiconductors", "devices", "studios", "solutions", "industries",
    "insurance", "communications", "automation", "materials", "aviation", "security", "games",
    "press", "news", "publishing"})


def normalise_name(name: str) -> str:
    """Comparison key of a name: no case, accents, punctuation, possessive, leading "the",
    or legal suffix. ``normalise_name("The Walt Disney Company's") == "walt disney company"``.
    """
    text = re.sub(r"['\u2019]s\b", "", name)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words = words[:-1]
    return " ".join(words)


# Words that name a unit of a company rather than the company ("Google Cloud", "Bosch
# Ventures", "Deutsche Telekom Capital Partners"): a name they extend is another entity.
UNIT_WORDS = frozenset({"cloud", "ventures", "venture", "capital", "partners", "fund", "bank",
                        "research", "foundation", "institute", "studios", "music", "pictures",
                        "records", "games", "vision", "investments", "electric", "pay",
                        "superintelligence", "startup"})
# Words that make a name a business's, not a person's ("Lakefront Brewery", "Dala Pay").
BUSINESS_WORDS = COMPANY_SUFFIXES | LEGAL_SUFFIXES | UNIT_WORDS | frozenset({
    "company", "brewery", "brewing", "mart", "invest", "kapital", "expeditions", "foods",
    "hotels", "freight", "bancorp", "telecom", "wireless", "power", "solar", "spirits",
    "distillery", "gear", "outfitters", "towers", "infrastructure", "precision", "drive",
    "compute", "mobile", "interactive", "autonomy", "underwriting", "maritime", "soft",
    "photonics", "micro", "glass", "works", "offshore", "cosmetics", "launch", "nickel",
    "beverage", "metrology", "infotech", "carbon", "instruments", "renovables", "cycle",
    "industrial", "direct", "knits", "hauliers", "associati", "shoji", "kargo", "management",
    "global", "international", "britannica", "encyclopaedia", "times", "post", "journal",
    "airlines", "air", "rail", "shipping", "chemicals", "steel", "mining", "oil", "gas",
    "telecommunications", "electronics", "semiconductor", "manufacturing", "retail",
    "stores", "markets", "exchange", "trust", "university"})
_NAME_WORD = re.compile(r"^[A-Z][a-z\u00c0-\u024f'’]+(?:-[A-Z]?[a-z\u00c0-\u024f'’]+)*$")


def name_words(name: str) -> list[str]:
    """The name's words as compared: lowercase, no accents or punctuation, legal suffixes
    kept ("H Company" -> ["h", "company"])."""
    text = re.sub(r"['\u2019]s\b", "", name)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    return words[1:] if len(words) > 1 and words[0] == "the" else words


def is_acronym_of(short: str, long: str) -> bool:
    """Is ``short`` the acronym of ``long`` ("AWS" of "Amazon Web Services", "Ipai" of
    "Innovation Park Artificial Intelligence")? Small words of the long name may be skipped."""
    letters = re.sub(r"[^a-z]", "", short.lower())
    words = name_words(long)
    if len(letters) < 2 or len(words) < 2 or " " in short.strip():
        return False
    full = "".join(w[0] for w in words)
    content = "".join(w[0] for w in words if w not in {"of", "and", "the", "for", "de"})
    return letters in {full, content}


def person_shaped(name: str) -> bool:
    """Does a name read as a person's: two or three capitalised words ("Jesse Levinson",
    "Tim Kentley-Klay"), none of them a business word?"""
    parts = name.split()
    return 2 <= len(parts) <= 3 and all(_NAME_WORD.match(p) for p in parts) and not any(
        w in BUSINESS_WORDS for w in name_words(name))


def business_worded(name: str) -> bool:
    """Does a name carry a word only businesses have ("Bezos Expeditions", "Kopi Senja Mart")?"""
    words = name_words(name)
    return len(words) >= 2 and any(w in BUSINESS_WORDS for w in words[1:])


def entity_rows(folder: Path = ENTITY_DIR) -> list[dict]:
    """The rows (name, label, aliases, kind) of every entity list in ``folder``; a folder
    without one is an error, never an empty list (extraction would quietly lose its names)."""
    files = sorted(folder.glob("*.json"))
    if not files:
        raise FileNotFoundError(f"no entity list (*.json) in {folder}; the package ships one "
                                "in kg/data/entities, KG_ENTITIES may point elsewhere")
    return [row for path in files
            for row in json.loads(path.read_text(encoding="utf-8"))["entities"]]


@lru_cache(maxsize=1)
def listed_names() -> dict[str, str]:
    """Every name and alias of the entity list (kg/data/entities), normalised -> the canonical
    name of its entity."""
    names: dict[str, str] = {}
    for row in entity_rows():
        for name in (row["name"], *row.get("aliases", [])):
            names.setdefault(normalise_name(name), row["name"])
    return names


_CAPS = r"[A-Z][\w&.'’-]*(?: (?:of |and |for |de )?[A-Z][\w&.'’-]*)*"
_ACRONYM = re.compile(rf"({_CAPS}) \(([A-Za-z][\w&.-]{{1,9}})\)")
_FORMER = re.compile(rf"({_CAPS})(?:,| \()[^.;()]*?\b(?:formerly|previously|once) (?:known as "
                     rf"|called |named )?({_CAPS})")


def article_aliases(text: str) -> dict[str, str]:
    """Names an article introduces for an entity it names: acronyms in brackets ("Innovation
    Park Artificial Intelligence (Ipai)") and former names ("H, the Paris startup formerly
    known as Holistic") -> the name they stand for."""
    aliases: dict[str, str] = {}
    for m in _ACRONYM.finditer(text):
        long, short = m.group(1), m.group(2)
        words = long.split()
        for i in range(len(words) - 1):  # "led by Innovation Park ...": the tail that fits
            tail = " ".join(words[i:])
            if is_acronym_of(short, tail):
                aliases.setdefault(short, tail.removeprefix("The "))
                break
    for m in _FORMER.finditer(text):
        current, former = m.group(1), m.group(2)
        if former != current:
            aliases.setdefault(former, current)
    return aliases
