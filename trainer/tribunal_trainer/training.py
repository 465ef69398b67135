"""ForwardBackward and OptimStep on a LoadedState.

forward_backward scores the batch's completion tokens with gradient, applies
losses.py's per-token loss, and back-propagates sum(loss_t) / normalizer,
accumulating into the parameters' .grad until optim_step. With
prox_from_forward (the first mini-batch of an update, whose pi_prox is the
weights this very pass runs on) pi_prox is the pass's own logprobs, detached,
and the truncated importance weight is folded into A here
(losses.importance_weighted): the separate Logprobs pass is saved. Under FSDP2 each
rank takes a contiguous share of the sequences and every rank runs the same
number of micro-batches (empty ones on a dummy token with zero loss) so the
collectives line up; the local loss is multiplied by world size because the
gradient reduce-scatter averages. Any failure poisons the pending
accumulation: the next optim_step skips it (applied=false).

optim_step clips the global gradient norm, sets the scheduled rate and steps
AdamW; a NaN/Inf norm skips the step (nothing changes) and zeroes the gradient.
"""

from __future__ import annotations

import math

import numpy as np
import torch

from .errors import bad_message
from .losses import cross_entropy_token_loss, importance_weighted, ppo_token_loss
from .packing import SeqBatch, chunks, make_batch, shard_range, unpack_f32
from .state import LoadedState, np_f32

LOSSES = ("ppo", "cross_entropy")


def _finite_param(name: str, v: float, lo: float, hi: float = math.inf, hi_open: bool = False) -> float:
    ok = math.isfinite(v) and v >= lo and (v < hi if hi_open else v <= hi)
    if not ok:
        raise bad_message(f"{name} must be in [{lo}, {hi}{')' if hi_open else ']'}, got {v}")
    return float(v)


def forward_backward(
    st: LoadedState,
    batch: SeqBatch,
    loss: str = "ppo",
    advantages: np.ndarray | bytes | None = None,
    logp_prox: np.ndarray | bytes | None = None,
    logp_ref: np.ndarray | bytes | None = None,
    clip_low: float = 0.2,
    clip_high: float = 0.2,
    kl_beta: float = 0.0,
    normalizer: float = 0.0,
    prox_from_forward: bool = False,
    logp_mu: np.ndarray | bytes | None = None,
    importance_cap: float = 0.0,
) -> dict:
    st.require_train("ForwardBackward")
    try:
        return _forward_backward(st, batch, loss, advantages, logp_prox, logp_ref, clip_low, clip_high, kl_beta, normalizer,
                                 prox_from_forward, logp_mu, importance_cap)
    except BaseException as e:
        st.poisoned = st.poisoned or f"a ForwardBackward failed ({e})"
        raise


def _per_token(v, name: str, n: int) -> np.ndarray:
    if v is None:
        raise bad_message(f"{name} is required")
    if isinstance(v, (bytes, bytearray)):
        return unpack_f32(bytes(v), name, count=n)
    arr = np.asarray(v, dtype=np.float32)
    return unpack_f32(arr.tobytes(), name, count=n)


def _forward_backward(st, batch, loss, advantages, logp_prox, logp_ref, clip_low, clip_high, kl_beta, normalizer,
                      prox_from_forward, logp_mu, importance_cap):
    if loss not in LOSSES:
        raise bad_message(f"loss must be ppo or cross_entropy, got {loss!r}")
    st.check_lengths(batch)
    n = batch.completion_tokens
    arrays = {}
    if loss == "ppo":
        clip_low = _finite_param("ppo.clip_low", clip_low, 0.0, 1.0, hi_open=True)
        clip_high = _finite_param("ppo.clip_high", clip_high, 0.0)
        kl_beta = _finite_param("ppo.kl_beta", kl_beta, 0.0)
        arrays["adv"] = _per_token(advantages, "advantages_f32", n)
        if prox_from_forward:
            importance_cap = _finite_param("importance_cap", importance_cap, 0.0)
            if importance_cap <= 0:
                raise bad_message("importance_cap must be > 0 with prox_from_forward")
            arrays["mu"] = _per_token(logp_mu, "behaviour_logprobs_f32", n)
        else:
            arrays["prox"] = _per_token(logp_prox, "logp_prox_f32", n)
        if kl_beta > 0:
            arrays["ref"] = _per_token(logp_ref, "logp_ref_f32", n)
    if not (math.isfinite(normalizer) and normalizer >= 0):
        raise bad_message(f"normalizer must be a finite number >= 0, got {normalizer}")
    norm = float(normalizer) if normalizer > 0 else float(max(n, 1))
    temperature = st.temperature if loss == "ppo" else 1.0
    d = st.dist
    lo, hi = shard_range(batch.size, d.rank, d.world)
    local = batch.subset(lo, hi)
    offs = batch.completion_offsets()
    t0, t1 = int(offs[lo]), int(offs[hi])
    local_arrays = {k: v[t0:t1] for k, v in arrays.items()}
    # Every rank runs the same number of micro-batches (FSDP collectives line up).
    shares = [b - a for a, b in (shard_range(batch.size, r, d.world) for r in range(d.world))]
    n_chunks = max(len(chunks(s, st.micro_batch)) for s in shares)
    my_chunks = chunks(local.size, st.micro_batch)
    st.policy.train()
    loss_sum = 0.0
    logps = []
    local_offs = local.completion_offsets()
    for i in range(max(n_chunks, 1)):
        if i < len(my_chunks):
            a, b = my_chunks[i]
            mb, c0, c1 = local.subset(a, b), int(local_offs[a]), int(local_offs[b])
            dummy = False
        else:  # this rank has no sequences left: a zero-loss pass on one pad token
            mb, c0, c1, dummy = make_batch([1], [1], [st.pad_id, st.pad_id]), 0, 0, True
        _, t = st.tensors(mb)
        with st.autocast():
            logp = st.policy("score", temperature=temperature, **t)
        if loss == "ppo" and not dummy:
            dev = logp.device
            g = lambda k: torch.as_tensor(local_arrays[k][c0:c1], device=dev)
            if prox_from_forward:
                prox = logp.detach().float()
                adv = importance_weighted(g("adv"), prox, g("mu"), importance_cap)
            else:
                prox, adv = g("prox"), g("adv")
            loss_t = ppo_token_loss(logp, prox, adv, clip_low, clip_high, kl_beta, g("ref") if kl_beta > 0 else None)
        else:
            loss_t = cross_entropy_token_loss(logp)
        part = loss_t.sum() / norm
        if dummy:
            part = part * 0.0
        scaled = part * d.world
        if st.scaler is not None:
            scaled = st.scaler.scale(scaled)
        scaled.backward()
        if not dummy:
            loss_sum += float(part.detach())
            logps.append(np_f32(logp))
    st.pending = True
    mine = np.concatenate(logps) if logps else np.zeros(0, np.float32)
    total = d.all_reduce_sum(loss_sum)
    logp_all = np.concatenate(d.all_gather_objects(mine)) if d.enabled else mine
    return dict(loss=total, logp_new=logp_all, tokens=n)


def optim_step(st: LoadedState, discard: bool = False) -> dict:
    st.require_train("OptimStep")
    opt = st.optimizer
    lr = st.schedule.lr_at(st.step)
    if not st.pending or st.poisoned or discard:
        opt.zero_grad(set_to_none=True)
        norm = math.nan if (st.poisoned or discard) else 0.0
        st.pending, st.poisoned = False, ""
        return dict(applied=False, grad_norm=norm, lr=lr, step=st.step)
    if st.scaler is not None:
        st.scaler.unscale_(opt)
    params = [p for g in opt.param_groups for p in g["params"]]  # the sharded parameters under FSDP2
    max_norm = st.grad_clip if st.grad_clip > 0 else math.inf
    norm = torch.nn.utils.clip_grad_norm_(params, max_norm, error_if_nonfinite=False)
    if hasattr(norm, "full_tensor"):
        norm = norm.full_tensor()
    norm = float(norm)
    applied = math.isfinite(norm)
    if applied:
        for group in opt.param_groups:
            group["lr"] = lr
        if st.scaler is not None:
            st.scaler.step(opt)
        else:
            opt.step()
        st.step += 1
    if st.scaler is not None:
        st.scaler.update()
    opt.zero_grad(set_to_none=True)
    st.pending = False
    return dict(applied=applied, grad_norm=norm, lr=lr, step=st.step)
