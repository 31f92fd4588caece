"""What the hardening at the boundary costs (issue 9): signature check, cleaning, redaction.

    python -m bench.boundary_cost                   # this checkout
    python -m bench.boundary_cost --baseline main   # and redaction at another revision, same run
    python -m bench.boundary_cost --baseline main --real-data ../shared/data
                                                    # what redaction now removes that it did not

Prints the median of ``--repeat`` runs per measurement. The log is synthetic: lines in
the shape of an IM SDK log (timestamps, codes, ``token=null``, calls), about 1 MB, which
is the most redaction ever sees (a log is cut to 4x the 256 KB cap first).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.clean import clean_text
from bot.slack.verify import refusal, sign
from intake.tickets.redact import redact

LOG_LINES = (
    "2026-11-20T08:12:04.388+08:00 INFO [conn] CONNECTED ip=203.0.113.7 port=8443 rtt=38ms\n"
    "2026-11-20T08:12:09.001+08:00 WARN [msg] sendMessage failed code=2002 SEND_TIMEOUT clientMsgId=c-88123\n"
    "2026-11-20T08:12:10.001+08:00 DEBUG [auth] token=null tokenExpiresAt=1732090323 ms=1732090323123\n"
    "2026-11-20T08:12:11.000+08:00 INFO [rtc] onNetworkQuality(4, 5) login(u1) connect(cfg)\n"
    "2026-11-20T08:12:14.000+08:00 INFO [msg] 消息发送成功 会话 1:1 群成员 2,000 session=ok sig=none\n"
)


def median_seconds(work: Callable[[], Any], *, repeat: int, number: int = 1) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            work()
        runs.append((time.perf_counter() - start) / number)
    return statistics.median(runs)


def baseline_redact(revision: str) -> Callable[[str], Any]:
    """``redact`` as it is at ``revision`` of this repository (loaded from ``git show``)."""
    source = subprocess.run(
        ["git", "show", f"{revision}:intake/tickets/redact.py"], check=True, capture_output=True, text=True
    ).stdout
    folder = Path(tempfile.mkdtemp())
    (folder / "baseline_redact.py").write_text(source)
    spec = importlib.util.spec_from_file_location("baseline_redact", folder / "baseline_redact.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["baseline_redact"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module.redact  # type: ignore[no-any-return]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", help="a git revision to compare redaction with")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--real-data", type=Path, help="a folder of real text (docs, reports): redaction differences"
    )
    args = parser.parse_args(argv)

    body = json.dumps({"event": {"text": "x" * 3000}}).encode()
    now = time.time()
    stamp = str(int(now))
    headers = {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": sign("s", stamp, body)}
    text = "Group messages stuck in sending on Android 14, SDK 3.6.1, every time. " * 40
    log = LOG_LINES * (1_000_000 // len(LOG_LINES))
    rows = [
        ("signature check, 3 KB body", median_seconds(
            lambda: refusal(headers, body, secret="s", now=now), repeat=args.repeat, number=2000)),
        ("clean_text, 2.8 KB message", median_seconds(lambda: clean_text(text), repeat=args.repeat, number=200)),
        (f"redact, {len(log.encode()) / 1e6:.2f} MB log", median_seconds(lambda: redact(log), repeat=args.repeat)),
    ]
    if args.baseline:
        old = baseline_redact(args.baseline)
        rows.append((f"redact at {args.baseline}, same log", median_seconds(lambda: old(log), repeat=args.repeat)))
    for name, seconds in rows:
        print(f"{name:40s} {seconds * 1e3:10.3f} ms")
    if args.baseline:
        print(f"redaction now / at {args.baseline}: {rows[2][1] / rows[3][1]:.2f}x")
    print(f"(median of {args.repeat} runs; Python {sys.version.split()[0]})")
    if args.baseline and args.real_data:
        real_data_differences(args.real_data, old)
    return 0


def real_data_differences(folder: Path, old: Callable[[str], Any]) -> None:
    """Per line of the text files under ``folder``: what redaction removes now and did not."""
    suffixes = {".md", ".mdx", ".json", ".jsonl", ".yaml", ".yml", ".txt", ".log"}
    lines = changed = 0
    kinds: dict[str, int] = {}
    shown: list[str] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in suffixes):
        for line in path.read_text(errors="replace").splitlines():
            lines += 1
            before, after = old(line), redact(line)
            if before.text == after.text:
                continue
            changed += 1
            for kind, count in after.counts.items():
                extra = count - dict(before.counts).get(kind, 0)
                if extra:
                    kinds[str(kind)] = kinds.get(str(kind), 0) + extra
            if len(shown) < 10:
                shown.append(f"  {path.name}: {line.strip()[:100]!r}")
    print(f"real data: {lines} lines under {folder}, {changed} redacted differently; new markers {kinds}")
    print("\n".join(shown))


if __name__ == "__main__":
    raise SystemExit(main())
