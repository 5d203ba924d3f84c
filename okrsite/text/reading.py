"""From a statement as written to the tokens the text checks read.

Inline Markdown is stripped first (emphasis and code marks go, links keep their text,
HTML tags go), the text is normalised (NFKC, quotes, dashes) and split into word,
number and symbol tokens. Hyphenated words stay whole, so "Launch-day conversion" does
not open with the verb "launch". Labels and filler at the start ("KR1:", "We will",
"By end of Q3,") are skipped. Only the first :data:`MAX_TOKENS` tokens are read: a goal
statement is one sentence, and the bound keeps every judgement linear and fast whatever
it is given.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import NamedTuple

from .lexicon import W

# A goal statement is one sentence; reading more would only cost time.
MAX_TOKENS = 400

_LINK_RE = re.compile(r"!?\[([^\[\]]*)\](?:\([^()]*\)|\[[^\[\]]*\])")
_TAG_RE = re.compile(r"</?[A-Za-z][^<>]*>")
_AUTOLINK_RE = re.compile(r"<(?:https?|mailto):[^<>\s]*>")
_MARKUP_RE = re.compile(r"\*+|~~|`+|(?<!\w)_+|_+(?!\w)|\\(?=[^\w\s])")
# Every pattern above starts with one of these; typography and NFKC touch non-ASCII only.
_MARKUP_START_RE = re.compile(r"[\[<*~`_\\]")
_DASH_BETWEEN_DIGITS_RE = re.compile(r"(?<=\d)[\u2010-\u2015\u2212](?=\d)")
_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": " ",
        "\u2013": " ",
        "\u2014": " ",
        "\u2015": " ",
        "\u2212": "-",
        "\u2265": ">",
        "\u2264": "<",
    }
)
# Words may hold inner hyphens, apostrophes, slashes and ampersands ("sign-ups", "A&E",
# "24/7"); numbers keep their separators ("1,000", "99.9"). A separator is never a
# word character, so the pattern cannot backtrack badly.
_TOKEN_RE = re.compile(r"\w+(?:(?:[-'/&]|(?<=\d)[.,](?=\d))\w+)*|[^\w\s]")
# A statement is one sentence: past this many characters nothing more is read.
_MAX_CHARS = 40 * MAX_TOKENS
_LABEL_RE = re.compile(r"(?:kr|o)\d*")


class Token(NamedTuple):
    """One word, number or symbol of a statement (a tuple: statements make many)."""

    text: str  # as written: capitals mark labels ("Tier 1")
    low: str  # case-folded: every lookup uses this


def plain_text(text: str) -> str:
    """Strip inline Markdown and normalise typography, keeping the visible words."""
    if text.isascii() and not _MARKUP_START_RE.search(text):
        return text  # strip_markup would not change it: the usual statement
    return strip_markup(text)


def strip_markup(text: str) -> str:
    """The slow path of :func:`plain_text`, for any text."""
    text = unicodedata.normalize("NFKC", text)
    text = _AUTOLINK_RE.sub(" ", text)
    text = _LINK_RE.sub(r"\1", text)
    text = _TAG_RE.sub(" ", text)
    text = _MARKUP_RE.sub("", text)
    text = _DASH_BETWEEN_DIGITS_RE.sub("-", text)
    return text.translate(_TYPOGRAPHY)


def statement_tokens(text: str) -> list[Token]:
    """The tokens of a statement, without a leading label, "We will" or time phrase."""
    plain = plain_text(text[:_MAX_CHARS])
    words = _TOKEN_RE.findall(plain)
    known = _TOKENS
    tokens = [known.get(word) or _token(word) for word in words[: MAX_TOKENS + 12]]
    if "'t" in plain or "'T" in plain:
        tokens = [part for token in tokens for part in _negation_split(token)]
    start = 0
    if len(tokens) > 1 and _LABEL_RE.fullmatch(tokens[0].low) and tokens[1].low in ":.-)":
        start = 2  # "KR1: ..."
    preamble = W.grammar_preamble
    while start < len(tokens) and tokens[start].low in preamble:
        start += 1
    if start < len(tokens) and tokens[start].low in {"by", "in", "during", "before"}:
        for index in range(start + 1, min(start + 8, len(tokens))):
            if tokens[index].low == ",":  # "By end of Q3, ..."
                start = index + 1
                break
    return tokens[start : start + MAX_TOKENS]


# Tokens are immutable and words recur across a portal's statements: each is made once.
# Bounded, because ``mkdocs serve`` keeps the process through edits.
_TOKENS: dict[str, Token] = {}
_MAX_TOKEN_MEMO = 100_000


def _token(word: str) -> Token:
    if len(_TOKENS) >= _MAX_TOKEN_MEMO:
        _TOKENS.clear()
    token = _TOKENS[word] = Token(word, word.casefold())
    return token


def _negation_split(token: Token) -> list[Token]:
    """ "don't" -> "do" "n't": the negation is a word of its own."""
    if token.low.endswith("n't") and len(token.low) > 3:
        return [Token(token.text[:-3], token.low[:-3]), Token(token.text[-3:], "n't")]
    return [token]


def word_at(tokens: Sequence[Token], index: int) -> str:
    """The case-folded token at ``index``, or ``""`` outside the statement."""
    return tokens[index].low if 0 <= index < len(tokens) else ""


def span(tokens: Sequence[Token], start: int, end: int) -> str:
    """The tokens from ``start`` to ``end`` as readable text ("below 8%", "$300")."""
    signs = W.grammar_currency_sign
    words: list[str] = []
    for token in tokens[max(0, start) : end]:
        if words and (token.low in {"%", ",", ".", "+", "n't"} or words[-1] in signs):
            words[-1] += token.text
        else:
            words.append(token.text)
    return " ".join(words)


def is_plural_noun(token: Token | None) -> bool:
    """Whether a token looks like a plural noun ("users", "stores")."""
    return (
        token is not None
        and token.low.isalpha()
        and len(token.low) > 3
        and token.low[-1] == "s"
        and not token.low.endswith("ss")
    )
