"""Text analyser for the lexical channel: lower case, accents folded, IT+EN stop words, stems.

``Analyzer().terms("Gli ospedali della città")`` -> ``["ospedal", "citt"]``. The language of
each text is guessed from its stop words (Italian or English) and the matching Snowball
stemmer (PyStemmer) is applied; a query and a document in the same language meet on the same
stems, which is what lets Italian profile texts be found by Italian queries while the bundled
encoder is English-only.
"""

from __future__ import annotations

import re
import unicodedata

import Stemmer

EN_STOP = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few for
    from further had has have having he her here hers herself him himself his how i if in into is
    it its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself yourselves
    within without via among upon per using use used well may new based project projects aim aims
    objective objectives""".split()
)
IT_STOP = frozenset(
    """a ad al allo ai agli all alla alle con col coi da dal dallo dai dagli dall dalla dalle di
    del dello dei degli dell della delle in nel nello nei negli nell nella nelle su sul sullo sui
    sugli sull sulla sulle per tra fra il lo la i gli le l un uno una un e ed o od ma se che chi
    cui non come dove quando anche piu più ancora sono sia siamo siete è e' essere ha hanno
    abbiamo avere questo questa questi queste quello quella quelli quelle suo sua suoi sue loro
    nostro nostra nostri nostre ogni tutto tutti tutte molto poi già gia cosi così tale tali
    verso mediante attraverso nonché nonche presso progetto progetti
    tramite stiamo stanno""".split()
)

_TOKEN = re.compile(r"[a-z0-9]+")
_IT_MARKERS = frozenset(
    "il della delle degli del nella per con che sono una dei gli le di e la lo un da".split()
)
_EN_MARKERS = frozenset("the of and to in for with is are this that on by".split())


# {code point: None} for every combining character met so far (str.translate drops them).
_COMBINING: dict[int, None] = {}
_CHECKED: set[str] = set()


def fold(text: str) -> str:
    """Lower case and strip accents (``"Città"`` -> ``"citta"``).

    An ASCII text is only lower-cased (NFKD leaves ASCII as it is, and it holds no combining
    mark); otherwise the combining marks of the decomposed text are dropped by one
    ``str.translate`` (each distinct character is looked up once per process) instead of a
    Python test per character: the same result, ~20x faster on the build's 100k texts."""
    low = text.lower()
    if low.isascii():
        return low
    nfkd = unicodedata.normalize("NFKD", low)
    new = set(nfkd) - _CHECKED
    if new:
        for c in new:
            if unicodedata.combining(c):
                _COMBINING[ord(c)] = None
        _CHECKED.update(new)
    return nfkd.translate(_COMBINING)


def guess_language(tokens: list[str]) -> str:
    """``"it"`` or ``"en"`` from common function words; on a tie, from vowel endings.

    Italian words end in a vowel, often a, i or o, English ones seldom: that settles short
    texts without function words ("malattia cardiaca").
    """
    it = sum(1 for t in tokens if t in _IT_MARKERS)
    en = sum(1 for t in tokens if t in _EN_MARKERS)
    if it != en:
        return "it" if it > en else "en"
    words = [t for t in tokens if t.isalpha() and len(t) > 2]
    aio = sum(1 for t in words if t[-1] in "aio")  # English words seldom end in a, i, o
    consonant = sum(1 for t in words if t[-1] not in "aeiou")
    return "it" if words and aio >= 0.4 * len(words) and consonant <= 0.1 * len(words) else "en"


class Analyzer:
    """Turn a text into index terms.

    Args:
        language: ``"auto"`` (guess per text), ``"en"`` or ``"it"``.
        min_len: Shortest token kept (after folding).
    """

    _STEMMERS = {"en": "english", "it": "italian"}

    def __init__(self, language: str = "auto", min_len: int = 2):
        if language not in ("auto", "en", "it"):
            raise ValueError(f"language must be 'auto', 'en' or 'it', got {language!r}")
        self.language = language
        self.min_len = min_len
        self._stem = {k: Stemmer.Stemmer(v) for k, v in self._STEMMERS.items()}
        self._stop = frozenset(fold(w) for w in EN_STOP | IT_STOP)

    def __getstate__(self) -> dict:
        # The Snowball stemmers are C objects that do not pickle (a saved matcher holds an
        # analyser): they are made again on load.
        return {k: v for k, v in self.__dict__.items() if k != "_stem"}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._stem = {k: Stemmer.Stemmer(v) for k, v in self._STEMMERS.items()}

    def tokens(self, text: str) -> list[str]:
        """Folded word tokens, stop words included."""
        return _TOKEN.findall(fold(text or ""))

    def terms(self, text: str) -> list[str]:
        """Stemmed index terms of a text, in order, stop words and short tokens removed."""
        return self.terms_and_language(text)[0]

    def terms_and_language(self, text: str) -> tuple[list[str], str]:
        """:meth:`terms` and the language they were stemmed as (``"it"`` or ``"en"``)."""
        toks = self.tokens(text)
        lang = guess_language(toks) if self.language == "auto" else self.language
        kept = [t for t in toks if len(t) >= self.min_len and t not in self._stop]
        return self._stem[lang].stemWords(kept), lang
