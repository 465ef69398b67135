"""The policy module: one nn.Module entry point around a Hugging Face causal LM.

Every forward of the service goes through Policy.forward, so that under FSDP2
the root module's hooks (all-gather of embeddings, final norm, lm_head) fire.
It computes, never decides:

- "score": per-token logprobs log softmax(logits / T)[target] at chosen flat
  positions of a [B, L] batch, running lm_head only on those positions, in
  chunks (checkpointed when grad is on) so that [N, vocab] logits of a whole
  batch never live at once;
- "step": the model's own forward with a KV cache, last-position logits only
  (sampling.py drives it);
- "logits": full-vocabulary fp32 logits at chosen positions (no grad).

The transforms some architectures apply after lm_head (Gemma's soft-capping,
Cohere's logit_scale, Granite's logits_scaling) are reproduced, and
check_against_model verifies on a short input that the "score" path equals the
model's own forward, so an unknown post-processing is caught at Load.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.checkpoint import checkpoint

_LOGIT_BUDGET = 1 << 27  # elements of fp32 logits per chunk (512 MiB)


class Policy(nn.Module):
    def __init__(self, lm: nn.Module):
        super().__init__()
        self.lm = lm  # PreTrainedModel or peft PeftModel

    # -- structure -------------------------------------------------------
    @property
    def hf(self):
        """The Hugging Face CausalLM (inside peft's wrappers when LoRA is on)."""
        lm = self.lm
        if hasattr(lm, "get_base_model"):
            lm = lm.get_base_model()
        return lm

    def _transform(self, logits: torch.Tensor) -> torch.Tensor:
        cfg = self.hf.config
        scale = getattr(cfg, "logit_scale", None)
        if isinstance(scale, (int, float)) and scale not in (0, 1):
            logits = logits * scale
        scaling = getattr(cfg, "logits_scaling", None)
        if isinstance(scaling, (int, float)) and scaling not in (0, 1):
            logits = logits / scaling
        cap = getattr(cfg, "final_logit_softcapping", None)
        if cap:
            logits = torch.tanh(logits / cap) * cap
        return logits

    def _hidden(self, input_ids, attention_mask):
        decoder = self.hf.get_decoder()
        return decoder(input_ids=input_ids, attention_mask=attention_mask, use_cache=False).last_hidden_state

    # -- entry point -----------------------------------------------------
    def forward(self, mode: str, **kw):
        if mode == "score":
            return self._score(**kw)
        if mode == "step":
            return self._step(**kw)
        if mode == "logits":
            return self._logits_at(**kw)
        raise ValueError(mode)

    def _score(self, input_ids, attention_mask, positions, targets, temperature: float):
        hidden = self._hidden(input_ids, attention_mask)
        h = hidden.reshape(-1, hidden.shape[-1]).index_select(0, positions)
        head = self.hf.get_output_embeddings()
        vocab = head.weight.shape[0]
        rows = max(64, _LOGIT_BUDGET // max(vocab, 1))
        out = []
        for lo in range(0, h.shape[0], rows):
            hc, tc = h[lo : lo + rows], targets[lo : lo + rows]
            if torch.is_grad_enabled() and hc.requires_grad:
                out.append(checkpoint(self._chunk_logprobs, hc, tc, temperature, use_reentrant=False))
            else:
                out.append(self._chunk_logprobs(hc, tc, temperature))
        if not out:
            return h.new_zeros(0, dtype=torch.float32) + h.sum().float() * 0  # keeps the graph
        return torch.cat(out)

    def _chunk_logprobs(self, h, targets, temperature: float):
        logits = self._transform(self.hf.get_output_embeddings()(h)).float()
        if temperature != 1.0:
            logits = logits / temperature
        return logits.gather(-1, targets[:, None]).squeeze(-1) - torch.logsumexp(logits, dim=-1)

    def _logits_at(self, input_ids, attention_mask, positions):
        hidden = self._hidden(input_ids, attention_mask)
        h = hidden.reshape(-1, hidden.shape[-1]).index_select(0, positions)
        return self._transform(self.hf.get_output_embeddings()(h)).float()

    def _step(self, input_ids, attention_mask, position_ids, past_key_values):
        out = self.lm(
            input_ids=input_ids,
            attention_mask=attention_mask,
            position_ids=position_ids,
            past_key_values=past_key_values,
            use_cache=True,
            logits_to_keep=1,
        )
        return out.logits[:, -1, :].float(), out.past_key_values


@torch.no_grad()
def check_against_model(policy: Policy, device, vocab: int) -> float:
    """Max |score-path logprob - model-forward logprob| on a short input; run before FSDP wrapping."""
    g = torch.Generator().manual_seed(0)
    ids = torch.randint(0, vocab, (1, 8), generator=g).to(device)
    mask = torch.ones_like(ids)
    was_training = policy.training
    policy.eval()
    try:
        ref = F.log_softmax(policy.lm(input_ids=ids, attention_mask=mask).logits.float(), dim=-1)[0, :-1]
        want = ref.gather(-1, ids[0, 1:, None]).squeeze(-1)
        got = policy("score", input_ids=ids, attention_mask=mask, positions=torch.arange(7, device=device), targets=ids[0, 1:], temperature=1.0)
    finally:
        policy.train(was_training)
    return float((got - want).abs().max())
