"""Read a developer's question the way an engineer would, before searching.

A real question is often a GitHub issue pasted whole: a title with a tag
(``[BUG]``, ``[Other]:``), the issue template's environment line or headings,
then prose mixed with code, JSON and log lines. Searching with all of it drowns
the few words that matter. :func:`read_question` splits it into

* ``title``: the first line without its tag,
* ``sentences``: the prose lines of the body, without template boilerplate,
  code blocks, stack traces and log or JSON dumps,
* ``terms``: what identifies the problem exactly — API and method names
  (``getOneConversation``), REST paths (``/msg/send_msg``), config keys
  (``MINIO_ADDRESS``, ``multiloginpolicy``), error codes (``10004``) and file
  names (``webhooks.yml``) — taken from the whole text, code included.

The search then uses :attr:`Query.text` (title + key sentences) for both legs and
gives ``terms`` extra weight in BM25.

Example:
    >>> q = read_question("[BUG] login fails with errCode 10102\\n"
    ...                   "(OpenIM Server 3.8; Linux (AMD); Docker Deployment)\\n"
    ...                   "```\\nconst r = await sdk.login({userID})\\n```\\nafter upgrade login returns an error")
    >>> q.title, q.sentences
    ('login fails with errCode 10102', ('after upgrade login returns an error',))
    >>> sorted(q.terms)
    ['10102']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from textlang import detect_lang

# A leading tag of an issue title: "[BUG]", "[Other]:", "Bug:", "Feature:", "🤖Failing-test:".
_TAG = re.compile(
    r"^\s*(?:[^\w\s\[(<]{1,3}\s*)?(?:\[[^\]]{1,30}\]\s*:?\s*|"
    r"(?:bug|feature|feature request|question|other|doc|docs|failing-test|需求|问题|建议)\s*[:：]\s*)",
    re.IGNORECASE,
)
# The environment line some templates produce: "(OpenIM Server 3.8.1; Linux (AMD); Docker Deployment)".
_ENV_LINE = re.compile(
    r"^\s*\(.*(?:OpenIM|Server|SDK|Linux|Windows|macOS|Android|iOS|Deployment|部署).*\)\s*$",
    re.IGNORECASE,
)
# Headings and labels of the issue templates (en + zh); only the label is dropped,
# text after "Label:" on the same line is kept.
_TEMPLATE_LABELS = (
    "openim server version",
    "openim sdk version",
    "server version",
    "sdk version",
    "client version",
    "operating system and cpu architecture",
    "operating system",
    "deployment method",
    "bug description and steps to reproduce",
    "bug description",
    "steps to reproduce the behavior",
    "steps to reproduce",
    "expected behavior",
    "expected behaviour",
    "actual behavior",
    "screenshots link",
    "screenshots",
    "additional context",
    "describe the bug",
    "describe the solution you'd like",
    "suggested solution",
    "why this feature?",
    "why this feature",
    "what happened?",
    "what happened",
    "what did you expect to happen?",
    "how can we reproduce it",
    "anything else we need to know?",
    "environment",
    "expected",
    "问题描述",
    "复现步骤",
    "重现步骤",
    "期望结果",
    "预期行为",
    "预期结果",
    "实际结果",
    "截图",
    "环境",
    "版本",
    "服务端版本",
    "客户端版本",
    "部署方式",
)
_LABEL = re.compile(
    r"^\s*(?:#{1,6}\s*|\*\*|-\s+)?(?:"
    + "|".join(re.escape(x) for x in _TEMPLATE_LABELS)
    + r")\s*(?:\*\*)?\s*[:：]?\s*",
    re.IGNORECASE,
)
_FENCE = re.compile(r"```.*?(?:```|\Z)", re.DOTALL)
_URL = re.compile(r"\b(?:https?|wss?)://\S+")

# Lines that are logs, stack traces or code rather than prose.
_LOG_LINE = re.compile(
    r"^\s*(?:at\s+\S+\s*\(|File \"|goroutine \d|panic:|\[?\d{4}[-/]\d{2}[-/]\d{2}[ T]\d|"
    r"[IWEDV]/\w+\s*\(|\d{2}:\d{2}:\d{2}|#\d+\s+0x|Traceback|Caused by:|\s*\^)",
)
_CODE_START = re.compile(
    r"^\s*(?:[{}\[\]()<>]|//|/\*|\*\s|#include|import\s|from\s+\S+\s+import|export\s|const\s|let\s|var\s|"
    r"func\s|def\s|class\s|return\b|await\s|public\s|private\s|final\s|@\w+|\w+\s*[:=]\s*[\"'{\[\d])"
)
_CODE_END = re.compile(r"(?:[;{}]|\)\s*[;{]?|=>\s*\{?|,)\s*$")

# Identifiers worth matching exactly. Latin runs touch Chinese text without a space,
# so the edges are "not an ASCII word character" rather than \b.
_L, _R = r"(?<![A-Za-z0-9_])", r"(?![A-Za-z0-9_])"
_API_PATH = re.compile(r"(?<![\w.])/?(?:[a-z][a-z0-9_]*/)+[a-z][a-z0-9_]*" + _R)
_CAMEL_ID = re.compile(_L + r"(?:[a-z]+[a-z0-9]*[A-Z][A-Za-z0-9]*|[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*)" + _R)
_SNAKE_ID = re.compile(_L + r"[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+" + _R)
_FILE_NAME = re.compile(r"[\w-]+\.(?:ya?ml|json|toml|conf|env|wasm|gradle|plist)" + _R)
_CONFIG_KEY = re.compile(r"^\s*\"?([a-z][a-z0-9_.]{5,})\"?\s*[:=]\s*\S", re.IGNORECASE)
_ERROR_CODE = re.compile(
    r"(?:err(?:or)?\s*code|errCode|code|错误码|error|报错|err)\W{0,4}(\d{3,5})"
    + _R
    + r"|"
    + _L
    + r"(\d{4,5})\s+[A-Za-z][A-Za-z ]{3,}(?:Error|error|incomplete|invalid|failed)",
    re.IGNORECASE,
)
# Names in nearly every question about this product or its platforms: not identifying.
_COMMON_NAMES = frozenset(
    {"openim", "ios", "macos", "iphone", "ipad", "android", "typeerror", "github", "javascript", "typescript"}
)
_COMMON_KEYS = frozenset({"userid", "error", "errmsg", "errcode", "message", "params", "result", "status", "console"})

_SENTENCE_CHARS = 600  # key sentences kept for the query, in characters


@dataclass(frozen=True, slots=True)
class Query:
    """A question read for search: what to search with, and what must match exactly."""

    raw: str
    title: str
    sentences: tuple[str, ...]
    terms: frozenset[str]
    lang: str

    @property
    def text(self) -> str:
        """Title and key sentences: the text both search legs see."""
        parts = [self.title, *self.sentences]
        return "\n".join(p for p in parts if p)

    @property
    def dropped(self) -> float:
        """Share of the raw question's characters not in :attr:`text` (0 = nothing removed)."""
        raw = len(self.raw.strip())
        return max(0.0, 1.0 - len(self.text) / raw) if raw else 0.0


def read_question(text: str) -> Query:
    """Split ``text`` into title, key sentences and exact terms (see the module doc)."""
    body = _FENCE.sub(lambda m: m.group(0).replace("\n", "\n\x00"), text)  # mark fenced lines as code
    raw_lines = [line.strip() for line in body.split("\n")]
    raw_lines = [line for line in raw_lines if line.strip("\x00 `")]
    kept = [line for line in raw_lines if not _ENV_LINE.match(line)]
    terms = _identifiers([line.lstrip("\x00") for line in kept])
    title = ""
    sentences: list[str] = []
    seen: set[str] = set()
    used = 0
    for n, line in enumerate(kept):
        if line.startswith("\x00") or line.startswith("```") or (n > 0 and _is_noise(line)):
            continue
        cleaned = _clean_line(line)
        if not cleaned or cleaned.lower() in seen or used >= _SENTENCE_CHARS:
            continue
        seen.add(cleaned.lower())
        if n == 0:
            title = cleaned
        else:
            sentences.append(cleaned[: _SENTENCE_CHARS - used])
        used += len(cleaned)
    if not title and sentences:
        title, sentences = sentences[0], sentences[1:]
    return Query(
        raw=text,
        title=title,
        sentences=tuple(sentences),
        terms=frozenset(terms),
        lang=detect_lang(text),
    )


def _clean_line(line: str) -> str:
    line = _TAG.sub("", line, count=1)
    line = _LABEL.sub("", line, count=1)
    line = _URL.sub(" ", line)
    line = re.sub(r"^<(.*)>$", r"\1", line.strip())  # "[Other]: <give it a name>"
    return re.sub(r"\s+", " ", line).strip(" -*#>")


def _is_noise(line: str) -> bool:
    """A log, stack-trace, JSON or code line rather than a sentence somebody wrote."""
    if _LOG_LINE.match(line):
        return True
    letters = sum(ch.isalpha() for ch in line)
    cjk = sum("\u4e00" <= ch <= "\u9fff" for ch in line)
    if cjk >= 4:
        return False  # a Chinese sentence, even with an identifier inside
    if letters < 0.5 * len(line):
        return True  # mostly punctuation, digits and braces
    words = re.findall(r"[A-Za-z]{2,}", line)
    if _CODE_START.match(line):
        return True
    if _CODE_END.search(line) and len(words) < 6:
        return len(words) < 8 or line.count("(") + line.count("{") + line.count(";") >= 3
    return False


def _identifiers(lines: list[str]) -> set[str]:
    out: set[str] = set()
    for line in lines:
        plain = _URL.sub(" ", line)
        out.update(m.group(0) for m in _API_PATH.finditer(plain) if "/" in m.group(0))
        for pattern in (_CAMEL_ID, _SNAKE_ID, _FILE_NAME):
            out.update(m.group(0) for m in pattern.finditer(plain))
        key = _CONFIG_KEY.match(plain)
        if key and key.group(1).lower() not in _COMMON_KEYS and _is_noise(line):
            out.add(key.group(1))
        for match in _ERROR_CODE.finditer(plain):
            code = match.group(1) or match.group(2)
            if code:
                out.add(code)
    return {t for t in out if len(t) >= 3 and t.lower() not in _COMMON_NAMES | _COMMON_KEYS}
