"""Structured logs: one JSON object per line on stderr ({"ts", "level", "event", ...fields})."""

from __future__ import annotations

import json
import sys
import time

_rank = 0


def set_rank(rank: int) -> None:
    global _rank
    _rank = rank


def log(event: str, level: str = "info", **fields) -> None:
    rec = {"ts": round(time.time(), 3), "level": level, "event": event}
    if _rank:
        rec["rank"] = _rank
    rec.update(fields)
    try:
        sys.stderr.write(json.dumps(rec, default=str) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
