"""LIX readability (läsbarhetsindex, læsbarhedsindeks) of Danish, Swedish and Norwegian text,
and the plain-language advice the editor gives beside it.

LIX = words / sentences + 100 * long words / words, a long word having more than six
letters (C.-H. Björnsson, *Läsbarhet*, 1968). We count ourselves rather than use
textstat (the one well-kept library with a `lix()`): its sentence count splits at every
full stop, so "f.eks.", "bl.a." and "t.ex." end sentences, and it drops every
"sentence" of two words or fewer, which Björnsson counts; nor does it say which
sentences are long, which is the advice a writer can act on.

A sentence ends at ".", "!", "?" or ":" followed by a capital letter, a digit or the end
of a paragraph (Björnsson counts the colon too). A full stop followed by a small letter
never ends one (ordinals such as "1. januar", most abbreviations), and neither does one
after an abbreviation that never closes a sentence ("f.eks. Næstved"). Each paragraph,
heading and list item of the Markdown ends a sentence of its own.
"""

import re
from dataclasses import dataclass, field

LONG_WORD_LETTERS = 7  # "more than six letters"
LONG_SENTENCE_WORDS = 25  # advice: a sentence of more words is hard to follow
VERY_LONG_WORD_LETTERS = 20  # advice: a word this long is worth splitting or rewording

# Abbreviations that never end a sentence, in their usual spellings (lower case).
# Those that often close one ("osv.", "m.m.", "etc.", "m.fl.") are left out on purpose: a
# capital letter after them starts a new sentence.
NON_FINAL_ABBREVIATIONS = frozenset(
    [
        "f.eks.", "fx.", "bl.a.", "bl.a", "dvs.", "d.v.s.", "jf.", "jfr.", "ca.", "nr.", "kl.",
        "pga.", "p.g.a.", "evt.", "ev.", "inkl.", "ekskl.", "mht.", "m.h.t.", "vedr.", "ang.",
        "iht.", "i.h.t.", "ift.", "i.f.t.", "pkt.", "stk.", "tlf.", "tel.", "s.k.", "sk.", "t.ex.",
        "resp.", "fr.o.m.", "t.o.m.", "f.d.", "st.", "s.", "t.d.", "m.a.", "o.l.", "e.l.", "o.a.",
        "hhv.", "henh.", "f.o.", "eks.", "ref.", "adr.", "avd.", "afd.",
    ]
)

_PUNCTUATION = ".,;:!?\"'“”„«»()[]–-…"
# A token that may end a sentence: what precedes the mark, the mark, and what follows.
_BOUNDARY = re.compile(r"([.!?:]+)([\"'”»)\]]*)(\s+|$)")


@dataclass(frozen=True)
class Sentence:
    text: str
    words: int


@dataclass
class Readability:
    words: int = 0
    sentences: int = 0
    long_words: int = 0
    long_sentences: list[Sentence] = field(default_factory=list)
    very_long_words: list[str] = field(default_factory=list)

    @property
    def lix(self) -> int | None:
        """Rounded to a whole number, as LIX is published; None for a text without words."""
        return lix_from_counts(self.words, self.sentences, self.long_words)

    @property
    def band(self) -> str:
        """Björnsson's scale, as lix.se and the Nordic language councils give it."""
        value = self.lix
        if value is None:
            return ""
        if value < 30:
            return "very_easy"
        if value < 40:
            return "easy"
        if value < 50:
            return "medium"
        if value < 60:
            return "hard"
        return "very_hard"

    @property
    def has_advice(self) -> bool:
        return bool(self.long_sentences or self.very_long_words)

    def __add__(self, other: "Readability") -> "Readability":
        return Readability(
            words=self.words + other.words,
            sentences=self.sentences + other.sentences,
            long_words=self.long_words + other.long_words,
            long_sentences=[*self.long_sentences, *other.long_sentences],
            very_long_words=list(dict.fromkeys([*self.very_long_words, *other.very_long_words])),
        )


def lix_from_counts(words: int, sentences: int, long_words: int) -> int | None:
    if not words:
        return None
    value = words / max(sentences, 1) + 100 * long_words / words
    return int(value + 0.5)  # half up, as the published counters round


def words_of(text: str) -> list[str]:
    """The words of a text as LIX counts them: what stands between spaces and has a letter
    ("f.eks." is one word of four letters, "2026" none)."""
    return [token for token in text.split() if any(c.isalpha() for c in token)]


def letters(word: str) -> int:
    return sum(1 for c in word if c.isalpha())


_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKDOWN_LIST = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MARKDOWN_EMPHASIS = re.compile(r"[*_`]+")
_URL = re.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\w+")


def paragraphs(markdown: str) -> list[str]:
    """The text's paragraphs, headings and list items, without their Markdown."""
    blocks, current = [], []
    for line in (markdown or "").splitlines():
        starts_block = _MARKDOWN_LIST.match(line) or _MARKDOWN_HEADING.match(line)
        if not line.strip() or starts_block:
            if current:
                blocks.append(" ".join(current))
            current = []
        if line.strip():
            line = _MARKDOWN_HEADING.sub("", _MARKDOWN_LIST.sub("", line))
            current.append(line.strip())
    if current:
        blocks.append(" ".join(current))
    cleaned = []
    for block in blocks:
        block = _URL.sub(" ", _MARKDOWN_LINK.sub(r"\1", block))
        block = _MARKDOWN_EMPHASIS.sub("", block)
        cleaned.append(" ".join(block.split()))
    return [b for b in cleaned if b]


def sentences_of(paragraph: str) -> list[str]:
    sentences, start = [], 0
    for match in _BOUNDARY.finditer(paragraph):
        end = match.end()
        rest = paragraph[end:]
        if rest and not _starts_sentence(rest):
            continue
        before = paragraph[start:match.start()]
        last = before.split()[-1].lower() if before.split() else ""
        if match.group(1) == "." and rest and f"{last}." in NON_FINAL_ABBREVIATIONS:
            continue
        if match.group(1) == ":" and not rest[:1].isupper():
            continue
        sentences.append(paragraph[start:end].strip())
        start = end
    tail = paragraph[start:].strip()
    if tail:
        sentences.append(tail)
    return [s for s in sentences if words_of(s)]


def _starts_sentence(rest: str) -> bool:
    first = rest.lstrip("\"'“„«»(–- ")[:1]
    return first.isupper() or first.isdigit()


def analyse(markdown: str) -> Readability:
    """The readability of a text (Markdown allowed), with the advice on it."""
    result = Readability()
    seen_long = {}
    for paragraph in paragraphs(markdown):
        for sentence in sentences_of(paragraph):
            words = words_of(sentence)
            result.sentences += 1
            result.words += len(words)
            for word in words:
                count = letters(word)
                if count >= LONG_WORD_LETTERS:
                    result.long_words += 1
                if count >= VERY_LONG_WORD_LETTERS:
                    bare = word.strip(_PUNCTUATION)
                    seen_long.setdefault(bare.lower(), bare)
            if len(words) > LONG_SENTENCE_WORDS:
                result.long_sentences.append(Sentence(sentence, len(words)))
    result.very_long_words = list(seen_long.values())
    return result
