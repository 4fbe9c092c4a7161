"""The query language's equivalences, fuzzy words with transpositions, and expansions that say when they are cut."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.search import IndexDoc, SearchIndex
from app.search.engine import expansion
from app.search.engine.expansion import damerau_variants

WORDS = ["harbour", "port", "authority", "north", "korea", "ferry", "strike", "museum"]
TAGS = ["places", "places/korea", "places/korea/seoul", "topics/politics", "topics"]


def _docs() -> list[IndexDoc]:
    docs = []
    for i in range(1, 61):
        body = " ".join(WORDS[(i * k) % len(WORDS)] for k in (1, 3, 5, 7) if (i >> (k % 4)) & 1)
        body += " north korea" if i % 6 == 0 else " korea north" if i % 5 == 0 else ""
        body += " port authority" if i % 9 == 0 else ""
        docs.append(IndexDoc(
            i, "v1", title=f"{WORDS[i % len(WORDS)]} story",
            body_text=body or "nothing", authors=["Maren Holt"] if i % 3 == 0 else ["Kim Min-ji"],
            tags=[TAGS[i % len(TAGS)]] if i % 4 else [], captions=[f"{WORDS[(i + 2) % 8]} at dawn"] if i % 5 == 0 else [],
            credits=["AP Photo"] if i % 7 == 0 else [],
        ))
    return docs


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    ix = SearchIndex(Path(tmp_path_factory.mktemp("ix")))
    assert ix.try_acquire_writer()
    docs = _docs()
    ix.apply(docs[:30])
    ix.apply(docs[30:])  # two segments
    yield ix
    ix.close()


def ids(index: SearchIndex, query: str) -> set[int]:
    return {h.id for h in index.search(query, limit=1000, with_facets=False).hits}


ALL = set(range(1, 61))


def test_a_phrase_inside_parentheses_is_balanced(index: SearchIndex) -> None:
    assert ids(index, '(harbour OR "port authority")') == ids(index, "harbour") | ids(index, '"port authority"')
    assert ids(index, '(harbour OR "port authority")')


def test_minus_before_a_phrase_leaves_it_out(index: SearchIndex) -> None:
    phrase = ids(index, '"north korea"')
    assert phrase and phrase != ALL
    assert ids(index, '-"north korea"') == ALL - phrase
    assert ids(index, 'ferry -"north korea"') == ids(index, "ferry") - phrase


def test_minus_before_an_alias_leaves_it_out(index: SearchIndex) -> None:
    places = ids(index, "tags:places")
    assert places and places != ALL
    assert ids(index, "-tag:places") == ALL - places
    assert ids(index, "-author:holt") == ALL - ids(index, "authors:holt")
    assert ids(index, 'ferry -title:"harbour story"') == ids(index, "ferry") - ids(index, 'title:"harbour story"')


def test_fuzzy_words_may_be_wrong_in_their_first_letter(index: SearchIndex) -> None:
    assert ids(index, "xarbour~") == ids(index, "harbour") != set()
    assert ids(index, "aorea~") == ids(index, "korea")


def test_a_transposition_is_one_edit(index: SearchIndex) -> None:
    assert ids(index, "harbuor~") == ids(index, "harbour")
    assert ids(index, "muesum~") == ids(index, "museum")
    assert ids(index, "fryer~") == set()  # two swaps away from "ferry"... need ~2
    assert ids(index, "efrry~2") >= ids(index, "ferry")
    assert "harbour" in index.terms_for_highlight("harbuor~")


def test_damerau_variants_hold_each_word_within_the_distance() -> None:
    assert dict(damerau_variants("archvi", 1)) == {"archvi": 1, **{w: 0 for w in
                                                   ("rachvi", "acrhvi", "arhcvi", "arcvhi", "archiv")}}
    two = dict(damerau_variants("abcd", 2))
    assert two["abcd"] == 2 and two["bacd"] == 1 and two["badc"] == 0
    assert all(w[:2] == "ab" for w in dict(damerau_variants("abcde", 2, prefixlength=2)))


def _equivalent_pairs() -> st.SearchStrategy[tuple[str, str]]:
    word = st.sampled_from(WORDS)
    phrase = st.tuples(word, word).map(lambda p: f'"{p[0]} {p[1]}"')
    alias = st.sampled_from([("tag", "tags", TAGS), ("author", "authors", ["holt", "kim", "maren"]),
                             ("captions", "caption", WORDS), ("credits", "credit", ["ap", "photo"]),
                             ("text", "body", WORDS)])
    aliased = st.tuples(alias, st.data()).map(lambda a: a)
    term = st.one_of(word, phrase)

    @st.composite
    def pairs(draw: st.DrawFn) -> tuple[str, str]:
        (short, field, values), _ = draw(aliased)
        value = draw(st.sampled_from(values))
        kind = draw(st.sampled_from(["alias", "minus", "minus-alias", "minus-phrase"]))
        context = draw(st.one_of(st.just(""), word.map(lambda w: f"{w} ")))
        if kind == "alias":
            return f"{context}{short}:{value}", f"{context}{field}:{value}"
        if kind == "minus":
            t = draw(term)
            return f"{context}-{t}", f"{context}NOT {t}"
        if kind == "minus-alias":
            return f"{context}-{short}:{value}", f"{context}NOT {field}:{value}"
        t = draw(phrase)
        return f"({context}-{t})", f"({context}NOT {t})"

    return pairs()


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pair=_equivalent_pairs())
def test_a_query_and_its_documented_equivalent_give_the_same_hits(index: SearchIndex, pair: tuple[str, str]) -> None:
    query, equivalent = pair
    assert ids(index, query) == ids(index, equivalent), pair


# ----------------------------------------------------------------------------------- cut expansions


@pytest.fixture()
def many_words(tmp_path: Path) -> Iterator[SearchIndex]:
    """1,500 articles, each with a word of its own under one prefix (two segments)."""
    ix = SearchIndex(tmp_path / "index")
    assert ix.try_acquire_writer()
    docs = [IndexDoc(i, "v1", title=f"story {i}", body_text=f"ztok{i - 1:04d} and uniqtok{i - 1:04d}") for i in range(1, 1501)]
    ix.apply(docs[:800])
    ix.apply(docs[800:])
    yield ix
    ix.close()


def test_an_expansion_within_the_caps_is_complete(many_words: SearchIndex) -> None:
    result = many_words.search("uniqtok00*", limit=200)
    assert result.total == 100 and result.cut_words == [] and result.incomplete == ""
    assert many_words.search("ztok0*", limit=0).cut_words == ["ztok0*"]  # 1,000 words: more than 256


def test_a_cut_expansion_says_so_and_a_complete_search_finds_all(many_words: SearchIndex,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(expansion, "MAX_EXPANSION", 64)
    many_words.drop_caches()
    cut = many_words.search("ztok0*", limit=0)
    assert cut.total < 1000 and cut.cut_words == ["ztok0*"]
    assert "ztok0*" in cut.incomplete and "more letters" in cut.incomplete
    assert cut.to_json()["incomplete"] == cut.incomplete and cut.to_json()["cut_words"] == ["ztok0*"]
    whole = many_words.search("ztok0*", limit=2000, complete=True)
    assert whole.total == 1000 and len(whole.hits) == 1000 and whole.cut_words == []
    assert many_words.search("ztok000*", limit=0).cut_words == []  # a narrower prefix fits


def test_a_postings_budget_cut_says_so(many_words: SearchIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(expansion, "POSTINGS_BUDGET", 100)
    many_words.drop_caches()
    result = many_words.search("story OR ztok*", limit=0)
    assert result.total == 1500  # "story" alone finds them all; the count is still right
    assert result.cut_words == ["ztok*"]
    assert many_words.search("zt~", limit=0).cut_words == []
