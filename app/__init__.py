"""Cuttings core: a desktop archive for press cuttings (no Qt widgets here)."""

import os

__version__ = "0.1.0"

# NumPy serves posting arrays here, never linear algebra: one BLAS thread spares the ~100 ms of CPU that
# OpenBLAS's thread pool costs every process at start (it must be set before NumPy loads).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
