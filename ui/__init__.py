"""Cuttings desktop app (PySide6): windows, widgets, item models and background tasks; no business logic."""
