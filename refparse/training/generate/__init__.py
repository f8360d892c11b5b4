"""Labelled training references generated from real bibliographic metadata (CSL-JSON records)."""
