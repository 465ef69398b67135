"""Sample: batched, seeded generation with a KV cache, recording exact logprobs.

Our own loop (not model.generate) so the logprob recorded for each sampled
token is log p(token) under the distribution it was actually drawn from:
softmax(logits / T), restricted to the top-k, then to the top-p nucleus, and
renormalised (vLLM's processed logprobs). With top-k / top-p off this is
exactly what Logprobs(temperature T) computes for the same token.
temperature 0 is greedy; its logprob is that of the unscaled (T = 1) full
distribution. Prompts are left-padded (explicit position ids); the n
completions of a prompt are consecutive rows. A torch.Generator seeded with
the request's seed drives the draws, or one per prompt seeded with its own
seed (`seeds`): then a prompt's completions do not depend on which others
share its batch, and the same seeds, prompts and weights reproduce them.
`policy` is what draws them: the live weights, or the sampling snapshot. A row stops at an EOS token (kept in tokens
and logprobs) or when its decoded text contains a stop string (kept);
`finished` is false when it ran into max_new_tokens or the model's positions.
Under FSDP every rank runs the loop; rank 0's tokens are broadcast each step.
"""

from __future__ import annotations

import numpy as np
import torch

from .errors import bad_config, bad_message
from .packing import check_token_ids
from .state import LoadedState


def encode(st: LoadedState, text: str, chat_template: bool, add_special_tokens: bool = True) -> list[int]:
    tok = st.tokenizer
    if chat_template:
        if not getattr(tok, "chat_template", None):
            raise bad_config(f"chat_template requested but the tokenizer of {st.md.base_model} has no chat template")
        ids = tok.apply_chat_template([{"role": "user", "content": text}], add_generation_prompt=True, tokenize=True, return_dict=False)
        if isinstance(ids, dict) or hasattr(ids, "input_ids"):
            ids = ids["input_ids"]
        return [int(i) for i in ids]
    return [int(i) for i in tok(text, add_special_tokens=add_special_tokens)["input_ids"]]


def choose(logits: torch.Tensor, temperature: float, top_k: int, top_p: float, gens: list[tuple[int, int, torch.Generator]]) -> tuple[torch.Tensor, torch.Tensor]:
    """Next tokens [B] and their logprobs under the processed sampling distribution; rows lo:hi draw from their generator."""
    logits = logits.float()
    if temperature == 0:
        logp = torch.log_softmax(logits, dim=-1)
        tok = logits.argmax(dim=-1)
        return tok, logp.gather(-1, tok[:, None]).squeeze(-1)
    x = logits / temperature
    vocab = x.shape[-1]
    if 0 < top_k < vocab:
        kth = torch.topk(x, top_k, dim=-1).values[:, -1:]
        x = x.masked_fill(x < kth, float("-inf"))
    if 0 < top_p < 1:
        sorted_x, order = torch.sort(x, dim=-1, descending=True)
        probs = torch.softmax(sorted_x, dim=-1)
        before = torch.cumsum(probs, dim=-1) - probs  # mass strictly above each token
        drop_sorted = before >= top_p
        drop_sorted[:, 0] = False
        drop = torch.zeros_like(drop_sorted).scatter(-1, order, drop_sorted)
        x = x.masked_fill(drop, float("-inf"))
    logp = torch.log_softmax(x, dim=-1)
    probs = logp.exp()
    if len(gens) == 1:
        tok = torch.multinomial(probs, 1, generator=gens[0][2]).squeeze(-1)
    else:
        tok = torch.cat([torch.multinomial(probs[lo:hi], 1, generator=g) for lo, hi, g in gens]).squeeze(-1)
    return tok, logp.gather(-1, tok[:, None]).squeeze(-1)


def sample(
    st: LoadedState,
    prompts: list[np.ndarray] | None = None,
    texts: list[str] | None = None,
    chat_template: bool = False,
    n: int = 1,
    max_new_tokens: int = 16,
    temperature: float = 1.0,
    top_p: float = 0.0,
    top_k: int = 0,
    seed: int = 0,
    stop: list[str] | None = None,
    seeds: list[int] | None = None,
    policy=None,
) -> list[dict]:
    """-> per prompt {"prompt_tokens": ndarray, "completions": [{"tokens", "logprobs", "text", "finished"}]}."""
    if texts and prompts:
        raise bad_message("Sample: give prompts as text or as prompt_tokens, not both")
    if texts:
        prompts = [np.asarray(encode(st, t, chat_template), dtype=np.int64) for t in texts]
    elif chat_template and prompts:
        raise bad_message("Sample: chat_template applies to text prompts only")
    prompts = list(prompts or [])
    n = n or 1
    if max_new_tokens <= 0:
        raise bad_message("Sample: max_new_tokens must be > 0")
    if not (np.isfinite(temperature) and temperature >= 0) or not (np.isfinite(top_p) and 0 <= top_p <= 1):
        raise bad_message(f"Sample: temperature must be >= 0 and top_p in [0, 1], got {temperature}, {top_p}")
    for i, p in enumerate(prompts):
        if p.size == 0:
            raise bad_message(f"Sample: prompt {i} is empty")
        check_token_ids(p, st.vocab_rows, f"prompt {i}")
    if seeds and len(seeds) != len(prompts):
        raise bad_message(f"Sample: {len(seeds)} seeds for {len(prompts)} prompts (one per prompt, or none)")
    if not prompts:
        return []
    width = max(p.size for p in prompts)
    room = st.max_positions - width if st.max_positions else max_new_tokens
    if room <= 0:
        raise bad_message(f"Sample: a prompt of {width} tokens leaves no room in the model's {st.max_positions} positions")
    steps = min(max_new_tokens, room)
    rows = [p for p in prompts for _ in range(n)]
    try:
        streams = [(i * n, (i + 1) * n, s) for i, s in enumerate(seeds)] if seeds else [(0, len(rows), seed)]
        out_tokens, out_logps, finished = _generate(st, policy or st.policy, rows, width, steps, temperature, top_k, top_p, streams, stop or [])
    finally:
        st.after_inference()
    result = []
    for i, p in enumerate(prompts):
        comps = []
        for j in range(n):
            r = i * n + j
            toks = np.asarray(out_tokens[r], dtype=np.int64)
            comps.append(dict(
                tokens=toks,
                logprobs=np.asarray(out_logps[r], dtype=np.float32),
                text=st.tokenizer.decode(toks.tolist(), skip_special_tokens=True),
                finished=finished[r],
            ))
        result.append(dict(prompt_tokens=p, completions=comps))
    return result


@torch.no_grad()
def _generate(st, policy, rows, width, steps, temperature, top_k, top_p, streams, stop):
    from transformers import DynamicCache

    dev, b = st.device, len(rows)
    ids = torch.full((b, width), st.pad_id, dtype=torch.long)
    mask = torch.zeros((b, width), dtype=torch.long)
    for r, p in enumerate(rows):
        ids[r, width - p.size :] = torch.as_tensor(p)
        mask[r, width - p.size :] = 1
    ids, mask = ids.to(dev), mask.to(dev)
    pos = (mask.cumsum(-1) - 1).clamp(min=0)
    gens = []
    for lo, hi, s in streams:
        gen = torch.Generator(device=dev)
        gen.manual_seed(int(s) % (1 << 63))
        gens.append((lo, hi, gen))
    eos = torch.as_tensor(list(st.eos_ids) or [-1], device=dev)
    window = 4 * max((len(s) for s in stop), default=0) + 4
    tokens = [[] for _ in range(b)]
    logps = [[] for _ in range(b)]
    done = [False] * b
    finished = [False] * b
    policy.eval()
    cache = DynamicCache(config=st.md.config)
    with st.autocast():
        logits, cache = policy("step", input_ids=ids, attention_mask=mask, position_ids=pos, past_key_values=cache)
    next_pos = pos[:, -1:] + 1
    for i in range(steps):
        tok, lp = choose(logits, temperature, top_k, top_p, gens)
        if st.dist.enabled:
            st.dist.broadcast_(tok)
            st.dist.broadcast_(lp)
        is_eos = torch.isin(tok, eos).tolist()
        tok_l, lp_l = tok.tolist(), lp.tolist()
        for r in range(b):
            if done[r]:
                continue
            tokens[r].append(tok_l[r])
            logps[r].append(lp_l[r])
            if is_eos[r]:
                done[r] = finished[r] = True
            elif stop:
                tail = st.tokenizer.decode(tokens[r][-window:], skip_special_tokens=True)
                if any(s and s in tail for s in stop):
                    done[r] = finished[r] = True
        if all(done) or i == steps - 1:  # the last token's logits would never be read
            break
        feed = torch.where(torch.as_tensor(done, device=dev), torch.full_like(tok, st.pad_id), tok)
        mask = torch.cat([mask, torch.ones((b, 1), dtype=mask.dtype, device=dev)], dim=1)
        with st.autocast():
            logits, cache = policy("step", input_ids=feed[:, None], attention_mask=mask, position_ids=next_pos, past_key_values=cache)
        next_pos = next_pos + 1
    return tokens, logps, finished
