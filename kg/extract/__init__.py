"""Relation extraction: articles -> spaCy Docs -> typed, sourced Relation records.

One module per relation family (investment, acquisition, customer, competition, partnership,
subsidiary, people, founding, legal, ipo); shared modules find entities (``entities``),
values (``values``), status (``modality``), titles (``roles``) and arguments (``base``).
"""

from kg.extract.pipeline import ModelMissing, extract, load_model

__all__ = ["ModelMissing", "extract", "load_model"]
