"""A run's metrics, eval rounds and events, written to TensorBoard as they land.

    python -m tribunal_trainer.tracker --run-dir DIR [--logdir DIR] [--once]

Follows the files the actors write in the run dir (metrics.jsonl: one row per
learner step; evals.jsonl: each gold eval round, gold and proxy; events.jsonl:
the hacking monitor's flags, warnings and gold peaks) and writes each new line
to TensorBoard event files under --logdir (default <run-dir>/tensorboard),
with the run's config.json as text. Every numeric field becomes a scalar at
the row's step: train/<field> (signals.* and the learner's timeline phases
flattened), eval/gold, eval/proxy, eval/gap (proxy - gold), eval/kl, and
events/<type> = 1 at the step of each event (its JSON as text beside).

What it has written is remembered in <logdir>/offsets.json after each pass,
so a restarted tracker goes on where it stopped (no step written twice). A
file that shrank was rolled back by a restore to its last checkpoint: what
the tracker wrote past the last step the file still holds is purged (a new
writer with TensorBoard's purge_step; the undone branch disappears from the
plots) and the new branch is written from there. SIGTERM: one last pass, then
exit 0. --once: one pass, then exit (tests, a finished run).
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
from pathlib import Path

FILES = ("metrics.jsonl", "evals.jsonl", "events.jsonl")
SKIPPED = {"t", "step", "version"}


def flatten(row: dict, prefix: str = "") -> dict[str, float]:
    """Every finite number of a row, nested dicts joined with '/', lists and strings left out."""
    out: dict[str, float] = {}
    for k, v in row.items():
        if not prefix and k in SKIPPED:
            continue
        name = f"{prefix}{k}"
        if isinstance(v, bool):
            out[name] = float(v)
        elif isinstance(v, (int, float)):
            if v == v and abs(v) != float("inf"):
                out[name] = float(v)
        elif isinstance(v, dict):
            out.update(flatten(v, f"{name}/"))
    return out


def scalars(file: str, row: dict) -> tuple[int | None, dict[str, float], str | None]:
    """The step, the scalars and (events) the text a row of `file` becomes."""
    step = row.get("step")
    step = int(step) if isinstance(step, (int, float)) else None
    if file == "metrics.jsonl":
        timeline = row.get("timeline") if isinstance(row.get("timeline"), dict) else {}
        phases = {k: v for k, v in timeline.items() if k.endswith("Ms") and k != "atMs"}
        rest = {k: v for k, v in row.items() if k != "timeline"}
        return step, {f"train/{k}": v for k, v in {**flatten(rest), **flatten(phases, "timeline/")}.items()}, None
    if file == "evals.jsonl":
        out = {f"eval/{k}": float(row[k]) for k in ("gold", "proxy", "kl") if isinstance(row.get(k), (int, float))}
        if "eval/gold" in out and "eval/proxy" in out:
            out["eval/gap"] = out["eval/proxy"] - out["eval/gold"]
        return step, out, None
    kind = str(row.get("type", "event"))
    return step, {f"events/{kind}": 1.0}, json.dumps(row)[:4000]


class Tracker:
    def __init__(self, run_dir: Path, logdir: Path):
        from torch.utils.tensorboard import SummaryWriter  # needs the tensorboard package

        self.run_dir = run_dir
        self.logdir = logdir
        logdir.mkdir(parents=True, exist_ok=True)
        self.state_file = logdir / "offsets.json"
        self.state = json.loads(self.state_file.read_text()) if self.state_file.exists() else {}
        self.writer_class = SummaryWriter
        self.writer = SummaryWriter(log_dir=str(logdir))
        if not self.state.get("config"):
            cfg = run_dir / "config.json"
            if cfg.exists():
                self.writer.add_text("config", "```json\n" + cfg.read_text()[:60000] + "\n```", 0)
                self.state["config"] = True

    def pass_once(self) -> int:
        """Reads what is new in each file and writes it; returns the rows written."""
        written = 0
        for file in FILES:
            path = self.run_dir / file
            if not path.exists():
                continue
            st = self.state.setdefault(file, {"offset": 0, "last_step": -1})
            size = path.stat().st_size
            if size < st["offset"]:
                self.rolled_back(path, size)
            with path.open("rb") as f:
                f.seek(st["offset"])
                data = f.read()
            end = data.rfind(b"\n") + 1  # a line still being written waits for the next pass
            for line in data[:end].splitlines():
                written += self.write_line(file, st, line)
            st["offset"] += end
        self.writer.flush()
        tmp = self.state_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.state))
        tmp.replace(self.state_file)
        return written

    def rolled_back(self, path: Path, size: int) -> None:
        """A restore truncated `path` to its checkpoint: purge what was written after the last step it still holds."""
        kept = -1
        with path.open("rb") as f:
            for line in f.read(size).splitlines():
                try:
                    step = json.loads(line).get("step")
                except (ValueError, AttributeError):
                    continue
                if isinstance(step, (int, float)):
                    kept = max(kept, int(step))
        self.writer.close()
        self.writer = self.writer_class(log_dir=str(self.logdir), purge_step=kept + 1)
        for file in FILES:
            st = self.state.get(file)
            if st:
                st["last_step"] = min(st["last_step"], kept)
        self.state[path.name]["offset"] = size

    def write_line(self, file: str, st: dict, line: bytes) -> int:
        try:
            row = json.loads(line)
        except ValueError:
            return 0  # a torn or foreign line is not a metric
        if not isinstance(row, dict):
            return 0
        step, values, text = scalars(file, row)
        if step is None:
            return 0
        # metrics and evals are one row per step: a row at or below the last written one is a replay.
        if file != "events.jsonl" and step <= st["last_step"]:
            return 0
        for name, v in values.items():
            self.writer.add_scalar(name, v, step)
        if text is not None:
            self.writer.add_text(f"events/{row.get('type', 'event')}", text, step)
        st["last_step"] = max(st["last_step"], step)
        return 1

    def close(self) -> None:
        self.writer.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tribunal_trainer.tracker", description=__doc__.split("\n\n")[0])
    ap.add_argument("--run-dir", required=True, help="the run's directory (metrics.jsonl, evals.jsonl, events.jsonl)")
    ap.add_argument("--logdir", help="TensorBoard log dir (default <run-dir>/tensorboard)")
    ap.add_argument("--once", action="store_true", help="one pass, then exit")
    ap.add_argument("--every", type=float, default=2.0, help="seconds between passes")
    args = ap.parse_args(argv)
    run_dir = Path(args.run_dir)
    # Before the slow import: a run that ends while the tracker starts still gets its one pass.
    stop = {"now": False}
    signal.signal(signal.SIGTERM, lambda *_: stop.update(now=True))
    signal.signal(signal.SIGINT, lambda *_: stop.update(now=True))
    try:
        tracker = Tracker(run_dir, Path(args.logdir) if args.logdir else run_dir / "tensorboard")
    except ImportError as e:
        print(f"tracker: TensorBoard is not installed in this Python ({e}): pip install tensorboard into the trainer's venv (tribunal doctor --setup --dev installs it)", file=sys.stderr)
        return 2
    try:
        while True:
            n = tracker.pass_once()
            if n:
                print(json.dumps({"event": "tracker_pass", "rows": n}), flush=True)
            if args.once or stop["now"]:
                return 0
            deadline = time.monotonic() + args.every
            while time.monotonic() < deadline and not stop["now"]:
                time.sleep(0.1)
    finally:
        tracker.close()


if __name__ == "__main__":
    sys.exit(main())
