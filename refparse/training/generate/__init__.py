"""Labelled references generated from real bibliographic records (``metadata/`` of the data folder).

:mod:`.records` reads the records and their licences, :mod:`.csl` renders them through CSL styles with
citeproc-py, :mod:`.latex` typesets them through BibTeX styles with pdflatex and reads them back with pdftotext,
and :mod:`.build` draws, renders and caches the generated share of a training set. Labels always come from the
record's own values, found where the style printed them (``docs/conventions.md``).
"""
