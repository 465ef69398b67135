import numpy as np
import pytest

from tribunal_trainer.errors import TrainerError
from tribunal_trainer.packing import (
    chunks, decode_batch, decode_ragged, make_batch, pack_f32, pack_i32, pad_batch, shard_range, unpack_f32, unpack_i32,
)


def test_i32_f32_round_trip_little_endian():
    assert pack_i32([1, -2, 300]) == b"\x01\x00\x00\x00\xfe\xff\xff\xff\x2c\x01\x00\x00"
    assert unpack_i32(pack_i32([1, -2, 300]), "x").tolist() == [1, -2, 300]
    vals = np.array([0.5, -1.25, 3e-8], np.float32)
    assert np.array_equal(unpack_f32(pack_f32(vals), "x"), vals)
    assert pack_f32([1.0]) == b"\x00\x00\x80\x3f"


def test_bad_byte_counts_and_nan():
    with pytest.raises(TrainerError, match="whole number of int32"):
        unpack_i32(b"\x00\x00\x00", "lens")
    with pytest.raises(TrainerError, match="expected 3"):
        unpack_f32(pack_f32([1.0, 2.0]), "adv", count=3)
    with pytest.raises(TrainerError, match="NaN") as e:
        unpack_f32(pack_f32([1.0, float("nan")]), "adv")
    assert e.value.code == "BAD_MESSAGE" and e.value.status == "INVALID_ARGUMENT"


def test_decode_batch_checks_lengths_and_ids():
    ok = decode_batch(pack_i32([2, 1]), pack_i32([1, 2]), pack_i32([5, 6, 7, 8, 9, 10]), vocab_size=64)
    assert ok.size == 2 and ok.completion_tokens == 3 and ok.seq(1).tolist() == [8, 9, 10]
    cases = [
        (pack_i32([2]), pack_i32([1, 2]), pack_i32([1, 2, 3]), "2 completion lengths"),
        (pack_i32([2]), pack_i32([2]), pack_i32([1, 2, 3]), "sum to 4 tokens"),
        (pack_i32([0]), pack_i32([2]), pack_i32([1, 2]), "empty prompt"),
        (pack_i32([1]), pack_i32([1]), pack_i32([1, 99]), "outside the vocabulary"),
        (pack_i32([-1]), pack_i32([2]), pack_i32([1]), "negative"),
    ]
    for p, c, t, msg in cases:
        with pytest.raises(TrainerError, match=msg):
            decode_batch(p, c, t, vocab_size=64)
    prompts = decode_batch(pack_i32([2, 1]), b"", pack_i32([1, 2, 3]), vocab_size=64, prompts_only=True)
    assert prompts.completion_tokens == 0


def test_pad_batch_scores_completion_positions():
    b = make_batch([2, 1], [2, 1], [10, 11, 12, 13, 20, 21])
    p = pad_batch(b, pad_id=0)
    assert p.input_ids.tolist() == [[10, 11, 12, 13], [20, 21, 0, 0]]
    assert p.attention_mask.tolist() == [[1, 1, 1, 1], [1, 1, 0, 0]]
    # completion token t of sequence i is predicted by the logits at prompt_len + t - 1
    assert p.score_positions.tolist() == [1, 2, 4]
    assert p.targets.tolist() == [12, 13, 21]


def test_subset_and_ragged():
    b = make_batch([2, 1, 3], [1, 2, 0], [1, 2, 3, 4, 5, 6, 7, 8, 9])
    s = b.subset(1, 3)
    assert s.prompt_lens.tolist() == [1, 3] and s.tokens.tolist() == [4, 5, 6, 7, 8, 9]
    assert b.completion_offsets().tolist() == [0, 1, 3, 3]
    rows = decode_ragged(pack_i32([2, 0, 1]), pack_i32([7, 8, 9]), "r")
    assert [r.tolist() for r in rows] == [[7, 8], [], [9]]


def test_chunks_and_shards():
    assert chunks(5, 0) == [(0, 5)] and chunks(5, 2) == [(0, 2), (2, 4), (4, 5)] and chunks(0, 3) == []
    assert [shard_range(5, r, 2) for r in range(2)] == [(0, 3), (3, 5)]
    assert [shard_range(1, r, 2) for r in range(2)] == [(0, 1), (1, 1)]
