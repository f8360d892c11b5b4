"""Robustness tests (issue 8): bad strings, wrong types, broken files and models, threads, safety, fuzzing."""
