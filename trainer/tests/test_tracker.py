"""The TensorBoard tracker: each metrics row, eval round and event, read back from the event files; a restart and a rollback write no step twice."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("tensorboard")
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator  # noqa: E402

from tribunal_trainer.tracker import Tracker, flatten, main  # noqa: E402


def rows(path, items):
    with path.open("a") as f:
        for r in items:
            f.write(json.dumps(r) + "\n")


def read(logdir):
    acc = EventAccumulator(str(logdir), size_guidance={"scalars": 0, "tensors": 0})
    acc.Reload()
    return acc


def scalar(acc, tag):
    return [(e.step, round(e.value, 6)) for e in acc.Scalars(tag)]


def test_metrics_evals_events_and_config_land_in_tensorboard(tmp_path):
    (tmp_path / "config.json").write_text(json.dumps({"run": {"id": "r"}, "rl": {"lr": 0.001}}))
    rows(tmp_path / "metrics.jsonl", [
        {"t": 1, "step": s, "version": s, "rewardMean": s / 2, "loss": -0.1 * s, "signals": {"rewardStd": 0.5}, "timeline": {"atMs": 9, "waitMs": 3.0, "groups": [{}]}, "note": "x"}
        for s in (1, 2, 3)
    ])
    rows(tmp_path / "evals.jsonl", [{"t": 1, "step": 0, "version": 0, "gold": 4.0, "proxy": 5.0, "kl": 0, "samples": []}, {"t": 2, "step": 2, "version": 2, "gold": 3.0, "proxy": 7.5, "kl": 0.2}])
    rows(tmp_path / "events.jsonl", [{"t": 3, "type": "hacking", "step": 2, "gold": 3.0}])
    assert main(["--run-dir", str(tmp_path), "--once"]) == 0
    acc = read(tmp_path / "tensorboard")
    assert scalar(acc, "train/rewardMean") == [(1, 0.5), (2, 1.0), (3, 1.5)]
    assert scalar(acc, "train/signals/rewardStd") == [(1, 0.5), (2, 0.5), (3, 0.5)]
    assert scalar(acc, "train/timeline/waitMs")[0] == (1, 3.0)
    assert scalar(acc, "eval/gold") == [(0, 4.0), (2, 3.0)]
    assert scalar(acc, "eval/gap") == [(0, 1.0), (2, 4.5)]
    assert scalar(acc, "events/hacking") == [(2, 1.0)]
    texts = acc.Tags()["tensors"]
    assert any(t.startswith("config") for t in texts) and any(t.startswith("events/hacking") for t in texts)


def test_a_restart_goes_on_and_a_rollback_writes_no_step_twice(tmp_path):
    metrics = tmp_path / "metrics.jsonl"
    rows(metrics, [{"step": s, "loss": float(s)} for s in (1, 2)])
    metrics.write_text(metrics.read_text() + '{"step": 3, "lo')  # a line still being written
    t = Tracker(tmp_path, tmp_path / "tb")
    assert t.pass_once() == 2
    t.close()
    # Restarted: the torn line is finished now; nothing before it is written again.
    metrics.write_text(metrics.read_text() + 'ss": 3.0}\n')
    t = Tracker(tmp_path, tmp_path / "tb")
    assert t.pass_once() == 1
    # A restore rolled the file back to its checkpoint at step 2: step 3 of the undone branch is purged,
    # and the new branch's steps 3 and 4 are written.
    metrics.write_text("")
    rows(metrics, [{"step": s, "loss": float(s)} for s in (1, 2)])
    assert t.pass_once() == 0
    rows(metrics, [{"step": s, "loss": 10.0 + s} for s in (3, 4)])
    assert t.pass_once() == 2
    t.close()
    assert scalar(read(tmp_path / "tb"), "train/loss") == [(1, 1.0), (2, 2.0), (3, 13.0), (4, 14.0)]


def test_flatten_keeps_finite_numbers_only():
    assert flatten({"step": 1, "a": 1, "b": float("nan"), "c": "x", "d": [1], "e": {"f": True, "g": float("inf")}}) == {"a": 1.0, "e/f": 1.0}
