"""Readers for other tools' exports, each yielding :class:`~app.imports.items.ImportItem` one at a time."""
