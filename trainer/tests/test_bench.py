"""Smoke runs of the bench scripts on the tiny model (CPU), so they do not rot."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.subprocess
ROOT = Path(__file__).resolve().parents[1]
ENV = dict(os.environ, PYTHONPATH=str(ROOT), TOKENIZERS_PARALLELISM="false")


def run(*args):
    out = subprocess.run([sys.executable, *args], capture_output=True, text=True, env=ENV, timeout=180)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_step_inprocess(tmp_path):
    rep = run(str(ROOT / "bench" / "step_inprocess.py"), "--seqs", "4", "--prompt-tokens", "4", "--completion-tokens", "4", "--repeats", "1", "--dump-batch", str(tmp_path / "b.json"))
    assert rep["step_ms"] > 0 and rep["tokens_per_s"] > 0
    batch = json.loads((tmp_path / "b.json").read_text())
    assert len(batch["tokens"]) == 32 and len(batch["advantages"]) == 16


def test_gpu_check_tiny():
    rep = run(str(ROOT / "bench" / "gpu_check.py"), "--tiny", "--device", "cpu", "--steps", "1")
    step = rep["steps"][0]
    assert step["applied"] and step["generated_tokens"] > 0 and step["on_policy_ratio_max_dev"] < 1e-4
    assert rep["export_full_bytes"] > 0 and rep["export_lora_bytes"] > 0
