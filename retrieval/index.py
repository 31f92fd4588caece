"""Build, save and load the search index: FAISS vectors + BM25 + a manifest.

Building and querying are separate steps (as in bm25s: ``index()``/``save()``, later
``load()``/``retrieve()``). A build writes into a fresh folder and swaps it in, so
a reader never sees half an index. Every vector is stored with the hash of the
text it embeds; a rebuild embeds only texts it has not seen, which means only the
files that changed.

Each chunk is embedded through one or more *views*: its full text under its title
path, and for a FAQ entry also its question alone (so questions match questions);
with ``heading_views`` a section's heading path is one more view.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import time
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

import bm25s
import faiss
import numpy as np
import numpy.typing as npt
from tqdm import tqdm  # type: ignore[import-untyped]

from retrieval.corpus import read_corpus, source_hashes
from retrieval.dense import DistinctVectors
from retrieval.embed import Embedder, Vectors
from retrieval.errors import RetrievalError
from retrieval.manifest import FORMAT_VERSION, IndexSettings, Manifest
from retrieval.tokenize import tokenize
from retrieval.types import Chunk, Kind

CHUNKS = "chunks.jsonl"
VECTORS = "vectors.npy"
VIEWS = "views.json"
DENSE = "dense.faiss"
SPARSE = "bm25"


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did, for the CLI and the benchmark."""

    out: Path
    files: int
    chunks: int
    views: int
    embedded: int
    reused: int
    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    problems: tuple[str, ...]
    seconds: float
    embed_seconds: float


def index_text(chunk: Chunk) -> str:
    """What BM25 and the main dense view see: the title path, the question, the text."""
    head = " > ".join(chunk.title_path)
    return f"{head}\n{chunk.question}\n{chunk.text}" if chunk.question else f"{head}\n{chunk.text}"


# File names that say nothing about a page's subject.
_GENERIC_STEMS = frozenset({"index", "readme", "intro", "introduction"})


def page_name(chunk: Chunk) -> str:
    """The name of the chunk's page: its title and its file name.

    Questions name pages by API or guide names, and the file name is often the one
    people use while the title is not (a REST page titled ``get_users_online_status``
    lives in ``getUserOnlineStatus.mdx``).

    >>> page_name(Chunk(id="", text="", title_path=("get_users_online_status", "Request URL"),
    ...                 source="en/userManagement/getUserOnlineStatus.mdx", page="", url="", lang="en",
    ...                 kind=Kind.DOC))
    'get_users_online_status getUserOnlineStatus'
    """
    stem = PurePosixPath(chunk.source).stem.removesuffix(".faq")
    parts = list(chunk.title_path[:1])
    if stem.lower() not in _GENERIC_STEMS:
        parts.append(stem)
    return " ".join(parts)


def bm25_text(chunk: Chunk) -> str:
    """What BM25 indexes: :func:`index_text` plus the page name once more.

    Every chunk of a page carries the page's name, so the name works like a title
    field with double weight: a question that names an API finds that API's page,
    not a page that merely mentions it (measured in docs/benchmarks.md). The dense
    views do not change.
    """
    return f"{index_text(chunk)}\n{page_name(chunk)}"


def views(chunk: Chunk, settings: IndexSettings) -> list[str]:
    out = [index_text(chunk)]
    if chunk.kind is Kind.FAQ:
        out.append(chunk.question)
    elif settings.heading_views and len(chunk.title_path) > 1:
        out.append(" > ".join(chunk.title_path[1:]))
    return out


def _hash(model: str, text: str) -> str:
    return hashlib.blake2b(f"{model}\0{text}".encode(), digest_size=16).hexdigest()


class Index:
    """A loaded, read-only index."""

    def __init__(
        self,
        *,
        folder: Path,
        manifest: Manifest,
        chunks: list[Chunk],
        view_chunk: npt.NDArray[np.int32],
        dense: Any,
        sparse: Any,
    ) -> None:
        self.folder = folder
        self.manifest = manifest
        self.chunks = chunks
        self._view_chunk = view_chunk
        # A flat index is searched once per distinct vector (retrieval.dense); HNSW as it is.
        self._distinct = (
            DistinctVectors(dense.reconstruct_n(0, dense.ntotal), view_chunk=view_chunk)
            if isinstance(dense, faiss.IndexFlat) and dense.metric_type == faiss.METRIC_INNER_PRODUCT
            else None
        )
        self._dense: Any = dense if self._distinct is None else None
        self._sparse = sparse
        self._vocab: dict[str, int] = dict(sparse.vocab_dict)
        self._chunk_rows: dict[int, list[int]] = {}
        for row, chunk in enumerate(view_chunk.tolist()):
            self._chunk_rows.setdefault(chunk, []).append(row)

    def similarity(self, query: Vectors, chunk: int) -> float:
        """Best cosine between ``query`` and any view of ``chunk``."""
        rows = self._chunk_rows.get(chunk, [])
        vector = self._distinct.vector if self._distinct is not None else self._dense.reconstruct
        return max((float(np.dot(vector(r), query)) for r in rows), default=0.0)

    def dense_search(self, query: Vectors, k: int) -> dict[int, float]:
        """chunk index -> best cosine over the chunk's views."""
        if self._distinct is not None:
            return self._distinct.search(query, k)
        scores, rows = self._dense.search(query.reshape(1, -1), min(k * 3, self._view_chunk.size))
        best: dict[int, float] = {}
        for score, row in zip(scores[0], rows[0], strict=True):
            if row < 0:
                continue
            chunk = int(self._view_chunk[row])
            if chunk not in best:
                best[chunk] = float(score)
            if len(best) >= k:
                break
        return best

    def bm25_search(self, tokens: list[str], k: int) -> dict[int, float]:
        """chunk index -> BM25 score, for chunks sharing at least one query term."""
        known = [t for t in tokens if t in self._vocab]
        if not known:
            return {}
        scores = self._sparse.get_scores(known)
        k = min(k, scores.size)
        top = np.argpartition(-scores, k - 1)[:k]
        return {int(i): float(scores[i]) for i in top[np.argsort(-scores[top])] if scores[i] > 0}

    def bm25_weighted(self, weights: Mapping[str, float], k: int) -> dict[int, float]:
        """Like :meth:`bm25_search`, with a weight per query term (an exact identifier counts more).

        Sums each term's BM25 column times its weight straight from the sparse score matrix.
        """
        data, indices, indptr = (self._sparse.scores[key] for key in ("data", "indices", "indptr"))
        scores = np.zeros(len(self.chunks), dtype=np.float32)
        for token, weight in weights.items():
            tid = self._vocab.get(token)
            if tid is None or weight <= 0:
                continue
            start, end = int(indptr[tid]), int(indptr[tid + 1])
            np.add.at(scores, indices[start:end], weight * data[start:end])
        k = min(k, scores.size)
        if k <= 0:
            return {}
        top = np.argpartition(-scores, k - 1)[:k]
        return {int(i): float(scores[i]) for i in top[np.argsort(-scores[top])] if scores[i] > 0}

    def idf(self, token: str) -> float:
        """How rare a term is in the corpus; a term the corpus never uses is the rarest of all."""
        tid = self._vocab.get(token)
        indptr = self._sparse.scores["indptr"]
        df = 0 if tid is None else int(indptr[tid + 1] - indptr[tid])
        n = len(self.chunks)
        return float(np.log(1 + (n - df + 0.5) / (df + 0.5)))


def build_index(
    corpus_dir: Path,
    out: Path,
    *,
    embedder: Embedder,
    settings: IndexSettings | None = None,
    progress: bool = True,
) -> BuildReport:
    """Read ``corpus_dir``, embed what is new, and write a complete index to ``out``."""
    started = time.perf_counter()
    settings = settings or IndexSettings()
    sources = source_hashes(corpus_dir)  # before reading: a file edited meanwhile makes the index stale
    corpus = read_corpus(corpus_dir)
    chunks = list(corpus.chunks)
    previous = _previous(out, embedder.name)

    view_texts: list[str] = []
    view_chunk: list[int] = []
    for i, chunk in enumerate(chunks):
        for text in views(chunk, settings):
            view_texts.append(text)
            view_chunk.append(i)
    hashes = [_hash(embedder.name, t) for t in view_texts]
    vectors = np.zeros((len(view_texts), embedder.dim), dtype=np.float32)
    # Texts repeat (the same code sample or FAQ under two pages): embed each distinct text once.
    same: dict[str, list[int]] = {}
    for i, h in enumerate(hashes):
        if h in previous:
            vectors[i] = previous[h]
        else:
            same.setdefault(h, []).append(i)
    missing = [rows[0] for rows in same.values()]
    embed_started = time.perf_counter()
    # Batches of similar length waste no work on padding: sort once, longest first
    # so the progress bar's estimate only gets better.
    missing.sort(key=lambda r: -len(view_texts[r]))
    batch = 32
    bar = tqdm(
        total=len(missing), desc="Embedding", unit="text", disable=not progress, file=sys.stderr
    )
    for start in range(0, len(missing), batch):
        rows = missing[start : start + batch]
        vectors[rows] = embedder.encode([view_texts[r] for r in rows], batch_size=batch)
        bar.update(len(rows))
    bar.close()
    for rows in same.values():
        vectors[rows[1:]] = vectors[rows[0]]
    embed_seconds = time.perf_counter() - embed_started

    tmp = out.with_name(f".{out.name}.building")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    _write_chunks(tmp / CHUNKS, chunks)
    np.save(tmp / VECTORS, vectors)
    (tmp / VIEWS).write_text(json.dumps({"chunk": view_chunk, "hash": hashes}), encoding="utf-8")
    faiss.write_index(_dense_index(vectors, settings), str(tmp / DENSE))
    sparse = bm25s.BM25()
    seen_tokens: dict[str, list[str]] = {}  # a text repeated across pages is tokenized once

    def tokens_of(chunk: Chunk) -> list[str]:
        text = bm25_text(chunk)
        if text not in seen_tokens:
            seen_tokens[text] = tokenize(text)
        return seen_tokens[text]

    tokens = [tokens_of(c) for c in tqdm(chunks, desc="Tokenizing", disable=not progress, file=sys.stderr)]
    sparse.index(tokens, show_progress=False)
    sparse.save(str(tmp / SPARSE), show_progress=False)

    old_files = _old_files(out)
    new_files = {f.path: f.sha256 for f in corpus.files}
    manifest = Manifest(
        model=embedder.name,
        dim=embedder.dim,
        settings=settings,
        files=new_files,
        chunks=len(chunks),
        views=len(view_texts),
        corpus=str(corpus_dir),
        built_at=datetime.now(UTC).isoformat(timespec="seconds"),
        problems=[f"{p.path}: {p.message}" for p in corpus.problems],
        sources=sources,
    )
    manifest.write(tmp)
    _swap(tmp, out)
    return BuildReport(
        out=out,
        files=len(corpus.files),
        chunks=len(chunks),
        views=len(view_texts),
        embedded=len(missing),
        reused=len(view_texts) - len(missing),
        added=tuple(sorted(set(new_files) - set(old_files))),
        changed=tuple(
            sorted(p for p in new_files if p in old_files and old_files[p] != new_files[p])
        ),
        removed=tuple(sorted(set(old_files) - set(new_files))),
        problems=tuple(manifest.problems),
        seconds=time.perf_counter() - started,
        embed_seconds=embed_seconds,
    )


def load_index(
    folder: Path, *, model: str, dim: int, settings: IndexSettings | None = None
) -> Index:
    """Load an index read-only, refusing one built with another model or settings."""
    manifest = Manifest.read(folder)
    manifest.check(model=model, dim=dim, settings=settings, folder=folder)
    # Split on "\n" only: chunk text may hold U+2028 and friends, which splitlines() breaks on.
    lines = (folder / CHUNKS).read_text(encoding="utf-8").split("\n")
    chunks = [_chunk(json.loads(line)) for line in lines if line]
    view_chunk = np.asarray(
        json.loads((folder / VIEWS).read_text(encoding="utf-8"))["chunk"], dtype=np.int32
    )
    dense = faiss.read_index(str(folder / DENSE))
    sparse = bm25s.BM25.load(str(folder / SPARSE), show_progress=False)
    return Index(
        folder=folder,
        manifest=manifest,
        chunks=chunks,
        view_chunk=view_chunk,
        dense=dense,
        sparse=sparse,
    )


def is_stale(folder: Path, corpus_dir: Path, *, model: str | None = None) -> bool:
    """True when the files under ``corpus_dir`` differ from those the index was built from,
    when the index has an older format, or (given ``model``) when it was built with another
    embedding model. A rebuild of an older format reuses its vectors."""
    try:
        manifest = Manifest.read(folder)
    except RetrievalError:
        return True
    if manifest.format_version != FORMAT_VERSION:
        return True
    if model is not None and manifest.model != model:
        return True
    return manifest.sources != source_hashes(corpus_dir)


def _dense_index(vectors: Vectors, settings: IndexSettings) -> Any:
    dim = vectors.shape[1]
    index: Any
    if settings.faiss == "hnsw":
        index = faiss.IndexHNSWFlat(dim, settings.hnsw_m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efSearch = 128
    else:
        index = faiss.IndexFlatIP(dim)
    if len(vectors):
        index.add(vectors)
    return index


def _previous(out: Path, model: str) -> dict[str, Vectors]:
    """Vectors of the last build with the same model, keyed by the hash of their text."""
    try:
        manifest = Manifest.read(out)
        if manifest.model != model:
            return {}
        hashes = json.loads((out / VIEWS).read_text(encoding="utf-8"))["hash"]
        vectors = np.load(out / VECTORS)
    except Exception:
        return {}
    return {h: vectors[i] for i, h in enumerate(hashes) if i < len(vectors)}


def _old_files(out: Path) -> dict[str, str]:
    try:
        return Manifest.read(out).files
    except Exception:
        return {}


def _swap(tmp: Path, out: Path) -> None:
    old = out.with_name(f".{out.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    tmp.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def _write_chunks(path: Path, chunks: Iterable[Chunk]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for chunk in chunks:
            fh.write(json.dumps(asdict(chunk), ensure_ascii=False) + "\n")


def _chunk(data: dict[str, Any]) -> Chunk:
    data["title_path"] = tuple(data["title_path"])
    data["kind"] = Kind(data["kind"])
    return Chunk(**data)
