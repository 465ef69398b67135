"""The torch PPO loss reproduces the TypeScript reference vectors (src/rl/loss.ts)."""

import json
import math
from pathlib import Path

import pytest
import torch

from tribunal_trainer.losses import ppo_clipped, ppo_token_loss

VECTORS = Path(__file__).resolve().parents[2] / "test" / "fixtures" / "ppo-loss-vectors.json"
CASES = json.loads(VECTORS.read_text())["cases"]


def _flat(case, dtype):
    new, prox, adv, ref = [], [], [], []
    for s in case["sequences"]:
        for t in range(len(s["logpNewT"])):
            w = min(math.exp(s["logpProxT"][t] - s["logpMuT"][t]), case["importanceCap"])
            new.append(s["logpNewT"][t])
            prox.append(s["logpProxT"][t])
            adv.append(w * s["advantage"])
            ref.append(s["logpRefT"][t] if "logpRefT" in s else 0.0)
    t = lambda xs: torch.tensor(xs, dtype=dtype)
    return t(new).requires_grad_(True), t(prox), t(adv), t(ref)


@pytest.mark.parametrize("dtype,tol", [(torch.float64, 1e-9), (torch.float32, 1e-6)])
@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_vector(case, dtype, tol):
    new, prox, adv, ref = _flat(case, dtype)
    loss_t = ppo_token_loss(new, prox, adv, case["clipLow"], case["clipHigh"], case["klBeta"], ref)
    loss = loss_t.sum() / case["expected"]["tokens"]
    assert new.numel() == case["expected"]["tokens"]
    assert abs(loss.item() - case["expected"]["loss"]) < tol * max(1.0, abs(case["expected"]["loss"]))
    clip = ppo_clipped(new, prox, adv, case["clipLow"], case["clipHigh"]).double().mean().item()
    assert abs(clip - case["expected"]["clipFraction"]) < 1e-9
    loss.backward()
    assert torch.isfinite(new.grad).all()


def test_zero_advantage_with_overflowing_ratio_is_zero_with_finite_grad():
    new = torch.tensor([0.0, 0.0], requires_grad=True)
    prox = torch.tensor([-1e30, -1.0])
    adv = torch.tensor([0.0, 1.0])
    loss = ppo_token_loss(new, prox, adv, 0.2, 0.3)
    assert loss[0].item() == 0.0
    loss.sum().backward()
    assert torch.isfinite(new.grad).all() and new.grad[0].item() == 0.0
