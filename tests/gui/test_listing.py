"""app/listing.py: the SQL behind the article list (views, sorting, rows, counts, facets)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app import listing
from app.archive import Archive


@pytest.fixture
def arc(sample_archive: Path) -> Iterator[Archive]:
    archive = Archive.open(sample_archive)
    yield archive
    archive.close()


def _by_source(arc: Archive) -> dict[str, int]:
    return {arc.get(i).source: i for i in arc.ids()}


def test_views_and_sorting(arc: Archive) -> None:
    ids = _by_source(arc)
    db = arc.reader
    assert sorted(listing.list_ids(db, "library")) == sorted(ids.values())
    by_date = listing.list_ids(db, "library", sort="published", descending=True)
    assert by_date == [ids["연합뉴스"], ids["The Coastal Ledger"], ids["The Korea Herald"]]
    assert listing.list_ids(db, "library", sort="source", descending=False)[0] == ids["The Coastal Ledger"]
    arc.set_flags([ids["The Korea Herald"]], starred=True, read=True)
    assert listing.list_ids(db, "starred") == [ids["The Korea Herald"]]
    assert ids["The Korea Herald"] not in listing.list_ids(db, "unread")
    arc.tag([ids["연합뉴스"]], add=["places/Korea/Seoul"])
    assert listing.list_ids(db, "tag", "places/korea") == [ids["연합뉴스"]]
    assert listing.list_ids(db, "library", text="harbour") == [ids["The Coastal Ledger"]]
    arc.delete([ids["연합뉴스"]])
    assert listing.list_ids(db, "trash") == [ids["연합뉴스"]]
    assert listing.counts(db) == {"library": 2, "starred": 1, "unread": 1, "recent": 2, "trash": 1, "links": 0}
    assert listing.all_flagged(db, [ids["The Korea Herald"]], "starred")
    assert not listing.all_flagged(db, list(ids.values()), "read")


def test_rows_keep_the_order_asked_for(arc: Archive) -> None:
    ids = sorted(arc.ids(), reverse=True)
    rows = listing.rows(arc.reader, [*ids, 999])
    assert [r.id for r in rows] == ids
    assert all(r.tags == ["samples"] for r in rows)
    harbour = next(r for r in rows if r.source == "The Coastal Ledger")
    assert harbour.photos == 2 and harbour.place == "PORT ELLIS" and not harbour.starred


def test_sort_ids_and_facets(arc: Archive) -> None:
    ids = arc.ids()
    titles = [arc.get(i).title.lower() for i in listing.sort_ids(arc.reader, ids, sort="title", descending=False)]
    assert titles == sorted(titles)
    facets = listing.facets(arc.reader)
    assert facets["year"] == {"2020": 1, "2023": 1, "2024": 1}
    assert facets["source"]["The Coastal Ledger"] == 1
    with pytest.raises(ValueError):
        listing.list_ids(arc.reader, "nowhere")
