"""Coarse part-of-speech from the model's own attribute-ruler rules, as cached lookups.

The model's ``attribute_ruler`` maps the tagger's fine tags (plus a few words and
dependency labels) to coarse POS, morphology and lemmas with a token Matcher; it costs
about a fifth of the pipeline. Extraction reads only ``pos_``, so this component applies
the same rules for POS alone, in the same order (the last matching rule wins, as in the
ruler), and caches the result per distinct token context. Tests check that it gives the
attribute ruler's POS on every token of the gold articles.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

FACTORY = "kg_rule_pos"
_FIELDS = ("TAG", "LOWER", "DEP", "IS_SPACE")


def _values(want) -> list[str]:
    if want is None:
        return []
    if isinstance(want, dict):
        if "NOT_IN" in want:
            raise ValueError("LOWER NOT_IN patterns are not supported")
        return list(want.get("IN", []))
    return [want]


def _holds(spec: dict, token: tuple) -> bool:
    for name, want in spec.items():
        value = token[_FIELDS.index(name)]
        if isinstance(want, dict):
            if ("IN" in want and value not in want["IN"]) or (
                    "NOT_IN" in want and value in want["NOT_IN"]):
                return False
        elif value != want:
            return False
    return True


class RulePos:
    """POS (and the tag of whitespace) by the attribute ruler's patterns."""

    def __init__(self, patterns: list[dict]) -> None:
        self.rules = []  # (token specs, index of the token they set, attrs), in order
        for entry in patterns:
            attrs = {k: v for k, v in entry["attrs"].items() if k in {"POS", "TAG"}}
            if not attrs:
                continue
            for pattern in entry["patterns"]:
                if any(set(spec) - set(_FIELDS) for spec in pattern) or len(pattern) > 2 \
                        or any(set(spec) - {"DEP"} for spec in pattern[:-1]):
                    raise ValueError(f"unsupported attribute-ruler pattern: {pattern}")
                self.rules.append((pattern, entry.get("index", 0), attrs))
        self.cache: dict[tuple, dict] = {}
        # Words the rules name: any other word behaves alike, so it shares a cache entry.
        self.words = {w for pattern, _, _ in self.rules for spec in pattern
                      for w in _values(spec.get("LOWER"))}

    def __call__(self, doc: Doc) -> Doc:
        prev: tuple | None = None
        views = [(t.tag_, t.lower_ if t.lower_ in self.words else "", t.dep_, t.is_space)
                 for t in doc]
        for token, view in zip(doc, views, strict=True):
            key = (prev[2] if prev else None, view)  # two-token rules read the dependency
            attrs = self.cache.get(key)
            if attrs is None:
                attrs = self.cache[key] = self._attrs(prev, view)
            if "POS" in attrs:
                token.pos_ = attrs["POS"]
            if "TAG" in attrs:
                token.tag_ = attrs["TAG"]
            prev = view
        return doc

    def _attrs(self, prev: tuple | None, view: tuple) -> dict:
        found: dict = {}
        for pattern, index, attrs in self.rules:
            window = [prev, view][2 - len(pattern):] if len(pattern) <= 2 else []
            if len(window) != len(pattern) or index != len(pattern) - 1 or None in window:
                continue  # only patterns that set the last token of a window ending here
            if all(_holds(spec, tok) for spec, tok in zip(pattern, window, strict=True)):
                found.update(attrs)
        return found


@Language.factory(FACTORY, default_config={"patterns": []})
def make_rule_pos(nlp: Language, name: str, patterns: list[dict]) -> RulePos:
    return RulePos(patterns)
