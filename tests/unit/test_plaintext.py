"""markdown_to_text: the parser-free path for plain paragraphs gives exactly what the CommonMark parser gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.search.plaintext import markdown_to_text, parsed_markdown_to_text

PLAIN = st.text(alphabet=st.sampled_from(list("ab cd\n\n  1.)-#>=~+!|\u00a0\u2003é한")) | st.characters(), max_size=300)


@settings(max_examples=400, deadline=None)
@given(PLAIN)
def test_fast_path_equals_the_parser(md: str) -> None:
    assert markdown_to_text(md) == parsed_markdown_to_text(md)


def test_wire_copy_paragraphs() -> None:
    md = "SEOUL, July 2 (Yonhap) -- The minister said on Thursday\nthat talks would resume.\n\n  Second paragraph, 3.5 percent.  \n"
    assert markdown_to_text(md) == parsed_markdown_to_text(md)
    assert markdown_to_text(md) == ("SEOUL, July 2 (Yonhap) -- The minister said on Thursday that talks would resume."
                                    "\n\nSecond paragraph, 3.5 percent.")


def test_markup_goes_through_the_parser() -> None:
    assert markdown_to_text("# Head\n\n*em* and [link](http://x)\n\n1. one") == "Head\n\nem and link\n\none"
