"""Comparison keys of entity names, shared by the evaluator and entity resolution."""

from __future__ import annotations

import re
import unicodedata

LEGAL_SUFFIXES = frozenset({"inc", "corp", "corporation", "co", "ltd", "llc", "plc", "sa", "ag",
                            "gmbh", "group", "holdings"})


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
