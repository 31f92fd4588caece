"""Measure the intake: field extraction against labelled first messages, and scripted dialogs.

First messages (JSON lines)::

    {"id": "en01", "lang": "en", "text": "Android 13, Pixel 7, ...", "category": "message_delivery",
     "fields": {"platform": "android", "os_version": "13", "production": "yes"}}

``fields`` holds only what the text states, normalized as ``intake.dialog.extract`` does
(``os_version`` bare when the OS is the platform, else "Android 14"; ``device_model`` as
written; ``sdk_version`` the version in use, i.e. the target of an upgrade; impact keys
``production``/``all_users``/``workaround``/``data_loss`` as "yes"/"no"). A field stated
with two different values ("Android 14 and iOS 17") is not labelled. Free-text fields
(symptom, repro_steps, ...) are not scored.

Conversations (JSON lines)::

    {"id": "c01", "lang": "en", "turns": ["first message", "answer", "confirm"],
     "expect": "filed" | "cancelled" | "refused_vague", "max_turns_to_ticket": 2}

A turn is a string or ``{"text": "...", "logs": [{"name": "nimbus.log", "text": "..."}]}``.
``refused_vague`` means: not filed, not cancelled, and at least one attempt to file was
refused because something required was missing.

Example:
    >>> report = run_extraction_bench("tests/data/intake_first_messages.jsonl")
    >>> report.items >= 60
    True
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from intake.dialog import Cancelled, DialogState, Filed, missing_required, start, step
from intake.dialog.extract import extract, split_log
from intake.dialog.fields import FIELDS, IMPACT_KEYS
from intake.dialog.fields import missing_required as draft_missing
from intake.dialog.validate import ZH_BRANDS
from intake.errors import IntakeError
from intake.tickets.centrality import broken_function, decide
from intake.types import Category, LogAttachment, Prompt

SCORED_FIELDS: tuple[str, ...] = (
    "platform",
    "sdk_version",
    "os_version",
    "device_model",
    "network",
    "chat_type",
    "symptom_kind",
    "frequency",
    "since",
    "since_detail",
    *IMPACT_KEYS,
)
SERVER_FIELDS: tuple[str, ...] = ("server_version", "deployment", "server_os")
PRESENT_KEYS: tuple[str, ...] = ("repro_steps", "expected", "logs")
OPTIONAL_DETAILS: tuple[str, ...] = ("since_detail",)
# Values the older label sets (the OpenIM dev file) do not know: scored as what those
# labels would say ("other", no platform) so the numbers stay comparable.
NEW_CATEGORIES = frozenset({Category.SERVER_DEPLOYMENT.value})
NEW_PLATFORMS = frozenset({"linux", "uniapp", "miniprogram", "unity"})
OUTCOMES = ("filed", "cancelled", "refused_vague")


class BenchDataError(IntakeError):
    """A bench file is malformed; the message names the file and line."""


# -- reading -------------------------------------------------------------------------------


def _lines(path: str | Path) -> Iterator[tuple[int, dict[str, Any]]]:
    p = Path(path)
    if not p.exists():
        raise BenchDataError(f"{p} does not exist. Pass the path of a .jsonl file.")
    for number, raw in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as e:
            raise BenchDataError(
                f"{p}:{number}: not valid JSON ({e.msg} at column {e.colno})."
            ) from e
        if not isinstance(data, dict):
            raise BenchDataError(
                f"{p}:{number}: expected a JSON object, got {type(data).__name__}."
            )
        yield number, data


def _need(data: dict[str, Any], key: str, kind: type, where: str) -> Any:
    if key not in data:
        raise BenchDataError(f"{where}: missing {key!r}.")
    if not isinstance(data[key], kind):
        raise BenchDataError(
            f"{where}: {key!r} must be a {kind.__name__}, got {type(data[key]).__name__}."
        )
    return data[key]


# -- extraction ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldScore:
    field: str
    support: int  # labelled occurrences
    predicted: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.support if self.support else 1.0


@dataclass(frozen=True, slots=True)
class Miss:
    id: str
    field: str
    expected: str | None
    got: str | None


@dataclass(frozen=True, slots=True)
class PresentScore:
    """Whether the extractor found repro steps / an expectation / logs where the text has them."""

    key: str
    support: int  # items whose label says present
    found: int  # items where the extractor found it
    correct: int  # found and labelled present

    @property
    def recall(self) -> float:
        return self.correct / self.support if self.support else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0


@dataclass(frozen=True, slots=True)
class ExtractionReport:
    items: int
    per_field: tuple[FieldScore, ...]
    category_correct: int
    misses: tuple[Miss, ...]
    server_fields: tuple[FieldScore, ...] = ()
    present: tuple[PresentScore, ...] = ()
    category_asked: int = 0  # the classifier was unsure: the dialog would ask
    category_confident_correct: int = 0  # right among those not asked
    legacy_labels: bool = False  # new values were mapped to what the old labels say
    other_kind_labelled: bool = True  # False: the labels leave symptom kind "other" out
    unlabelled: tuple[str, ...] = ()  # optional details this file never labels: not scored

    @property
    def server_micro(self) -> tuple[float, float]:
        predicted = sum(s.predicted for s in self.server_fields)
        support = sum(s.support for s in self.server_fields)
        correct = sum(s.correct for s in self.server_fields)
        return (correct / predicted if predicted else 1.0, correct / support if support else 1.0)

    @property
    def micro_precision(self) -> float:
        predicted = sum(s.predicted for s in self.per_field)
        return sum(s.correct for s in self.per_field) / predicted if predicted else 1.0

    @property
    def micro_recall(self) -> float:
        support = sum(s.support for s in self.per_field)
        return sum(s.correct for s in self.per_field) / support if support else 1.0

    @property
    def category_accuracy(self) -> float:
        return self.category_correct / self.items if self.items else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "micro_precision": round(self.micro_precision, 4),
            "micro_recall": round(self.micro_recall, 4),
            "category_accuracy": round(self.category_accuracy, 4),
            "category_asked": self.category_asked,
            "category_accuracy_when_not_asked": round(
                self.category_confident_correct / max(1, self.items - self.category_asked), 4
            ),
            "legacy_labels": self.legacy_labels,
            "server_fields": [
                {**asdict(s), "precision": round(s.precision, 4), "recall": round(s.recall, 4)}
                for s in self.server_fields
            ],
            "present": [
                {**asdict(p), "precision": round(p.precision, 4), "recall": round(p.recall, 4)}
                for p in self.present
            ],
            "per_field": [
                {**asdict(s), "precision": round(s.precision, 4), "recall": round(s.recall, 4)}
                for s in self.per_field
            ],
            "misses": [asdict(m) for m in self.misses],
        }


_OS_FAMILY = (("linux", r"linux|ubuntu|debian|centos|rocky|alma|red\s?hat|rhel|fedora|alpine|suse"),
              ("windows", r"windows|win\d"), ("macos", r"mac\s?os|darwin|osx"))


def _os_family(value: str) -> str:
    return next((f for f, p in _OS_FAMILY if re.search(p, value, re.IGNORECASE)), value.casefold())


def _latin_brand(device: str) -> str:
    for zh, en in ZH_BRANDS.items():
        if device.startswith(zh):
            return en + " " + device[len(zh) :].strip()
    return device


def _same(field: str, a: str, b: str) -> bool:
    if field == "server_os":  # label sets differ: "Linux (AMD)" vs "linux" — compare the family
        return _os_family(a) == _os_family(b)
    if field == "device_model":  # "华为 Mate 60" and "Huawei Mate 60" name one phone
        a, b = (_latin_brand(x) for x in (a, b))
    if field == "since_detail":  # free text: "3.7.4 -> 3.8.3" says what "upgrade from 3.7.4 to 3.8.3" says
        versions = [re.findall(r"\d+(?:\.\d+)+", x) for x in (a, b)]
        if versions[0] and versions[0] == versions[1]:
            return True
    return "".join(a.split()).casefold() == "".join(b.split()).casefold()


def _predicted(
    text: str, *, legacy: bool, other_kind: bool = True
) -> tuple[dict[str, str], Category | None, bool, dict[str, bool]]:
    """Scored values, the category guess (top guess even when unsure), whether it would ask,
    and what was found of repro steps / expectation / logs."""
    ext = extract(text)
    out = {k: v for k, v in ext.values.items() if k in SCORED_FIELDS or k in SERVER_FIELDS}
    for key in IMPACT_KEYS:
        answer = getattr(ext.impact, key)
        if answer is not None:
            out[key] = "yes" if answer else "no"
    guess = next((g for g in ext.guesses if g.field == "category"), None)
    category = ext.category or (Category(guess.value) if guess else None)
    asked = ext.category is None
    if legacy:
        if category is not None and category.value in NEW_CATEGORIES:
            category = Category.OTHER
        if out.get("platform") in NEW_PLATFORMS:
            del out["platform"]
        out.pop("server_os", None)
    if not other_kind and out.get("symptom_kind") == "other":
        del out["symptom_kind"]
    _, pasted = split_log(text)
    present = {
        "repro_steps": "repro_steps" in ext.values,
        "expected": "expected" in ext.values,
        "logs": bool(ext.logs or pasted),
    }
    return out, category, asked, present


def _uses_new_values(rows: list[tuple[int, dict[str, Any]]]) -> bool:
    for _, row in rows:
        fields: dict[str, Any] = row["fields"] if isinstance(row.get("fields"), dict) else {}
        if row.get("category") in NEW_CATEGORIES or "server_os" in fields:
            return True
        if fields.get("platform") in NEW_PLATFORMS:
            return True
    return False


def run_extraction_bench(path: str | Path) -> ExtractionReport:
    """Precision and recall per field, category accuracy and ``present`` recall over a labelled file.

    A file whose labels never use the new values (category ``server_deployment``, the
    new platforms, ``server_os``) is scored the way its labels were written: a
    predicted ``server_deployment`` counts as ``other``, a new platform as no platform.
    """
    rows = list(_lines(path))
    legacy = not _uses_new_values(rows)
    # Older label files never use symptom kind "other" (they leave it out): score it so.
    other_kind = any(
        isinstance(r.get("fields"), dict) and r["fields"].get("symptom_kind") == "other" for _, r in rows
    )
    counts = {f: [0, 0, 0] for f in (*SCORED_FIELDS, *SERVER_FIELDS)}  # support, predicted, correct
    # A file that never labels these optional details cannot say a found one is wrong.
    unlabelled = tuple(
        f
        for f in OPTIONAL_DETAILS
        if not any(isinstance(r.get("fields"), dict) and f in r["fields"] for _, r in rows)
    )
    present_counts = {k: [0, 0, 0] for k in PRESENT_KEYS}
    misses: list[Miss] = []
    items = category_ok = asked = confident_ok = 0
    for number, row in rows:
        where = f"{path}:{number}"
        item_id = str(_need(row, "id", str, where))
        text = _need(row, "text", str, where)
        labels = _need(row, "fields", dict, where)
        category = _need(row, "category", str, where)
        known = {c.value for c in Category}
        alternatives = row.get("category_alt") or []
        if not isinstance(alternatives, list) or not all(a in known for a in alternatives):
            raise BenchDataError(f"{where}: 'category_alt' must be a list of categories, got {alternatives!r}.")
        if category not in known:
            raise BenchDataError(
                f"{where}: unknown category {category!r}; use one of {[c.value for c in Category]}."
            )
        for key, value in labels.items():
            if key not in FIELDS and key not in IMPACT_KEYS:
                raise BenchDataError(f"{where}: unknown field {key!r} in 'fields'.")
            if not isinstance(value, str):
                raise BenchDataError(
                    f"{where}: field {key!r} must be a string, got {type(value).__name__}."
                )
        labels = dict(labels)
        for key in ("server_version", "deployment"):
            value = row.get(key)
            if value is not None and not isinstance(value, str):
                raise BenchDataError(f"{where}: {key!r} must be a string or null, got {value!r}.")
            if value:
                labels[key] = value
        got, guessed, was_asked, found = _predicted(text, legacy=legacy, other_kind=other_kind)
        items += 1
        right = guessed is not None and guessed.value in {category, *alternatives}
        category_ok += right
        asked += was_asked
        confident_ok += right and not was_asked
        if not right:
            misses.append(Miss(item_id, "category", category, guessed.value if guessed else None))
        for field in (*SCORED_FIELDS, *SERVER_FIELDS):
            want, have = labels.get(field), got.get(field)
            if field in unlabelled:
                have = None
            counts[field][0] += want is not None
            counts[field][1] += have is not None
            hit = want is not None and have is not None and _same(field, want, have)
            counts[field][2] += hit
            if (want or have) and not hit:
                misses.append(Miss(item_id, field, want, have))
        present = row.get("present")
        if isinstance(present, dict):
            for key in PRESENT_KEYS:
                want_p, have_p = bool(present.get(key)), found[key]
                present_counts[key][0] += want_p
                present_counts[key][1] += have_p
                present_counts[key][2] += want_p and have_p
                if want_p != have_p:
                    misses.append(Miss(item_id, f"present.{key}", str(want_p), str(have_p)))
    scores = tuple(FieldScore(f, *counts[f]) for f in SCORED_FIELDS)
    server = tuple(FieldScore(f, *counts[f]) for f in SERVER_FIELDS)
    present_scores = tuple(PresentScore(k, *present_counts[k]) for k in PRESENT_KEYS)
    return ExtractionReport(
        items,
        scores,
        category_ok,
        tuple(misses),
        server,
        present_scores,
        asked,
        confident_ok,
        legacy,
        other_kind,
        unlabelled,
    )


def format_extraction_report(report: ExtractionReport) -> str:
    """An aligned text table: one row per field, then the micro average and category accuracy."""
    head = (
        f"{'field':<14}{'support':>9}{'predicted':>11}{'correct':>9}{'precision':>11}{'recall':>9}"
    )
    rows = [head, "-" * len(head)]
    for s in report.per_field:
        rows.append(
            f"{s.field:<14}{s.support:>9}{s.predicted:>11}{s.correct:>9}{s.precision:>11.3f}{s.recall:>9.3f}"
        )
    rows.append("-" * len(head))
    rows.append(
        f"{'micro':<14}{'':>9}{'':>11}{'':>9}{report.micro_precision:>11.3f}{report.micro_recall:>9.3f}"
    )
    if report.server_fields:
        rows.append("")
        rows.append(f"{'server facts':<14}{'support':>9}{'predicted':>11}{'correct':>9}{'precision':>11}{'recall':>9}")
        for s in report.server_fields:
            rows.append(
                f"{s.field:<14}{s.support:>9}{s.predicted:>11}{s.correct:>9}{s.precision:>11.3f}{s.recall:>9.3f}"
            )
        p, r = report.server_micro
        rows.append(f"{'micro':<14}{'':>9}{'':>11}{'':>9}{p:>11.3f}{r:>9.3f}")
    if report.present:
        rows.append("")
        rows.append(f"{'present':<14}{'support':>9}{'found':>11}{'correct':>9}{'precision':>11}{'recall':>9}")
        for ps in report.present:
            rows.append(
                f"{ps.key:<14}{ps.support:>9}{ps.found:>11}{ps.correct:>9}{ps.precision:>11.3f}{ps.recall:>9.3f}"
            )
    rows.append("")
    rows.append(
        f"category accuracy (category or category_alt; top guess): {report.category_accuracy:.3f} "
        f"({report.category_correct}/{report.items})"
    )
    not_asked = report.items - report.category_asked
    rows.append(
        f"classifier unsure, dialog asks: {report.category_asked}/{report.items}; "
        f"accuracy when not asking: {report.category_confident_correct / max(1, not_asked):.3f} "
        f"({report.category_confident_correct}/{not_asked})"
    )
    if report.legacy_labels:
        rows.append("labels predate server_deployment and the new platforms: scored as 'other' / no platform")
    if report.unlabelled:
        rows.append(f"never labelled in this file, not scored: {', '.join(report.unlabelled)}")
    if not report.other_kind_labelled:
        rows.append("labels never use symptom kind 'other': a predicted 'other' is scored as no value")
    return "\n".join(rows)


# -- dialogs ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ConversationResult:
    id: str
    lang: str
    expect: str
    outcome: str  # filed | cancelled | refused_vague | open
    turns_to_ticket: int | None  # answers after the first message until filed
    max_turns_to_ticket: int | None
    complete: bool  # a filed draft has every required field of its category
    reasked: tuple[str, ...] = ()  # fields the first message gave ("given") that a prompt asked again
    priority: str | None = None
    expected_priority: str | None = None

    @property
    def ok(self) -> bool:
        within = self.max_turns_to_ticket is None or (
            self.turns_to_ticket is not None and self.turns_to_ticket <= self.max_turns_to_ticket
        )
        right_priority = self.expected_priority is None or self.priority == self.expected_priority
        return self.outcome == self.expect and within and self.complete and not self.reasked and right_priority


@dataclass(frozen=True, slots=True)
class DialogReport:
    results: tuple[ConversationResult, ...]

    @property
    def passed(self) -> int:
        return sum(r.ok for r in self.results)

    @property
    def turns(self) -> tuple[int, ...]:
        return tuple(r.turns_to_ticket for r in self.results if r.turns_to_ticket is not None)

    @property
    def mean_turns_to_ticket(self) -> float:
        return sum(self.turns) / len(self.turns) if self.turns else 0.0

    @property
    def max_turns_to_ticket(self) -> int:
        return max(self.turns, default=0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "conversations": len(self.results),
            "passed": self.passed,
            "mean_turns_to_ticket": round(self.mean_turns_to_ticket, 2),
            "max_turns_to_ticket": self.max_turns_to_ticket,
            "results": [{**asdict(r), "ok": r.ok} for r in self.results],
        }


@dataclass(frozen=True, slots=True)
class Turn:
    text: str
    logs: tuple[LogAttachment, ...] = ()


def _turn(raw: object, where: str) -> Turn:
    if isinstance(raw, str):
        return Turn(raw)
    if isinstance(raw, dict) and isinstance(raw.get("text", ""), str):
        logs = raw.get("logs", [])
        if not isinstance(logs, list) or not all(
            isinstance(lg, dict)
            and isinstance(lg.get("name"), str)
            and isinstance(lg.get("text"), str)
            for lg in logs
        ):
            raise BenchDataError(
                f"{where}: a turn's 'logs' must be a list of {{'name', 'text'}} objects."
            )
        return Turn(
            raw.get("text", ""), tuple(LogAttachment(lg["name"], lg["text"]) for lg in logs)
        )
    raise BenchDataError(
        f"{where}: each turn must be a string or an object with 'text', got {raw!r:.60}."
    )


@dataclass(frozen=True, slots=True)
class Played:
    state: DialogState
    outcome: str
    turns_to_ticket: int | None
    complete: bool
    asked: tuple[str, ...]  # every field or impact key a prompt asked, in order
    priority: str | None  # of the filed ticket (centrality x impact), else None


def play(turns: list[Turn]) -> Played:
    """Run one scripted conversation, keeping what each prompt asked."""
    state, result = start(turns[0].text, logs=turns[0].logs)
    asked: list[str] = []

    def note(step_result: object) -> None:
        if isinstance(step_result, Prompt):
            asked.extend(step_result.asking)

    note(result)
    used = 0
    for t in turns[1:]:
        if isinstance(result, Filed | Cancelled):
            break
        state, result = step(state, t.text, logs=t.logs)
        note(result)
        used += 1
    if isinstance(result, Filed):
        d = result.draft
        complete = not draft_missing(d.category, d.fields, has_logs=bool(d.logs), impact=d.impact)
        function = broken_function(d.category, d.fields, d.question)
        priority = decide(function, d.impact)[0].value
        return Played(state, "filed", used, complete, tuple(asked), priority)
    if isinstance(result, Cancelled):
        return Played(state, "cancelled", None, True, tuple(asked), None)
    outcome = "refused_vague" if state.refused_confirms and missing_required(state) else "open"
    return Played(state, outcome, None, True, tuple(asked), None)


def run_dialog_bench(path: str | Path) -> DialogReport:
    """Play every scripted conversation and compare its outcome with the expected one."""
    results = []
    for number, row in _lines(path):
        where = f"{path}:{number}"
        raw_turns = _need(row, "turns", list, where)
        if not raw_turns:
            raise BenchDataError(f"{where}: 'turns' is empty; give at least the first message.")
        expect = _need(row, "expect", str, where)
        if expect not in OUTCOMES:
            raise BenchDataError(
                f"{where}: 'expect' is {expect!r}; use one of {', '.join(OUTCOMES)}."
            )
        limit = row.get("max_turns_to_ticket")
        if limit is not None and (not isinstance(limit, int) or limit < 0):
            raise BenchDataError(f"{where}: 'max_turns_to_ticket' must be a non-negative integer.")
        given = row.get("given", [])
        if not isinstance(given, list) or not all(isinstance(g, str) for g in given):
            raise BenchDataError(f"{where}: 'given' must be a list of field names the first message states.")
        want_priority = row.get("priority")
        if want_priority is not None and want_priority not in ("P0", "P1", "P2", "P3"):
            raise BenchDataError(f"{where}: 'priority' is {want_priority!r}; use P0, P1, P2 or P3.")
        turns = [_turn(t, where) for t in raw_turns]
        played = play(turns)
        results.append(
            ConversationResult(
                str(_need(row, "id", str, where)),
                str(row.get("lang", "")),
                expect,
                played.outcome,
                played.turns_to_ticket,
                limit,
                played.complete,
                reasked=tuple(dict.fromkeys(f for f in played.asked if f in given)),
                priority=played.priority,
                expected_priority=want_priority,
            )
        )
    return DialogReport(tuple(results))


def format_dialog_report(report: DialogReport) -> str:
    """An aligned text table: one row per conversation, then the summary."""
    w = max([len(r.id) for r in report.results] + [2]) + 2
    head = (
        f"{'id':<{w}}{'lang':<6}{'expect':<15}{'outcome':<15}{'turns':>6}{'max':>5}  {'prio':<9}{'re-asked':<14}ok"
    )
    rows = [head, "-" * len(head)]
    for r in report.results:
        turns = "-" if r.turns_to_ticket is None else str(r.turns_to_ticket)
        limit = "-" if r.max_turns_to_ticket is None else str(r.max_turns_to_ticket)
        prio = (r.priority or "-") + (f"/{r.expected_priority}" if r.expected_priority else "")
        reasked = ",".join(r.reasked) or "-"
        rows.append(
            f"{r.id:<{w}}{r.lang:<6}{r.expect:<15}{r.outcome:<15}{turns:>6}{limit:>5}  {prio:<9}{reasked:<14}"
            f"{'yes' if r.ok else 'NO'}"
        )
    rows.append("-" * len(head))
    checked = [r for r in report.results if r.expected_priority]
    rows.append(
        f"passed {report.passed}/{len(report.results)}; turns to ticket: mean "
        f"{report.mean_turns_to_ticket:.2f}, max {report.max_turns_to_ticket}; "
        f"fields re-asked that the first message gave: {sum(len(r.reasked) for r in report.results)}; "
        f"priority as documented: {sum(r.priority == r.expected_priority for r in checked)}/{len(checked)}"
    )
    return "\n".join(rows)
