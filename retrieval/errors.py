"""Errors raised by ``retrieval``.

RetrievalError               root
├── CorpusError              the corpus folder is missing or empty
├── ManifestMismatch         an index was built with other settings; rebuild it
├── IndexMissing             no index where one was expected; build it
└── ModelLoadError           the embedding model could not be loaded offline
"""

from __future__ import annotations


class RetrievalError(Exception):
    """Root of every error ``retrieval`` raises on purpose."""


class CorpusError(RetrievalError):
    pass


class ManifestMismatch(RetrievalError):
    pass


class IndexMissing(RetrievalError):
    pass


class ModelLoadError(RetrievalError):
    pass
