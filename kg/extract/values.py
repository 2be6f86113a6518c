"""Values in news text: money ("$29 billion", "€1.3bn", "around $200 million"), percentages,
qualitative stakes ("a minority stake") and dates or periods ("In 2024", "as early as
January next year")."""

from __future__ import annotations

import re
from dataclasses import dataclass

CURRENCY_SIGNS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "HK$": "HKD",
                  "C$": "CAD", "A$": "AUD", "₹": "INR", "CN¥": "CNY", "RMB": "CNY"}
CURRENCY_WORDS = {"dollars": "USD", "dollar": "USD", "usd": "USD", "euros": "EUR", "euro": "EUR",
                  "eur": "EUR", "pounds": "GBP", "gbp": "GBP", "yen": "JPY", "jpy": "JPY",
                  "yuan": "CNY", "renminbi": "CNY", "cny": "CNY", "rmb": "CNY", "hkd": "HKD",
                  "won": "KRW", "rupees": "INR"}
SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mln": 1e6, "m": 1e6, "mn": 1e6,
          "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "t": 1e12}

_SIGN = "|".join(re.escape(s) for s in sorted(CURRENCY_SIGNS, key=len, reverse=True))
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"thousand|trillion|billion|million|mln|bn|mn|tn|k|m|b|t"
MONEY = re.compile(
    rf"(?P<sign>{_SIGN})\s?(?P<num>{_NUM})(?:\s?(?P<scale>{_SCALE})\b)?"
    rf"|\b(?P<num2>{_NUM})\s?(?P<scale2>{_SCALE})?\s(?P<word>{'|'.join(CURRENCY_WORDS)})\b"
    rf"|\b(?P<code>USD|EUR|GBP|CNY|HKD|JPY)\s?(?P<num3>{_NUM})(?:\s?(?P<scale3>{_SCALE})\b)?",
    re.IGNORECASE)
PERCENT = re.compile(rf"\b(?P<num>{_NUM})\s?(?:%|percent\b|per cent\b)", re.IGNORECASE)
QUALITATIVE_STAKE = re.compile(r"\b(minority|majority|controlling|significant|small|"
                               r"non-controlling|sizable|sizeable)\s+(?:equity\s+)?stake",
                               re.IGNORECASE)
YEAR = re.compile(r"\b(19[89]\d|20\d\d)\b")
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]
ISO_DATE = re.compile(
    rf"\b(?P<month>{'|'.join(MONTHS)})\s+(?:(?P<day>\d{{1,2}}),?\s+)?(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE)


@dataclass(frozen=True)
class Money:
    amount: float
    currency: str
    start: int  # char offsets in the text searched
    end: int


def parse_money(text: str) -> list[Money]:
    """Every sum of money in a text, with ISO currency code.

    >>> [(m.amount, m.currency) for m in parse_money("valued at $29 billion and €1.3bn")]
    [(29000000000.0, 'USD'), (1300000000.0, 'EUR')]
    """
    found = []
    for m in MONEY.finditer(text):
        num = m.group("num") or m.group("num2") or m.group("num3")
        scale = (m.group("scale") or m.group("scale2") or m.group("scale3") or "").lower()
        if m.group("sign"):
            currency = CURRENCY_SIGNS[m.group("sign").upper()]
        elif m.group("word"):
            currency = CURRENCY_WORDS[m.group("word").lower()]
        else:
            currency = m.group("code").upper()
        amount = float(num.replace(",", "")) * SCALES.get(scale, 1.0)
        found.append(Money(amount, currency, m.start(), m.end()))
    return found


def parse_percent(text: str) -> float | None:
    m = PERCENT.search(text)
    if m:
        value = float(m.group("num").replace(",", ""))
        return value if 0 <= value <= 100 else None
    return None


def parse_date(text: str) -> tuple[str | None, str | None]:
    """(ISO date or year, free-text period) from a date expression.

    >>> parse_date("In 2024")
    ('2024', None)
    >>> parse_date("as early as January next year")
    (None, 'as early as January next year')
    """
    m = ISO_DATE.search(text)
    if m:
        month = MONTHS.index(m.group("month").lower()) + 1
        day = m.group("day")
        iso = f"{m.group('year')}-{month:02d}" + (f"-{int(day):02d}" if day else "")
        return iso, None
    bare = re.fullmatch(r"(?:in|since|by|during|early|late|mid-?)?\s*(19[89]\d|20\d\d)",
                        text.strip(), re.IGNORECASE)
    if bare:
        return bare.group(1), None
    return None, text.strip() or None
