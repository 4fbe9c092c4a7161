"""Optical character recognition of paper cuttings: the engine (Tesseract through tesserocr), the page layout,
paragraphs, and the word boxes kept as hOCR."""
