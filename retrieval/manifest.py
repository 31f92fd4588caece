"""The manifest written next to every index, and the check made when loading one."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from retrieval.errors import IndexMissing, ManifestMismatch

FORMAT_VERSION = 3  # 3: BM25 indexes each chunk with its page name (retrieval.index.bm25_text)
MANIFEST = "manifest.json"


@dataclass(frozen=True, slots=True)
class IndexSettings:
    """Choices that change what an index contains; a loader must agree with all of them."""

    faiss: str = "flat"  # "flat" (exact inner product) or "hnsw" (approximate, large corpora)
    hnsw_m: int = 32
    chunk_tokens: int = 200
    heading_views: bool = True

    def __post_init__(self) -> None:
        if self.faiss not in ("flat", "hnsw"):
            raise ValueError(f"faiss index kind {self.faiss!r} is unknown; use 'flat' or 'hnsw'")


@dataclass(frozen=True, slots=True)
class Manifest:
    model: str
    dim: int
    settings: IndexSettings
    files: dict[str, str]  # relative path -> sha256
    chunks: int
    views: int
    corpus: str = ""
    built_at: str = ""
    format_version: int = FORMAT_VERSION
    problems: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # every file looked at -> sha256

    def write(self, folder: Path) -> None:
        (folder / MANIFEST).write_text(
            json.dumps(asdict(self), ensure_ascii=False, indent=2), encoding="utf-8"
        )

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        path = folder / MANIFEST
        if not path.exists():
            raise IndexMissing(
                f"No index in {str(folder)!r} (no {MANIFEST}). Build one with: "
                f"supportbot index build --out {folder}"
            )
        try:
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            data["settings"] = IndexSettings(**data["settings"])
            return cls(**data)
        except (ValueError, TypeError, KeyError) as exc:
            raise ManifestMismatch(
                f"{path} is unreadable or from another supportbot version ({exc}). "
                f"Rebuild it with: supportbot index build --out {folder}"
            ) from exc

    def check(self, *, model: str, dim: int, settings: IndexSettings | None, folder: Path) -> None:
        """Refuse an index that was built differently from what the caller will query with."""
        fix = f"Rebuild it with: supportbot index build --out {folder}"
        if self.format_version != FORMAT_VERSION:
            raise ManifestMismatch(
                f"Index in {str(folder)!r} has format {self.format_version}, this supportbot reads "
                f"format {FORMAT_VERSION}. {fix}"
            )
        if self.model != model or self.dim != dim:
            raise ManifestMismatch(
                f"Index in {str(folder)!r} was built with model {self.model!r} ({self.dim} dims), "
                f"but the bot is set to use {model!r} ({dim} dims). {fix} "
                f"(or set SUPPORTBOT_EMBEDDING_MODEL={self.model})"
            )
        if settings is not None and settings != self.settings:
            raise ManifestMismatch(
                f"Index in {str(folder)!r} was built with settings {self.settings}, "
                f"but {settings} were asked for. {fix}"
            )
