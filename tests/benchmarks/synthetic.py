"""Synthetic news articles with a Zipf-like vocabulary, for benchmarks (deterministic for a seed)."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass

SYLLABLES = ["ka", "lo", "mi", "ne", "ro", "sa", "ti", "vu", "be", "da", "fo", "gi", "ha", "ju", "ke", "li", "mo",
             "nu", "pa", "qui", "re", "so", "tu", "va", "we", "xi", "yo", "ze", "bar", "tor", "lin", "mar", "port"]
REAL = ["harbour", "archive", "government", "minister", "election", "library", "ferry", "strike", "council", "report",
        "police", "market", "school", "court", "museum", "newspaper", "weather", "flood", "cannery", "festival"]
SOURCES = ["The Coastal Ledger", "Associated Press", "Reuters", "The Korea Herald", "Yonhap", "AFP", "The Times",
           "Daily Courier"]
PLACES = ["PORT ELLIS", "SEOUL", "LONDON", "WASHINGTON", "PARIS", "TOKYO", "BERLIN", "NAIROBI", "LIMA", "OSLO"]
TAGS = ["politics", "economy", "culture", "places/Korea/Seoul", "places/Korea/Busan", "places/Europe/London",
        "transport/ferries", "history", "science", "sport"]


@dataclass
class SynthArticle:
    title: str
    body: str
    source: str
    place: str
    published: str
    tags: list[str]


def vocabulary(size: int, rng: random.Random) -> list[str]:
    words = set(REAL)
    for n in itertools.count():
        if len(words) >= size:
            break
        k = 2 + n % 3
        words.add("".join(rng.choice(SYLLABLES) for _ in range(k)))
    ordered = sorted(words)
    rng.shuffle(ordered)
    for i, w in enumerate(REAL):  # real words sit at common ranks, so "harbour" is a common term
        ordered.remove(w)
        ordered.insert(5 + i * 7, w)
    return ordered


def articles(n: int, *, words: int = 600, seed: int = 7, vocab_size: int = 40_000) -> Iterator[SynthArticle]:
    rng = random.Random(seed)
    vocab = vocabulary(vocab_size, rng)
    weights = list(itertools.accumulate(1.0 / (r + 1) ** 1.05 for r in range(len(vocab))))
    for i in range(n):
        chosen = rng.choices(vocab, cum_weights=weights, k=words + 8)
        title = " ".join(chosen[:8]).capitalize()
        paras, body_words = [], chosen[8:]
        for start in range(0, len(body_words), 90):
            chunk = body_words[start : start + 90]
            paras.append(" ".join(chunk).capitalize() + ".")
        year = 1950 + rng.randrange(75)
        yield SynthArticle(
            title=f"{title} {i}",
            body="\n\n".join(paras),
            source=rng.choice(SOURCES),
            place=rng.choice(PLACES),
            published=f"{year}-{1 + rng.randrange(12):02d}-{1 + rng.randrange(28):02d}",
            tags=rng.sample(TAGS, k=rng.randrange(3)),
        )


def vocab_for(seed: int = 7, vocab_size: int = 40_000) -> list[str]:
    return vocabulary(vocab_size, random.Random(seed))
