"""Bridges to other tools, each imported only when used (``import refparse`` never imports spaCy, Dask or PySpark).

* :mod:`refparse.integrations.spacy`: the ``"refparse"`` spaCy pipeline component.
* :mod:`refparse.integrations.dask`: parsing a ``dask.bag`` of reference strings on a Dask cluster.
* Hugging Face ``datasets``: :func:`refparse.integrations.datasets.parse_dataset`.
* :mod:`refparse.integrations.spark`: parsing a column of a Spark DataFrame (``mapInPandas``).
"""
