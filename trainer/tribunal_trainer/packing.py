"""Packed little-endian arrays and token batches: bytes <-> numpy <-> padded tensors.

The proto carries every numeric array as `bytes` (*_i32: int32, *_f32: float32,
little-endian, concatenated over sequences). This module decodes and validates
them (lengths, ranges, finiteness) into numpy, packs numpy back into bytes, and
lays a batch of sequences out as a right-padded [B, L] tensor with the flat
positions whose logits score each completion token. It computes nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .errors import bad_message

_I32 = np.dtype("<i4")
_F32 = np.dtype("<f4")


def unpack_i32(data: bytes, name: str) -> np.ndarray:
    if len(data) % 4:
        raise bad_message(f"{name}: {len(data)} bytes is not a whole number of int32 values")
    return np.frombuffer(data, dtype=_I32).astype(np.int64)


def unpack_f32(data: bytes, name: str, count: int | None = None, finite: bool = True) -> np.ndarray:
    if len(data) % 4:
        raise bad_message(f"{name}: {len(data)} bytes is not a whole number of float32 values")
    arr = np.frombuffer(data, dtype=_F32).astype(np.float32)
    if count is not None and arr.size != count:
        raise bad_message(f"{name}: {arr.size} values, expected {count} (one per completion token)")
    if finite and arr.size and not np.isfinite(arr).all():
        bad = int(np.flatnonzero(~np.isfinite(arr))[0])
        raise bad_message(f"{name}: value {bad} is {arr[bad]} (NaN/Inf not allowed)")
    return arr


def pack_i32(values) -> bytes:
    return np.ascontiguousarray(np.asarray(values), dtype=_I32).tobytes()


def pack_f32(values) -> bytes:
    if hasattr(values, "detach"):  # torch tensor
        values = values.detach().float().cpu().numpy()
    return np.ascontiguousarray(np.asarray(values), dtype=_F32).tobytes()


@dataclass(frozen=True)
class SeqBatch:
    """S sequences (prompt then completion tokens), flat int64 tokens."""

    prompt_lens: np.ndarray
    completion_lens: np.ndarray
    tokens: np.ndarray

    @property
    def size(self) -> int:
        return int(self.prompt_lens.size)

    @property
    def lengths(self) -> np.ndarray:
        return self.prompt_lens + self.completion_lens

    @property
    def starts(self) -> np.ndarray:
        return np.concatenate([[0], np.cumsum(self.lengths)[:-1]]).astype(np.int64)

    @property
    def completion_tokens(self) -> int:
        return int(self.completion_lens.sum())

    def seq(self, i: int) -> np.ndarray:
        s = int(self.starts[i])
        return self.tokens[s : s + int(self.lengths[i])]

    def completion_offsets(self) -> np.ndarray:
        """Start of each sequence's completion values in the flat per-token arrays; S+1 entries."""
        return np.concatenate([[0], np.cumsum(self.completion_lens)]).astype(np.int64)

    def subset(self, lo: int, hi: int) -> "SeqBatch":
        """Sequences lo..hi-1 (contiguous)."""
        starts = self.starts
        t0 = int(starts[lo]) if lo < self.size else int(self.tokens.size)
        t1 = int(starts[hi - 1] + self.lengths[hi - 1]) if hi > lo else t0
        return SeqBatch(self.prompt_lens[lo:hi], self.completion_lens[lo:hi], self.tokens[t0:t1])


def make_batch(prompt_lens, completion_lens, tokens) -> SeqBatch:
    return SeqBatch(
        np.asarray(prompt_lens, dtype=np.int64),
        np.asarray(completion_lens, dtype=np.int64),
        np.asarray(tokens, dtype=np.int64),
    )


def decode_batch(
    prompt_lengths: bytes,
    completion_lengths: bytes,
    tokens: bytes,
    vocab_size: int,
    name: str = "batch",
    prompts_only: bool = False,
) -> SeqBatch:
    """Validate and decode a TokenBatch. prompts_only: completion lengths may be absent (all 0)."""
    p = unpack_i32(prompt_lengths, f"{name}.prompt_lengths_i32")
    c = unpack_i32(completion_lengths, f"{name}.completion_lengths_i32")
    t = unpack_i32(tokens, f"{name}.tokens_i32")
    if prompts_only and c.size == 0:
        c = np.zeros_like(p)
    if c.size != p.size:
        raise bad_message(f"{name}: {p.size} prompt lengths but {c.size} completion lengths")
    if (p < 0).any() or (c < 0).any():
        raise bad_message(f"{name}: negative length")
    if prompts_only and (c != 0).any():
        raise bad_message(f"{name}: prompt batch has completion tokens")
    total = int(p.sum() + c.sum())
    if total != t.size:
        raise bad_message(f"{name}: lengths sum to {total} tokens but tokens_i32 has {t.size}")
    if ((p == 0) & (c > 0)).any():
        i = int(np.flatnonzero((p == 0) & (c > 0))[0])
        raise bad_message(f"{name}: sequence {i} has completion tokens but an empty prompt (nothing predicts its first token)")
    check_token_ids(t, vocab_size, f"{name}.tokens_i32")
    return SeqBatch(p, c, t)


def check_token_ids(t: np.ndarray, vocab_size: int, name: str) -> None:
    if t.size and (t.min() < 0 or t.max() >= vocab_size):
        bad = int(t[(t < 0) | (t >= vocab_size)][0])
        raise bad_message(f"{name}: token id {bad} outside the vocabulary [0, {vocab_size})")


def decode_ragged(lengths: bytes, tokens: bytes, name: str) -> list[np.ndarray]:
    """lengths_i32 + tokens_i32 -> one int64 array per row."""
    n = unpack_i32(lengths, f"{name}.lengths_i32")
    t = unpack_i32(tokens, f"{name}.tokens_i32")
    if (n < 0).any():
        raise bad_message(f"{name}: negative length")
    if int(n.sum()) != t.size:
        raise bad_message(f"{name}: lengths sum to {int(n.sum())} tokens but tokens_i32 has {t.size}")
    offs = np.concatenate([[0], np.cumsum(n)]).astype(np.int64)
    return [t[offs[i] : offs[i + 1]] for i in range(n.size)]


@dataclass
class Padded:
    """A right-padded batch and where its completion tokens are scored."""

    input_ids: np.ndarray  # [B, L] int64
    attention_mask: np.ndarray  # [B, L] int64
    score_positions: np.ndarray  # [N] flat index b*L + pos of the logits predicting each completion token
    targets: np.ndarray  # [N] the completion tokens


def pad_batch(batch: SeqBatch, pad_id: int) -> Padded:
    b = batch.size
    lengths = batch.lengths
    width = max(int(lengths.max()) if b else 0, 1)
    ids = np.full((b, width), pad_id, dtype=np.int64)
    mask = np.zeros((b, width), dtype=np.int64)
    positions, targets = [], []
    for i in range(b):
        seq = batch.seq(i)
        ids[i, : seq.size] = seq
        mask[i, : seq.size] = 1
        p, c = int(batch.prompt_lens[i]), int(batch.completion_lens[i])
        if c:
            positions.append(i * width + np.arange(p - 1, p + c - 1))
            targets.append(seq[p:])
    cat = lambda xs: np.concatenate(xs).astype(np.int64) if xs else np.zeros(0, dtype=np.int64)
    return Padded(ids, mask, cat(positions), cat(targets))


def chunks(n: int, size: int) -> list[tuple[int, int]]:
    """[lo, hi) ranges of at most `size` (0: everything at once) covering range(n)."""
    if n == 0:
        return []
    if size <= 0 or size >= n:
        return [(0, n)]
    return [(lo, min(lo + size, n)) for lo in range(0, n, size)]


def shard_range(n: int, rank: int, world: int) -> tuple[int, int]:
    """Contiguous share [lo, hi) of n items for `rank` of `world` (first ranks take the remainder)."""
    base, extra = divmod(n, world)
    lo = rank * base + min(rank, extra)
    return lo, lo + base + (1 if rank < extra else 0)
