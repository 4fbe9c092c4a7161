"""Partial ISO dates: one pattern for what users type, what exports print and what the index stores."""

from __future__ import annotations

import pytest

from app.dates import normalise_partial_date
from app.errors import CuttingsError
from app.export.dates import date_prefix, human_date
from app.search.documents import date_bounds, date_keys


@pytest.mark.parametrize(("typed", "stored"), [
    ("2020", "2020"), ("2020-7", "2020-07"), ("2020-07", "2020-07"), ("2020-7-2", "2020-07-02"),
    (" 2020-07-02 ", "2020-07-02"), ("2020-07-02T10:30:00Z", "2020-07-02"), ("", ""),
])  # fmt: skip
def test_a_typed_date_is_checked_and_padded(typed: str, stored: str) -> None:
    assert normalise_partial_date(typed) == stored


@pytest.mark.parametrize("typed", ["July 2020", "20", "12345", "2020-", "2020--2", "2020-007", "2020-07-02-01"])
def test_nonsense_says_how_to_write_a_date(typed: str) -> None:
    with pytest.raises(CuttingsError, match="write 2020, 2020-07 or 2020-07-02"):
        normalise_partial_date(typed)


@pytest.mark.parametrize("typed", ["2020-13", "2021-02-29"])
def test_an_impossible_date_is_refused(typed: str) -> None:
    with pytest.raises(CuttingsError, match="not a real date"):
        normalise_partial_date(typed)


def test_exports_and_the_index_read_the_stored_form() -> None:
    assert human_date("2020-07-02") == "July 2, 2020" and human_date("2020-07") == "July 2020"
    assert date_prefix("2020-07-02T10:30:00Z") == "2020-07-02" and date_prefix("undated") == ""
    assert date_keys("2020-07-02T10:30:00Z") == ["2020", "2020-07", "2020-07-02"]
    assert date_bounds("2020-07-02T10:30") is None and date_keys("2020/07/02") == []
