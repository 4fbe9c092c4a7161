"""Places: stored as written, shown one way everywhere, other scripts' spellings known but kept apart."""

from __future__ import annotations

import pytest

from app.places import all_spellings_query, display_place, other_spellings, same_place_key


@pytest.mark.parametrize(("written", "shown"), [
    ("PORT ELLIS", "Port Ellis"), ("SEOUL", "Seoul"), ("Port Ellis", "Port Ellis"), ("서울", "서울"),
    ("RIO DE JANEIRO", "Rio de Janeiro"), ("WASHINGTON, D.C.", "Washington, D.C."),
    ("PORT-AU-PRINCE", "Port-au-Prince"), ("N'DJAMENA", "N'Djamena"), ("SÃO PAULO", "São Paulo"),
    ("THE HAGUE", "The Hague"), ("  PORT   ELLIS ", "Port Ellis"), ("UN", "UN"), ("McAllen", "McAllen"), ("", ""),
])  # fmt: skip
def test_display_place(written: str, shown: str) -> None:
    assert display_place(written) == shown


def test_same_place_in_two_scripts_is_linked_not_merged() -> None:
    assert same_place_key("PORT ELLIS") == same_place_key("Port Ellis")
    assert same_place_key("SEOUL") != same_place_key("서울")
    assert other_spellings("SEOUL") == ["서울"] and other_spellings("서울") == ["Seoul"]
    assert other_spellings("Port Ellis") == []
    assert all_spellings_query("SEOUL") == 'place:"Seoul" OR place:"서울"'
    assert all_spellings_query("PORT ELLIS") == 'place:"Port Ellis"'
