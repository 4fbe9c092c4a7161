"""Cuttings core: a desktop archive for press cuttings (no Qt widgets here)."""

__version__ = "0.1.0"
