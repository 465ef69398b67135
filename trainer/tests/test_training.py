"""ForwardBackward + OptimStep: learning, accumulation, non-finite skips, LoRA, reference policy."""

import numpy as np
import pytest
import torch

from conftest import fixed_batch, load, params_of
from tribunal_trainer.errors import TrainerError


def ppo_args(engine, batch, adv_value=1.0):
    n = batch.completion_tokens
    prox = engine.logprobs(batch)
    return dict(loss="ppo", advantages=np.full(n, adv_value, np.float32), logp_prox=prox, clip_low=0.2, clip_high=0.3)


def test_cross_entropy_steps_reduce_loss(qwen_dir):
    e = load(qwen_dir, train=True, lr=3e-2)
    b = fixed_batch()
    losses = []
    for _ in range(5):
        out = e.forward_backward(b, loss="cross_entropy")
        assert out["tokens"] == b.completion_tokens and out["logp_new"].shape == (b.completion_tokens,)
        step = e.optim_step()
        assert step["applied"] and step["grad_norm"] > 0 and step["lr"] == pytest.approx(3e-2)
        losses.append(out["loss"])
    assert losses[-1] < losses[0] - 0.5
    assert step["step"] == 5 and e.info()["optimizer_step"] == 5


def test_ppo_step_raises_logprobs_of_positive_advantage(qwen_dir):
    e = load(qwen_dir, train=True, lr=1e-2, temperature=0.9)
    b = fixed_batch()
    before = e.logprobs(b)
    out = e.forward_backward(b, **ppo_args(e, b))
    # on-policy: ratio 1, loss = -mean(A) = -1; logp_new equals Logprobs at the loaded temperature
    assert out["loss"] == pytest.approx(-1.0, abs=1e-5)
    assert np.abs(out["logp_new"] - before).max() < 1e-5
    assert e.optim_step()["applied"]
    after = e.logprobs(b)
    assert after.sum() > before.sum()
    out2 = e.forward_backward(b, **dict(ppo_args(e, b), logp_prox=before))
    assert out2["loss"] < -1.0  # the ratio moved up


def test_grad_accumulation_matches_one_call(qwen_dir):
    b = fixed_batch(sizes=((3, 5), (2, 4), (4, 6), (1, 3), (2, 2)))
    n = b.completion_tokens
    rng = np.random.default_rng(0)
    adv = rng.normal(size=n).astype(np.float32)
    whole = load(qwen_dir, train=True, grad_clip=1.0)
    prox = whole.logprobs(b) + rng.normal(scale=0.05, size=n).astype(np.float32)
    r1 = whole.forward_backward(b, loss="ppo", advantages=adv, logp_prox=prox, clip_low=0.2, clip_high=0.3, normalizer=n)
    parts = load(qwen_dir, train=True, grad_clip=1.0, micro_batch_size=1)  # micro-batching inside each call too
    offs = b.completion_offsets()
    total = 0.0
    for lo, hi in [(0, 2), (2, 5)]:
        sl = slice(int(offs[lo]), int(offs[hi]))
        total += parts.forward_backward(b.subset(lo, hi), loss="ppo", advantages=adv[sl], logp_prox=prox[sl], clip_low=0.2, clip_high=0.3, normalizer=n)["loss"]
    assert total == pytest.approx(r1["loss"], abs=1e-6)
    ga = {k: p.grad for k, p in whole.state.policy.named_parameters()}
    gb = {k: p.grad for k, p in parts.state.policy.named_parameters()}
    assert max((ga[k] - gb[k]).abs().max().item() for k in ga) < 1e-6
    s1, s2 = whole.optim_step(), parts.optim_step()
    assert s2["grad_norm"] == pytest.approx(s1["grad_norm"], rel=1e-5)
    # Adam's first step is lr * g / (|g| + eps): where |g| is near eps (1e-8) float noise of 1e-9 in the
    # accumulated gradient moves the update by a few percent of lr, so only weights with a gradient well
    # above eps are held to matching updates; every update stays within Adam's bound of lr.
    pa, pb = params_of(whole), params_of(parts)
    lr = 1e-2
    for k in pa:
        clear = ga[k].abs() > 1e-6
        assert ((pa[k] - pb[k]).abs()[clear].max().item() if clear.any() else 0.0) < lr * 1e-4, k
        assert (pa[k] - pb[k]).abs().max().item() <= 2 * lr, k


def test_nan_advantage_is_rejected_and_step_skipped(qwen_dir):
    e = load(qwen_dir, train=True)
    b = fixed_batch()
    good = ppo_args(e, b)
    e.forward_backward(b, **good)  # a pending good micro-batch
    before = params_of(e)
    bad = dict(good, advantages=np.where(np.arange(b.completion_tokens) == 2, np.nan, 1.0).astype(np.float32))
    with pytest.raises(TrainerError) as err:
        e.forward_backward(b, **bad)
    assert err.value.code == "BAD_MESSAGE" and "NaN" in str(err.value)
    step = e.optim_step()
    assert step["applied"] is False and step["step"] == 0
    after = params_of(e)
    assert all(torch.equal(before[k], after[k]) for k in before)
    # the next mini-batch trains normally
    e.forward_backward(b, **good)
    assert e.optim_step()["applied"]


def test_non_finite_loss_skips_step(qwen_dir):
    e = load(qwen_dir, train=True)
    b = fixed_batch()
    args = ppo_args(e, b, adv_value=-1.0)
    args["logp_prox"] = np.full(b.completion_tokens, -1e30, np.float32)  # ratio overflows to inf
    out = e.forward_backward(b, **args)
    assert not np.isfinite(out["loss"])
    before = params_of(e)
    step = e.optim_step()
    assert step["applied"] is False and not np.isfinite(step["grad_norm"])
    assert all(torch.equal(before[k], v) for k, v in params_of(e).items())
    assert e.state.optimizer.state == {} or all(not s for s in e.state.optimizer.state.values())


def test_no_gradient_means_no_step(qwen_dir):
    e = load(qwen_dir, train=True)
    s = e.optim_step()
    assert s["applied"] is False and s["grad_norm"] == 0.0 and s["step"] == 0


def test_inference_load_refuses_training(qwen_dir):
    e = load(qwen_dir)
    with pytest.raises(TrainerError) as err:
        e.forward_backward(fixed_batch(), loss="cross_entropy")
    assert err.value.status == "FAILED_PRECONDITION" and "inference only" in str(err.value)


def test_lora_trains_adapter_only_and_reference_is_base(qwen_dir):
    e = load(qwen_dir, train=True, lora_rank=4, lora_alpha=8, lr=5e-2)
    info = e.info()
    assert info["lora"] and 0 < info["trainable_parameters"] < info["parameters"]
    b = fixed_batch()
    base = load(qwen_dir).logprobs(b)
    assert np.abs(e.logprobs(b) - base).max() < 1e-5  # B = 0 at init
    frozen = {k: v for k, v in params_of(e).items() if "lora_" not in k}
    for _ in range(2):
        e.forward_backward(b, loss="cross_entropy")
        e.optim_step()
    assert all(torch.equal(v, params_of(e)[k]) for k, v in frozen.items())
    assert np.abs(e.logprobs(b) - base).max() > 1e-3
    assert np.abs(e.logprobs(b, reference=True) - base).max() < 1e-5


def test_full_ft_reference_is_initial_weights(qwen_dir):
    e = load(qwen_dir, train=True, lr=5e-2)
    b = fixed_batch()
    initial = e.logprobs(b)
    e.forward_backward(b, loss="cross_entropy")
    e.optim_step()
    assert np.abs(e.logprobs(b) - initial).max() > 1e-3
    assert np.abs(e.logprobs(b, reference=True) - initial).max() < 1e-6


def test_kl_term_needs_ref_and_is_zero_on_policy(qwen_dir):
    e = load(qwen_dir, train=True)
    b = fixed_batch()
    args = dict(ppo_args(e, b, adv_value=0.0), kl_beta=0.1)
    with pytest.raises(TrainerError, match="logp_ref_f32"):
        e.forward_backward(b, **args)
    out = e.forward_backward(b, **dict(args, logp_ref=args["logp_prox"]))
    assert abs(out["loss"]) < 1e-6


def test_schedule_lr_in_steps(qwen_dir):
    e = load(qwen_dir, train=True, lr=1e-2, warmup_steps=2, schedule="linear", total_steps=4)
    b = fixed_batch()
    lrs = []
    for _ in range(4):
        e.forward_backward(b, loss="cross_entropy")
        lrs.append(e.optim_step()["lr"])
    assert lrs == pytest.approx([5e-3, 1e-2, 1e-2, 5e-3])


def test_gradient_checkpointing_same_gradient(qwen_dir):
    b = fixed_batch()
    grads = []
    for ckpt in (False, True):
        e = load(qwen_dir, train=True, gradient_checkpointing=ckpt)
        e.forward_backward(b, loss="cross_entropy")
        grads.append({k: p.grad.clone() for k, p in e.state.policy.named_parameters()})
    assert max((grads[0][k] - grads[1][k]).abs().max().item() for k in grads[0]) < 1e-6


@pytest.mark.parametrize("dtype", ["bfloat16", "float16"])
def test_low_precision_compute_keeps_fp32_master_weights(qwen_dir, dtype):
    e = load(qwen_dir, train=True, dtype=dtype)
    assert e.info()["dtype"] == dtype
    b = fixed_batch()
    ref = load(qwen_dir).logprobs(b)
    lp = e.logprobs(b)
    assert np.abs(lp - ref).max() < 0.3 and np.abs(lp - ref).max() > 0  # autocast really ran
    e.forward_backward(b, loss="cross_entropy")
    assert e.optim_step()["applied"]
    assert all(p.dtype == torch.float32 for p in e.state.policy.parameters())
    assert all(v.dtype == torch.float32 for s in e.state.optimizer.state.values() for v in s.values() if torch.is_tensor(v) and v.dim())


def test_discard_drops_the_accumulated_gradient(qwen_dir):
    e = load(qwen_dir, train=True)
    b = fixed_batch()
    e.forward_backward(b, **ppo_args(e, b))
    before = params_of(e)
    step = e.optim_step(discard=True)
    assert step["applied"] is False and step["step"] == 0
    assert all(torch.equal(before[k], v) for k, v in params_of(e).items())
    # nothing is left pending: the next call trains from a clean gradient
    e.forward_backward(b, **ppo_args(e, b))
    assert e.optim_step()["applied"]
