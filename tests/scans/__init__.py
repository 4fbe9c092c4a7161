"""A generator of scanned cuttings for the OCR tests and benchmark."""
