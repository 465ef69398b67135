"""Learning-rate schedule: a pure function of the optimizer config and the step index.

step is the 0-based index of the optimizer step about to be applied. Warm-up
is linear from 0 to lr: lr * (step + 1) / warmup_steps for step < warmup_steps
(the first step is not wasted at 0). After it, with p = (step - warmup) /
(total_steps - warmup) clamped to [0, 1]:
    constant: lr            linear: lr * (1 - p)          cosine: lr * (1 + cos(pi p)) / 2
so the rate reaches 0 at step == total_steps. The schedule's whole state is the
step count (checkpoint.py stores it); the optimizer itself lives in engine.py.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .errors import bad_config

SCHEDULES = ("constant", "linear", "cosine")


@dataclass(frozen=True)
class Schedule:
    lr: float
    warmup_steps: int = 0
    kind: str = "constant"
    total_steps: int = 0

    def validate(self) -> "Schedule":
        if not (self.lr > 0 and math.isfinite(self.lr)):
            raise bad_config(f"optimizer.lr must be > 0, got {self.lr}")
        if self.kind not in SCHEDULES:
            raise bad_config(f"optimizer.schedule must be one of {', '.join(SCHEDULES)}, got {self.kind!r}")
        if self.kind != "constant" and self.total_steps <= self.warmup_steps:
            raise bad_config(
                f"optimizer.schedule {self.kind} needs total_steps > warmup_steps, got total_steps={self.total_steps} warmup_steps={self.warmup_steps}"
            )
        return self

    def lr_at(self, step: int) -> float:
        if step < self.warmup_steps:
            return self.lr * (step + 1) / self.warmup_steps
        if self.kind == "constant":
            return self.lr
        p = min(max((step - self.warmup_steps) / (self.total_steps - self.warmup_steps), 0.0), 1.0)
        if self.kind == "linear":
            return self.lr * (1.0 - p)
        return self.lr * 0.5 * (1.0 + math.cos(math.pi * p))
