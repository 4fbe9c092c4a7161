"""Cuttings desktop app (PySide6): windows, widgets, item models and background tasks; no business logic."""

# The core is imported before PySide6. Once PySide6 is loaded, shiboken's import hook reads the source of
# every Python module imported after it (looking for its __feature__ switches): the core's ~400 modules
# took 66 ms longer to import that way.
import app.archive
import app.reads  # noqa: F401
