"""Word segmentation backends: jieba (the reference) and rjieba (the jieba-rs binding).

Both segment with the same dictionary (jieba's bundled ``dict.txt``, which jieba-rs embeds) and
the same HMM for unknown words, plus the *user words* the caller passes: ``(word, frequency,
POS tag)`` triples, added before the first text is segmented (the project passes its industry
vocabulary, entity suffixes and region names, see :func:`kg.segment.tokenizer`). A backend's
:meth:`~Segmenter.tokenize` yields ``(word, start, end)`` with character offsets into the text;
the words cover the text exactly, whitespace and punctuation included.

The backend a process uses is chosen by name with :func:`use` (``kg build --segmenter``) and read
with :func:`active`; it is part of the result cache's key.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

BACKENDS = ("jieba", "rjieba")
DEFAULT = "rjieba"  # the same graphs as jieba on the seeds and the devset, 20-40× faster

UserWord = tuple[str, int, str]  # (word, frequency, POS tag)

_active = DEFAULT


class Segmenter(Protocol):
    name: str

    def tokenize(self, text: str) -> Iterable[tuple[str, int, int]]: ...


class JiebaSegmenter:
    """jieba's own ``Tokenizer`` (pure Python; the reference)."""

    name = "jieba"

    def __init__(self, words: Iterable[UserWord] = ()) -> None:
        import jieba

        jieba.setLogLevel(60)
        self._tokenizer = jieba.Tokenizer()
        self._tokenizer.initialize()
        for word, freq, tag in words:
            self._tokenizer.add_word(word, freq, tag)

    def tokenize(self, text: str) -> Iterator[tuple[str, int, int]]:
        return self._tokenizer.tokenize(text)


class RjiebaSegmenter:
    """jieba-rs through ``rjieba`` (compiled; the same dictionary and HMM, 30-40× faster)."""

    name = "rjieba"

    def __init__(self, words: Iterable[UserWord] = ()) -> None:
        try:
            import rjieba
        except ImportError as error:  # pragma: no cover - depends on the environment
            raise RuntimeError("--segmenter rjieba needs rjieba: pip install rjieba") from error
        self._jieba = rjieba.Jieba()
        for word, freq, tag in words:
            self._jieba.add_word(word, freq, tag)

    def tokenize(self, text: str) -> list[tuple[str, int, int]]:
        return self._jieba.tokenize(text)


_CLASSES: dict[str, type] = {"jieba": JiebaSegmenter, "rjieba": RjiebaSegmenter}


def check(name: str) -> str:
    if name not in BACKENDS:
        raise ValueError(f"unknown segmenter {name!r} (known: {', '.join(BACKENDS)})")
    return name


def make(name: str, words: Iterable[UserWord] = ()) -> Segmenter:
    """A new backend ``name`` with the given user words."""
    return _CLASSES[check(name)](words)


def use(name: str | None) -> None:
    """Make ``name`` (None: :data:`DEFAULT`) this process's backend."""
    global _active
    name = check(name or DEFAULT)
    if name != _active:
        _active = name
        _clear_token_caches()


def active() -> str:
    """The name of this process's backend."""
    return _active


def _clear_token_caches() -> None:
    # the mention rules memoise tokens of name fragments; they must not outlive a switch
    import sys

    words = sys.modules.get("kg.mentions.words")
    cached = getattr(words, "_tokens_of", None)
    if cached is not None and hasattr(cached, "cache_clear"):
        cached.cache_clear()
