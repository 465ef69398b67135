"""What colocated sampling rests on: pi_prox from the update's own forward pass, per-prompt seeds, the memory snapshot."""

import numpy as np
import pytest
import torch

from conftest import fixed_batch, load, params_of
from tribunal_trainer.engine import LoadConfig
from tribunal_trainer.errors import TrainerError

PROMPTS = ["the cat", "one two", "red", "a dog sat"]


def grads_of(engine) -> dict:
    return {k: p.grad.detach().clone() for k, p in engine.state.policy.named_parameters() if p.grad is not None}


def test_prox_from_forward_equals_the_separate_logprobs_pass(qwen_dir):
    b = fixed_batch(sizes=((3, 5), (2, 4), (4, 6), (1, 3)))
    n = b.completion_tokens
    rng = np.random.default_rng(1)
    raw = np.repeat(rng.normal(size=4).astype(np.float32), [5, 4, 6, 3])
    raw[5:9] = 0.0  # a zero-advantage sequence stays exactly 0 whatever its weight
    given = load(qwen_dir, train=True, temperature=0.8)
    prox = given.logprobs(b)
    mu = prox + rng.normal(scale=0.5, size=n).astype(np.float32)  # an older behaviour policy: weights != 1, some capped
    cap = 1.5
    w = np.minimum(np.exp(prox.astype(np.float64) - mu), cap)
    r1 = given.forward_backward(b, loss="ppo", advantages=(raw * w).astype(np.float32), logp_prox=prox, clip_low=0.2, clip_high=0.3, normalizer=n)
    fused = load(qwen_dir, train=True, temperature=0.8)
    r2 = fused.forward_backward(b, loss="ppo", advantages=raw, prox_from_forward=True, logp_mu=mu, importance_cap=cap, clip_low=0.2, clip_high=0.3, normalizer=n)
    assert r2["loss"] == pytest.approx(r1["loss"], abs=1e-5)
    assert np.abs(r2["logp_new"] - prox).max() < 1e-5  # what the learner's metrics read as pi_prox
    g1, g2 = grads_of(given), grads_of(fused)
    assert g1.keys() == g2.keys() and g1
    for k in g1:
        assert torch.allclose(g1[k], g2[k], atol=1e-5, rtol=1e-4), k


def test_prox_from_forward_needs_behaviour_logprobs_and_a_cap(qwen_dir):
    e = load(qwen_dir, train=True)
    b = fixed_batch()
    n = b.completion_tokens
    adv = np.ones(n, np.float32)
    with pytest.raises(TrainerError, match="behaviour_logprobs_f32"):
        e.forward_backward(b, loss="ppo", advantages=adv, prox_from_forward=True, importance_cap=2.0)
    with pytest.raises(TrainerError, match="importance_cap"):
        e.forward_backward(b, loss="ppo", advantages=adv, prox_from_forward=True, logp_mu=np.zeros(n, np.float32), importance_cap=0.0)
    with pytest.raises(TrainerError, match="behaviour_logprobs_f32"):
        e.forward_backward(b, loss="ppo", advantages=adv, prox_from_forward=True, logp_mu=np.zeros(n - 1, np.float32), importance_cap=2.0)


def completions(out) -> list:
    return [[c["tokens"].tolist() for c in p["completions"]] for p in out]


def test_per_prompt_seeds_do_not_depend_on_the_batch(qwen_dir):
    e = load(qwen_dir)
    seeds = [11, 12, 13, 14]
    batched = completions(e.sample(texts=PROMPTS, n=3, max_new_tokens=6, temperature=1.0, seeds=seeds))
    alone = [completions(e.sample(texts=[p], n=3, max_new_tokens=6, temperature=1.0, seeds=[s]))[0] for p, s in zip(PROMPTS, seeds)]
    assert batched == alone
    # one seed for one prompt is the single stream it always was
    assert alone[0] == completions(e.sample(texts=PROMPTS[:1], n=3, max_new_tokens=6, temperature=1.0, seed=11))[0]
    reordered = completions(e.sample(texts=PROMPTS[::-1], n=3, max_new_tokens=6, temperature=1.0, seeds=seeds[::-1]))
    assert reordered[::-1] == batched
    with pytest.raises(TrainerError, match="2 seeds for 4 prompts"):
        e.sample(texts=PROMPTS, n=1, max_new_tokens=2, seeds=[1, 2])


def test_memory_snapshot_samples_the_exported_version_while_training_goes_on(qwen_dir):
    e = load(qwen_dir, train=True, lr=5e-2)
    with pytest.raises(TrainerError, match="no memory export yet"):
        e.sample(texts=PROMPTS, n=2, max_new_tokens=4, from_snapshot=True)
    ref = e.export_weights("", "memory", 3)
    assert ref["kind"] == "memory" and ref["digest"] == f"instance:{e.instance}" and ref["version"] == 3 and ref["bytes"] > 0
    assert e.sampled_version(from_snapshot=True) == 3
    kw = dict(texts=PROMPTS, n=2, max_new_tokens=6, temperature=1.0, seed=5)
    at_v3 = completions(e.sample(from_snapshot=True, **kw))
    assert at_v3 == completions(e.sample(**kw))  # the copy equals the weights it was taken from
    b = fixed_batch()
    for _ in range(3):
        e.forward_backward(b, loss="cross_entropy")
        e.optim_step()
    assert completions(e.sample(from_snapshot=True, **kw)) == at_v3  # training does not touch the snapshot
    assert completions(e.sample(**kw)) != at_v3
    live = params_of(e)
    e.export_weights("", "memory", 4)
    assert e.sampled_version(from_snapshot=True) == 4
    snap = dict(e.state.snapshot.named_parameters())
    for k, v in live.items():
        assert torch.equal(snap[k], v), k
        assert snap[k].data_ptr() != e.state.policy.get_parameter(k).data_ptr()  # a copy, not the live tensor
    assert not any(p.requires_grad for p in e.state.snapshot.parameters())


def test_memory_snapshot_of_a_lora_model_shares_the_frozen_base(qwen_dir):
    e = load(qwen_dir, train=True, lora_rank=4, lora_alpha=8)
    e.export_weights("", "memory", 1)
    live, snap = dict(e.state.policy.named_parameters()), dict(e.state.snapshot.named_parameters())
    frozen = [k for k, p in live.items() if not p.requires_grad]
    trained = [k for k, p in live.items() if p.requires_grad]
    assert frozen and trained
    assert all(snap[k] is live[k] for k in frozen)
    assert all(snap[k].data_ptr() != live[k].data_ptr() for k in trained)
    ref = e.export_weights("", "memory", 2)
    assert ref["bytes"] == sum(live[k].numel() * 4 for k in trained)  # only the adapter is copied


def test_a_new_load_drops_the_snapshot(qwen_dir):
    e = load(qwen_dir, train=True)
    e.export_weights("", "memory", 1)
    e.load(LoadConfig(model_dir=str(qwen_dir), train=True, lr=1e-2))
    with pytest.raises(TrainerError, match="no memory export yet"):
        e.sample(texts=PROMPTS, n=1, max_new_tokens=2, from_snapshot=True)


def test_a_snapshot_sample_runs_while_the_live_weights_are_busy(qwen_dir):
    """The server's locks: a Sample from the snapshot does not wait for a call on the live weights; a memory export waits for both."""
    import threading

    from tribunal_trainer.distributed import Dist
    from tribunal_trainer.gen import trainer_pb2 as pb
    from tribunal_trainer.server import Dispatcher

    e = load(qwen_dir, train=True)
    e.export_weights("", "memory", 7)
    d = Dispatcher(e, Dist())
    snap = pb.SampleRequest(prompts=["red"], n=1, max_new_tokens=2, temperature=1.0, from_snapshot=True).SerializeToString()
    live = pb.SampleRequest(prompts=["red"], n=1, max_new_tokens=2, temperature=1.0).SerializeToString()
    done = {}

    def call(name, method, payload):
        done[name] = d(method, payload)

    with d.model:  # the learner's ForwardBackward, say, holds the live weights
        t = threading.Thread(target=call, args=("snap", "Sample", snap))
        t.start()
        t.join(timeout=30)
        assert "snap" in done and done["snap"][1] is None
        assert pb.SampleReply.FromString(done["snap"][0]).weights_version == 7
        waiting = [threading.Thread(target=call, args=(n, m, p)) for n, m, p in (
            ("live", "Sample", live), ("export", "ExportWeights", pb.ExportWeightsRequest(kind="memory", version=8).SerializeToString()))]
        for w in waiting:
            w.start()
        for w in waiting:
            w.join(timeout=0.5)
        assert "live" not in done and "export" not in done  # both need the live weights
    for w in waiting:
        w.join(timeout=30)
    assert done["live"][1] is None and done["export"][1] is None
    assert e.sampled_version(from_snapshot=True) == 8
