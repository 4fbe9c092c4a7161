"""Capture and extraction: text cuttings, HTML pages, URLs and photos."""
