"""Telling advertising from news, so that dumps lose their promo blocks and nothing else.

Dropping a news paragraph loses its relations without a word, so the test needs strong
evidence: a short paragraph, no sign of news (a reporting verb, a date, a quotation), and
several kinds of promotional cue (a call to action, the reader addressed, a link, an offer or
price, a sign-up, sales talk). A paragraph next to a dropped one needs only one cue: promo
blocks come in runs ("Launch your team ..." / "Begin getting your first leads today").
"""

from __future__ import annotations

import re
from itertools import islice

MAX_PROMO_WORDS = 80  # promo blocks are short; a longer paragraph is an article's

WORD = re.compile(r"[A-Za-z][\w'’&.-]*")  # a word, for counting (shared with kg.dumps)
_SENTENCE_OPENER = re.compile(r"(?:^|[.!?]\s+|[—–:]\s*)[\"“(]?([A-Za-z][\w'’-]*)")
_CALLS_TO_ACTION = {
    "launch", "begin", "start", "get", "try", "join", "sign", "book", "click", "grow", "boost",
    "download", "subscribe", "register", "claim", "unlock", "call", "contact", "visit", "order",
    "buy", "shop", "save", "discover", "automate", "supercharge", "learn", "request", "follow",
    "upgrade", "apply", "schedule", "watch", "explore", "grab", "hurry", "act", "don't",
}
_CUES = {
    "reader": re.compile(r"\b(you|your|yours|you're|you'll|you've)\b", re.IGNORECASE),
    "link": re.compile(r"\bhttps?://|\bwww\.|\b[\w.+-]+@[\w-]+\.[a-z]{2,}\b", re.IGNORECASE),
    "offer": re.compile(
        r"\b(free trial|\d+% off|discount|promo code|coupon|limited[- ]time|money[- ]back|"
        r"per month|no credit card|for free|risk[- ]free|special offer)\b|"
        r"\$\d+(\.\d\d)?\s*/\s*(mo|month|yr|year)\b", re.IGNORECASE),
    "signup": re.compile(
        r"\b(subscribe|newsletter|sign up|signup|unsubscribe|click here|learn more|"
        r"book a demo|get started|(register|download|buy|order|shop|join) now)\b",
        re.IGNORECASE),
    "pitch": re.compile(
        r"\b((your|first|more|new|qualified) (leads|clients|customers)|on autopilot|"
        r"no ads needed|grow your|boost your|supercharge|effortless(ly)?|skyrocket|"
        r"guaranteed|10x)\b|!", re.IGNORECASE),
}
_NEWS = re.compile(
    r"\b(said|says|told|announced|announces|reported|reports|according to|stated|added|"
    r"confirmed|disclosed|declined|denied|filed|"
    r"january|february|march|april|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|"
    r"last (year|month|week|quarter)|(19|20)\d\d)\b|"
    r"[“\"][^”\"]*?\b\w+\s+\w+\s+\w+[^”\"]*[”\"]", re.IGNORECASE)


def promo_cues(text: str) -> set[str]:
    """The kinds of promotional cue in a paragraph: action, reader, link, offer, signup, pitch."""
    found = {kind for kind, pattern in _CUES.items() if pattern.search(text)}
    openers = {m.group(1).lower() for m in _SENTENCE_OPENER.finditer(text)}
    if openers & _CALLS_TO_ACTION:
        found.add("action")
    return found


def reads_as_news(text: str) -> bool:
    """A reporting verb, a date or a quotation: the paragraph reports, it does not sell."""
    return _NEWS.search(text) is not None


def is_advertising(text: str, *, after_promo: bool = False) -> bool:
    """Is this paragraph advertising? Strong evidence only (see the module docstring);
    ``after_promo``: the paragraph before it was advertising."""
    words = sum(1 for _ in islice(WORD.finditer(text), MAX_PROMO_WORDS + 1))
    if not words or words > MAX_PROMO_WORDS or reads_as_news(text):
        return False
    cues = promo_cues(text)
    return len(cues) >= 3 or ("action" in cues and len(cues) >= 2) or (after_promo
                                                                      and bool(cues))
