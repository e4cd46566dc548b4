"""The adoption facts a policy states about itself: who adopted it, when, and the case.

"Vedtaget af Byrådet den 24. april 2012", "Antagen av KF 2016-06-22 § 114",
"Vedtatt i kommunestyret 14.12.2017, sak 85/17", "Adopted by the council on 3 May 2020".
"""

import datetime
import re
from dataclasses import asdict, dataclass

from .vocabulary import MONTHS

ADOPTED = re.compile(
    r"\b(?P<verb>vedtaget|vedtatt|vedteken|vedteke|vedtekne|godkendt|godkjent|godkjend|godkänd|"
    r"godkänt|antagen|antaget|antogs|fastställd|fastsatt|adopted|approved)\b"
    r"(?:\s+(?:af|av|i|by|på|of|ved|under)\s+(?P<body>[^\d§,.;]{2,60}?))?"
    r"(?=\s*(?:den\b|d\.|on\b|\d|§|,|\.|;|$|sak|sag|ärende|case))",
    re.IGNORECASE,
)
ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
DOTTED = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
WORDS = re.compile(r"\b(\d{1,2})\.?\s+([a-zæøåäö]+)\.?\s+(\d{4})\b", re.IGNORECASE)
MONTH_YEAR = re.compile(r"\b([a-zæøåäö]+)\s+(\d{4})\b", re.IGNORECASE)
CASE = re.compile(
    r"(§\s*\d+[a-z]?|(?:sag|sak|ärende|case|journal)(?:snr\.?|nr\.?|nummer)?\.?\s*"
    r"(?:nr\.?\s*)?[\w./-]*\d[\w./-]*)",
    re.IGNORECASE,
)


@dataclass
class AdoptionFacts:
    text: str = ""
    adopted_by: str = ""
    adopted_on: str = ""  # ISO date, or "" when the text gives none
    dated: str = ""  # the date as the document writes it
    case_reference: str = ""

    def to_dict(self):
        return asdict(self)


def find_adoption(text: str) -> AdoptionFacts | None:
    """The facts of a line that states an adoption, or None if it states none."""
    if len(text) > 300:
        return None
    match = ADOPTED.search(text)
    if not match:
        return None
    facts = AdoptionFacts(text=text)
    facts.adopted_by = (match.group("body") or "").strip(" ,.-")
    date, written = _date(text[match.end():]) or _date(text) or (None, "")
    if date is None and not facts.adopted_by:
        return None
    if date:
        facts.adopted_on = date.isoformat()
    facts.dated = written
    case = CASE.search(text[match.end():])
    if case:
        before = text[match.end():case.start()].split()
        # "KF § 114": the body's abbreviation before the paragraph sign belongs to it.
        short_body = before and before[-1].isupper() and len(before[-1]) <= 4
        prefix = before[-1] + " " if short_body else ""
        facts.case_reference = (prefix + case.group(1)).strip()
    return facts


def _date(text: str):
    for pattern, order in ((ISO, "ymd"), (DOTTED, "dmy"), (WORDS, "dMy")):
        match = pattern.search(text)
        if not match:
            continue
        try:
            if order == "ymd":
                y, m, d = map(int, match.groups())
            elif order == "dmy":
                d, m, y = map(int, match.groups())
            else:
                month = MONTHS.get(match.group(2).lower()) or MONTHS.get(
                    next((k for k in MONTHS if k[:3] == match.group(2).lower()[:3]), "")
                )
                if not month:
                    continue
                d, m, y = int(match.group(1)), month, int(match.group(3))
            return datetime.date(y, m, d), match.group(0)
        except ValueError:
            continue
    match = MONTH_YEAR.search(text)
    if match and match.group(1).lower() in MONTHS:
        return None, match.group(0)
    return None
