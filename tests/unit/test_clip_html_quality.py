"""Body text of the test pages against their human-cleaned text (tests/data/pages/NAME.txt)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "extraction_bench.py"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("extraction_bench", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_mean_f1_on_test_pages() -> None:
    scores = _bench().score_pages()
    assert len(scores) >= 12
    mean = sum(s.f1 for s in scores) / len(scores)
    worst = min(scores, key=lambda s: s.f1)
    assert mean >= 0.95, f"mean F1 {mean:.3f}; worst {worst.page} {worst.f1:.3f}"
    assert worst.f1 >= 0.85, f"{worst.page}: F1 {worst.f1:.3f}"


def test_scorer() -> None:
    bench = _bench()
    assert bench.score("a b c", "a b c").f1 == 1.0
    s = bench.score("a b c d", "a b")
    assert (s.precision, s.recall) == (0.5, 1.0)
