"""Any environment or ``.env`` text gives Settings or one SettingsError line naming the culprit."""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.settings import Settings, SettingsError, read_dotenv

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
EXISTING_POLICY = "<an existing policy file>"

values = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            " ",
            "0",
            "1",
            "0.35",
            "1.0000001",
            "-0",
            "nan",
            "inf",
            "1e-400",
            "٠.٥",
            "1_0",
            "0.5\x00",
        ]
    ),
    st.floats().map(str),
    st.just("a" * 5000),
)
environments = st.dictionaries(
    st.sampled_from(
        [
            "SUPPORTBOT_HOME",
            "SUPPORTBOT_CORPUS",
            "SUPPORTBOT_INDEX",
            "SUPPORTBOT_EMBEDDING_MODEL",
            "SUPPORTBOT_THRESHOLD",
            "SUPPORTBOT_POLICY",
            "DATABASE_URL",
            "UNRELATED",
        ]
    ),
    st.one_of(values, st.just(EXISTING_POLICY)),
    max_size=8,
)


def _threshold_ok(raw: str) -> bool:
    try:
        number = float(raw)
    except ValueError:
        return False
    return not math.isnan(number) and 0.0 <= number <= 1.0


@FUZZ
@given(env=environments)
@example(env={"SUPPORTBOT_POLICY": "a" * 5000})
@example(env={"SUPPORTBOT_THRESHOLD": "nan", "SUPPORTBOT_POLICY": "missing.yaml"})
def test_any_environment_gives_settings_or_names_the_variable(env: dict[str, str]) -> None:
    with tempfile.NamedTemporaryFile(suffix=".yaml") as policy_file:
        env = {k: policy_file.name if v == EXISTING_POLICY else v for k, v in env.items()}
        threshold, policy = env.get("SUPPORTBOT_THRESHOLD"), env.get("SUPPORTBOT_POLICY")
        if threshold and not _threshold_ok(threshold):
            culprit: str | None = "SUPPORTBOT_THRESHOLD"
        elif policy and policy != policy_file.name:
            culprit = "SUPPORTBOT_POLICY"
        else:
            culprit = None
        try:
            result = Settings.from_env(env)
        except SettingsError as exc:
            message = str(exc)
            assert culprit is not None, f"refused a good environment: {message}"
            assert message.startswith(f"{culprit}=") and "\n" not in message, message
            return
        assert culprit is None, f"accepted a bad {culprit}"
        assert result.threshold is None or 0.0 <= result.threshold <= 1.0
        assert result.model and result.database_url
        assert result.policy == (Path(policy) if policy else None)
        assert result.database_url == (
            env.get("DATABASE_URL") or f"sqlite:///{result.home / 'supportbot.db'}"
        )


KEYS = st.sampled_from(
    ["SUPPORTBOT_HOME", "A", "export B", " C ", "KEY WITH SPACE", "", "#NOT", "日本"]
)
dotenv_lines = st.one_of(
    st.builds(
        lambda k, sep, v: f"{k}{sep}{v}", KEYS, st.sampled_from(["=", " = ", "", ":"]), values
    ),
    st.sampled_from(
        [
            "",
            "   ",
            "# comment",
            "export",
            "=x",
            "\r",
            "A='quoted'",
            'B="x=y"',
            "\x00",
            "C=\u2028",
            "\x85",
        ]
    ),
    st.text(max_size=30),
)


def _expected(text: str) -> dict[str, str] | int:
    """The values a dotenv reader must return, or the line number it must name."""
    out: dict[str, str] = {}
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.removeprefix("export ").partition("=")
        if not sep or not key.strip() or "\x00" in line:
            return number
        out[key.strip()] = value.strip().strip("'\"")
    return out


@FUZZ
@given(lines=st.lists(dotenv_lines, max_size=8))
@example(lines=["A=1\u2028B", "C=2"])
@example(lines=["A=1", "HOME=/srv\x00/x"])
def test_any_dotenv_text_gives_values_or_names_file_and_line(lines: list[str]) -> None:
    text = "\n".join(lines)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ".env"
        path.write_bytes(text.encode("utf-8"))
        expected = _expected(text)
        try:
            result = read_dotenv(path)
        except SettingsError as exc:
            message = str(exc)
            assert isinstance(expected, int), f"refused a good file: {message}"
            assert message.startswith(f"{path}:{expected}: ") and "\n" not in message, (
                message,
                expected,
            )
            return
        assert result == expected


@FUZZ
@given(data=st.binary(max_size=120))
def test_any_dotenv_bytes_give_values_or_name_the_file(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ".env"
        path.write_bytes(data)
        try:
            result = read_dotenv(path)
        except SettingsError as exc:
            assert str(exc).startswith(f"{path}:") and "\n" not in str(exc)
            return
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in result.items())
