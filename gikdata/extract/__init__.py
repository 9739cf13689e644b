"""Extraction: normalised text -> sections, the report's identity, facts and the checks between them."""
