"""Importing Whoosh without three modules it never uses: about 45 ms of every new process.

``whoosh.compat`` imports ``urllib.request`` (and with it ``http.client`` and the ``email`` package) only to
re-export ``urlretrieve``, which nothing in Whoosh calls. ``whoosh.reading`` imports the ``cached_property``
package, which imports ``asyncio``, for one attribute cached per reader. ``whoosh.query.terms`` imports
``whoosh.lang.morph_en`` (6 ms of regular expressions compiled) for ``Variations`` queries, which we never
build. While Whoosh is first imported, those names resolve to stand-ins: a ``urlretrieve`` and a
``variations`` that import the real ones if they are ever called, and ``functools.cached_property``, which
caches in the instance the same way. The stand-ins are taken out of ``sys.modules`` again, so any later
import gets the real modules.

Importing this module does it; ``app.search`` imports it before anything else.
"""

from __future__ import annotations

import functools
import sys
import types
from typing import Any


def _urlretrieve(*args: Any, **kwargs: Any) -> Any:
    from urllib.request import urlretrieve

    return urlretrieve(*args, **kwargs)


def _variations(word: str) -> Any:
    from whoosh.lang.morph_en import variations

    return variations(word)


def _stand_in(name: str, **attributes: Any) -> types.ModuleType:
    module = types.ModuleType(name, f"Stand-in while Whoosh is imported ({__name__}).")
    for key, value in attributes.items():
        setattr(module, key, value)
    return module


def import_whoosh() -> None:
    """Import Whoosh's modules that pull in ``urllib.request``, ``cached_property`` and ``morph_en``, with
    stand-ins for those (nothing happens if Whoosh is imported already; a module imported already is used)."""
    if "whoosh.reading" in sys.modules:
        return
    stand_ins = {name: module for name, module in (
        ("urllib.request", _stand_in("urllib.request", urlretrieve=_urlretrieve)),
        ("cached_property", _stand_in("cached_property", cached_property=functools.cached_property)),
        ("whoosh.lang.morph_en", _stand_in("whoosh.lang.morph_en", variations=_variations)),
    ) if name not in sys.modules}
    sys.modules.update(stand_ins)
    try:
        import whoosh.compat
        import whoosh.query.terms
        import whoosh.reading  # noqa: F401
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]


import_whoosh()
