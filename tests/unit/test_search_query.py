"""The query language against a real Whoosh index: every form, CJK, stemming, dates, facets, sort, errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.errors import QueryError
from app.search import IndexDoc, SearchIndex

DOCS = [
    IndexDoc(
        1,
        "v1",
        title="Clipping the news",
        body_text="We spent the summer clipping articles in a café in Seoul.",
        authors=["Kim Min-ji"],
        source="Korea Herald",
        place="Seoul",
        tags=["places/Korea/Seoul", "topics/media", "places/South Korea"],
        published="2020-07-02",
        clipped="2024-03-01T10:00:00Z",
        starred=True,
    ),
    IndexDoc(
        2,
        "v1",
        title="디지털화해 스크랩북",
        body_text="신문 기사를 디지털화해 스크랩북으로 만들었다. 東京都の新聞も。",
        source="Hankyoreh",
        place="Seoul",
        tags=["places/Korea"],
        published="2020",
        clipped="2024-03-02T10:00:00Z",
    ),
    IndexDoc(
        3,
        "v1",
        title="Old clips",
        body_text="Clips and clipped photographs from the cafe archive.",
        captions=["A harbour at dawn"],
        credits=["Photo: Lee"],
        source="Korea Herald",
        place="Busan",
        tags=["places/Japan", "topics/media"],
        published="2021-01",
        notes="check the date",
        url="https://example.com/harbour-story",
    ),
    IndexDoc(
        4,
        "v1",
        title="Election results",
        body_text="Voters went to the polls. The election was close.",
        authors=["Jane Doe"],
        source="Daily News",
        published="2020-07-20",
        clipped="2024-01-15T08:00:00Z",
        read=True,
    ),
    IndexDoc(5, "v1", title="Undated note", body_text="Nothing about elections here, just a notebook."),
]
BODIES = {d.id: d.body_text for d in DOCS}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    ix = SearchIndex(Path(tmp_path_factory.mktemp("ix")))
    assert ix.try_acquire_writer()
    ix.apply(DOCS[:3])
    ix.apply(DOCS[3:])  # two segments: facets and restrict must span both
    yield ix
    ix.close()


def ids(index: SearchIndex, query: str, **kw: object) -> set[int]:
    return {h.id for h in index.search(query, limit=100, **kw).hits}  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("clipping", {1, 3}),  # stemming: clipping/clipped/clips
        ("clips", {1, 3}),
        ("clipped", {1, 3}),
        ("cafe", {1, 3}),  # accent folding
        ("café", {1, 3}),
        ("clips cafe", {1, 3}),  # AND
        ("clips harbour", {3}),
        ("election OR seoul", {1, 4, 5}),
        ("clips NOT harbour", {1}),
        ("clips -harbour", {1}),
        ('"clipping articles"', {1}),
        ('"articles clipping"', set()),
        ("title:election", {4}),
        ("Title:Election", {4}),
        ("body:notebook", {5}),
        ("author:kim", {1}),
        ("authors:doe", {4}),
        ("caption:harbour", {3}),
        ("captions:dawn", {3}),
        ("credit:lee", {3}),
        ("source:herald", {1, 3}),
        ('source:"daily news"', {4}),
        ("place:busan", {3}),
        ("notes:check", {3}),
        ("url:example", {3}),
        ("starred:yes", {1}),
        ("read:true", {4}),
        ("id:4", {4}),
        ("tag:places/Korea", {1, 2}),
        ("tag:places", {1, 2, 3}),
        ("tag:places/south", set()),
        ("tag:PLACES/korea/seoul", {1}),
        ("tags:topics/media", {1, 3}),
        ("tag:places/Kor", set()),
        ('tag:"Places/South Korea"', {1}),
        ("Note: notebook", {5}),  # prose with a colon is not a field
        ("http://example.com", set()),
        ("media", {1, 3}),  # tag words are searchable as text
        ("published:2020", {1, 2, 4}),
        ("published:2020-07", {1, 4}),
        ("published:2020-07-02", {1}),
        ("published:[2020-07-01 to 2020-07-31]", {1, 4}),
        ("published:[2020-07-10 TO 2021]", {3, 4}),
        ("published:[2021 to]", {3}),
        ("published:[to 2020-06]", {2}),
        ("clipped:2024-03", {1, 2}),
        ("clipped:[2024-01-01 to 2024-02-01]", {4}),
        ("clipped:2024 election", {4}),
        ("harbor~", {3}),  # fuzzy
        ("harbr~", set()),  # two edits need ~2
        ("harbr~2", {3}),
        ("votrs~2", {4, 5}),  # "note" (5) is two edits away too: the first letter may be wrong
        ("clip*", {1, 3}),
        ("note*", {5}),
        ("tag:places/ko*", {1, 2}),
        ("*", {1, 2, 3, 4, 5}),
        ("(election OR harbour) AND NOT notebook", {3, 4}),
        # CJK bigrams, mixed with Latin
        ("디지털화", {2}),
        ("스크랩", {2}),
        ("스크랩북", {2}),
        ("디지털화해", {2}),
        ("東京", {2}),
        ("東京都", {2}),
        ("京都", {2}),
        ("디", {2}),  # a lone CJK character: unigram or bigram prefix
        ("스크*", {2}),
        ("디지털화 seoul", set()),
        ("디지털화 OR seoul", {1, 2}),
        ("스크랩 place:seoul", {2}),
        ('"디지털화해 스크랩북"', {2}),
    ],
)
def test_query_forms(index: SearchIndex, query: str, expected: set[int]) -> None:
    assert ids(index, query) == expected


def test_title_is_boosted(index: SearchIndex) -> None:
    hits = index.search("clips").hits
    assert hits[0].id == 3  # "clips" in the title beats a body-only match


def test_total_counts_all_matches_not_the_page(index: SearchIndex) -> None:
    r = index.search("*", limit=2)
    assert r.total == 5 and len(r.hits) == 2
    page2 = index.search("*", limit=2, offset=2)
    page3 = index.search("*", limit=2, offset=4)
    assert len(page3.hits) == 1
    assert {h.id for h in r.hits + page2.hits + page3.hits} == {1, 2, 3, 4, 5}


def test_sort_newest_first(index: SearchIndex) -> None:
    assert [h.id for h in index.search("*", sort="published").hits] == [3, 4, 1, 2, 5]
    assert [h.id for h in index.search("*", sort="clipped").hits][:3] == [2, 1, 4]
    with pytest.raises(ValueError):
        index.search("*", sort="title")


def test_hit_fields(index: SearchIndex) -> None:
    (hit,) = index.search("election", restrict={4}).hits
    assert (hit.id, hit.title, hit.source, hit.place, hit.published) == (
        4,
        "Election results",
        "Daily News",
        "",
        "2020-07-20",
    )
    assert hit.score > 0


def test_restrict(index: SearchIndex) -> None:
    r = index.search("*", restrict={2, 4, 99})
    assert r.total == 2 and {h.id for h in r.hits} == {2, 4}
    assert r.facets["source"] == {"Hankyoreh": 1, "Daily News": 1}
    assert index.search("clips", restrict=set()).total == 0


def test_facets_cover_all_matches(index: SearchIndex) -> None:
    r = index.search("*", limit=1)
    assert r.facets["tags"] == {
        "places/Korea/Seoul": 1,
        "places/South Korea": 1,
        "topics/media": 2,
        "places/Korea": 1,
        "places/Japan": 1,
    }
    assert r.facets["source"] == {"Korea Herald": 2, "Hankyoreh": 1, "Daily News": 1}
    assert r.facets["place"] == {"Seoul": 2, "Busan": 1}
    assert r.facets["year"] == {"2020": 3, "2021": 1}
    assert index.search("clips", with_facets=False).facets == {}


def test_snippets_from_db_text(index: SearchIndex) -> None:
    r = index.search("clipping café", texts=lambda hit_ids: {i: BODIES[i] for i in hit_ids})
    by_id = {h.id: h.snippet for h in r.hits}
    assert by_id[1] == "We spent the summer <b>clipping</b> articles in a <b>café</b> in Seoul."
    assert "<b>Clips</b>" in by_id[3] and "<b>cafe</b>" in by_id[3]


def test_snippet_cjk_bigrams_merge(index: SearchIndex) -> None:
    (hit,) = index.search("디지털화", texts=lambda hit_ids: {i: BODIES[i] for i in hit_ids}).hits
    assert "<b>디지털화</b>해" in hit.snippet


def test_snippet_falls_back_to_title_or_caption(index: SearchIndex) -> None:
    assert index.search("election", restrict={4}).hits[0].snippet == "<b>Election</b> results"
    assert index.search("harbour").hits[0].snippet == "A <b>harbour</b> at dawn"
    hit = index.search("published:2020-07-20", texts=lambda hit_ids: {i: BODIES[i] for i in hit_ids}).hits[0]
    assert hit.snippet.startswith("Voters went")


def test_snippet_is_short_and_escaped(index: SearchIndex) -> None:
    body = "<script>x</script> " + "filler words " * 100 + "the election & more " + "padding " * 100
    (hit,) = index.search("election", restrict={4}, texts=lambda _ids: {4: body}).hits
    assert "<b>election</b> &amp; more" in hit.snippet
    assert "<script>" not in hit.snippet
    assert len(hit.snippet) < 300


def test_terms_for_highlight(index: SearchIndex) -> None:
    assert index.terms_for_highlight("clipping NOT harbour") == ["clip"]
    assert set(index.terms_for_highlight("note*")) == {"note", "notebook"}
    assert index.terms_for_highlight("스크랩") == ["스크", "크랩"]


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ("", "Empty query"),
        ("   ", "Empty query"),
        ('"unclosed phrase', "quotes"),
        ("(korea OR japan", "parentheses"),
        ("korea)", "parentheses"),
        ("published:[2020 to 2021", "brackets"),
        ("colour:red", "Unknown field 'colour:'"),
        ("title:", "Missing value"),
        ("published:2020-13", "Bad date"),
        ("published:yesterday", "Bad date"),
        ("published:[2020-02-30 to 2021]", "Bad date"),
        ("published:[2020 until 2021]", "Bad date range"),
        ('published:"2020"', "one date or range"),
        ("starred:maybe", "yes or no"),
        ("word~5", "Fuzzy distance"),
        ("!!!", "Nothing to search"),
    ],
)
def test_malformed_queries(index: SearchIndex, query: str, fragment: str) -> None:
    with pytest.raises(QueryError, match=fragment) as info:
        index.search(query)
    assert "e.g." in str(info.value) or "Example" in str(info.value) or "Known fields" in str(info.value)


def test_url_in_query_is_not_a_field(index: SearchIndex) -> None:
    assert ids(index, 'url:"https://example.com/harbour-story"') == {3}


def test_prefix_frequencies_walk_a_long_term_table_like_whoosh(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Hundreds of long terms under one prefix, read as arrays, stop at the field's end, as Whoosh lists them."""
    import heapq

    from app.search import IndexDoc, SearchIndex
    from app.search.engine.expansion import prefix_entries

    ix = SearchIndex(tmp_path / "index")
    assert ix.try_acquire_writer()
    words = [f"mar{i:05d}{'x' * (i % 300)}" for i in range(4000)]
    ix.apply([IndexDoc(i, "v", title=f"martial {i}", body_text=" ".join(words[i::7][:60])) for i in range(1, 300)])
    reader = ix._current().reader()
    try:
        for field, prefix in (("body", "mar"), ("body", "mar0001"), ("title", "mar"), ("body", "zz")):
            expected = sorted((ti.doc_frequency(), t) for t, ti in reader.iter_prefix(field, prefix))
            assert sorted(((df, t) for df, t, _ in prefix_entries(reader, field, prefix))) == expected, (field, prefix)
            kept = list(((df, t) for df, t, _ in prefix_entries(reader, field, prefix, 5)))
            assert heapq.nlargest(5, kept) == heapq.nlargest(5, expected)
            assert len(kept) <= len(expected)
        assert len(list(prefix_entries(reader, "body", "mar"))) > 500  # about 100 KB of entries
    finally:
        ix.close()


def test_fuzzy_expansion_with_a_shared_automaton_equals_whooshs(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from app.search import IndexDoc, SearchIndex
    from app.search.engine.expansion import CappedFuzzy, most_frequent

    ix = SearchIndex(tmp_path / "index")
    assert ix.try_acquire_writer()
    words = ["harbour", "harbor", "harbours", "arbour", "harder", "barbour", "harbinger", "hardour"]
    ix.apply([IndexDoc(i, "v", title=words[i % 8], body_text=" ".join(words[: 1 + i % 8])) for i in range(1, 40)])
    reader = ix._current().reader()
    try:
        for text, dist, prefix in (("harbour", 1, 0), ("harbour", 2, 0), ("harbour", 2, 2), ("xyz", 1, 0)):
            q = CappedFuzzy("body", text, maxdist=dist, prefixlength=prefix)
            expected = [t if isinstance(t, bytes) else t.encode() for t in reader.terms_within("body", text, dist, prefix)]
            ours = q._expand(reader, 10**9)
            lev = most_frequent(((reader.doc_frequency("body", t), t) for t in expected), 10**9)
            assert set(lev.terms) <= set(ours.terms), (text, dist, prefix)  # and transpositions besides
    finally:
        ix.close()
