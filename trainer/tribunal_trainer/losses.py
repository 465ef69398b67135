"""Token-level losses as pure tensor functions (no model, no I/O).

The decoupled-PPO surrogate here is the torch twin of src/rl/loss.ts; the
caller (the TypeScript learner) has already folded the truncated importance
weight into the per-token advantage A_t = w_t * A. Per completion token:

    r_t    = exp(logp_new_t - logp_prox_t)
    surr_t = min(r_t * A_t, clamp(r_t, 1 - clip_low, 1 + clip_high) * A_t)   (0 when A_t == 0)
    k3_t   = exp(logp_ref_t - logp_new_t) - (logp_ref_t - logp_new_t) - 1
    loss_t = -surr_t + kl_beta * k3_t                                         (k3 only when kl_beta > 0)

Only logp_new carries gradient. Summing and normalising belong to the caller.
importance_weighted is the weight the caller folds in, for the one case the
service does it itself (pi_prox taken from the update's own first forward pass):
A_t = A * min(exp(logp_prox_t - logp_mu_t), c), 0 where A == 0 (src/rl/loss.ts).
"""

from __future__ import annotations

import torch


def ppo_token_loss(
    logp_new: torch.Tensor,
    logp_prox: torch.Tensor,
    advantages: torch.Tensor,
    clip_low: float,
    clip_high: float,
    kl_beta: float = 0.0,
    logp_ref: torch.Tensor | None = None,
) -> torch.Tensor:
    """Per-token decoupled-PPO loss (same shape as logp_new)."""
    logp_prox = logp_prox.detach()
    advantages = advantages.detach()
    zero_adv = advantages == 0
    # Where A_t == 0 the surrogate is 0; zeroing the log-ratio there keeps an
    # overflowing ratio from turning 0 * inf into NaN, forward and backward.
    log_ratio = torch.where(zero_adv, torch.zeros_like(logp_new), logp_new - logp_prox)
    ratio = torch.exp(log_ratio)
    unclipped = ratio * advantages
    clipped = torch.clamp(ratio, 1.0 - clip_low, 1.0 + clip_high) * advantages
    surrogate = torch.where(zero_adv, torch.zeros_like(unclipped), torch.minimum(unclipped, clipped))
    loss = -surrogate
    if kl_beta > 0:
        if logp_ref is None:
            raise ValueError("kl_beta > 0 needs logp_ref")
        d = logp_ref.detach() - logp_new
        loss = loss + kl_beta * (torch.exp(d) - d - 1.0)
    return loss


def importance_weighted(advantages: torch.Tensor, logp_prox: torch.Tensor, logp_mu: torch.Tensor, cap: float) -> torch.Tensor:
    """Per-token A * min(pi_prox / mu, cap), a constant of the loss (0 where A == 0, whatever the weight)."""
    with torch.no_grad():
        w = torch.clamp(torch.exp(logp_prox - logp_mu), max=cap)
        return torch.where(advantages == 0, torch.zeros_like(advantages), advantages * w)


def ppo_clipped(logp_new: torch.Tensor, logp_prox: torch.Tensor, advantages: torch.Tensor, clip_low: float, clip_high: float) -> torch.Tensor:
    """Tokens where the clipped branch is strictly smaller (verl's pg_clipfrac), as a bool mask."""
    with torch.no_grad():
        zero_adv = advantages == 0
        ratio = torch.exp(torch.where(zero_adv, torch.zeros_like(logp_new), logp_new - logp_prox))
        clipped = torch.clamp(ratio, 1.0 - clip_low, 1.0 + clip_high) * advantages
        return (~zero_adv) & (clipped < ratio * advantages)


def cross_entropy_token_loss(logp_new: torch.Tensor) -> torch.Tensor:
    """Per-token negative log-likelihood."""
    return -logp_new
