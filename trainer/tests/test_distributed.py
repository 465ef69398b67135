"""FSDP2 over 2 CPU processes (gloo, torchrun) equals one process: step, logprobs, sampling, exports.

Starts `torchrun --standalone --nproc-per-node 2 -m tribunal_trainer serve` and drives it over gRPC,
so the call broadcast from rank 0 is exercised too; the same calls run on an in-process Engine.
"""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import grpc
import numpy as np
import pytest
from safetensors.torch import load_file

from conftest import fixed_batch, load
from tribunal_trainer.gen import trainer_pb2 as pb
from tribunal_trainer.gen import trainer_pb2_grpc as pbg
from tribunal_trainer.packing import pack_f32, pack_i32, unpack_f32, unpack_i32
from tribunal_trainer.server import OPTIONS

pytestmark = pytest.mark.distributed
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def fsdp_stub():
    env = dict(os.environ, PYTHONPATH=str(ROOT), OMP_NUM_THREADS="1", TOKENIZERS_PARALLELISM="false")
    cmd = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc-per-node", "2", "-m", "tribunal_trainer", "serve", "--address", "127.0.0.1:0"]
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True, start_new_session=True)
    try:
        line = ""
        while not line.startswith("{"):
            line = proc.stdout.readline()
            assert line, proc.stderr.read()
        msg = json.loads(line)
        assert msg["event"] == "listening" and msg["world_size"] == 2
        channel = grpc.insecure_channel(msg["address"], options=OPTIONS)
        yield pbg.TrainerStub(channel)
        channel.close()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def tb(b):
    return pb.TokenBatch(prompt_lengths_i32=pack_i32(b.prompt_lens), completion_lengths_i32=pack_i32(b.completion_lens), tokens_i32=pack_i32(b.tokens))


# 5 sequences over 2 ranks (3 + 2) with micro-batches of 2: rank 1 runs one dummy micro-batch.
SIZES = ((3, 5), (2, 4), (4, 6), (1, 3), (2, 2))


@pytest.mark.parametrize("lora", [0, 4])
def test_two_process_step_equals_one_process(fsdp_stub, qwen_dir, tmp_path, lora):
    b = fixed_batch(seed=1, sizes=SIZES)
    n = b.completion_tokens
    adv = np.random.default_rng(2).normal(size=n).astype(np.float32)
    kw = dict(train=True, lr=1e-2, grad_clip=1.0, micro_batch_size=2, temperature=0.9)
    info = fsdp_stub.Load(pb.LoadRequest(model_dir=str(qwen_dir), train=True, temperature=0.9, micro_batch_size=2, seed=0,
                                         lora=pb.LoraConfig(rank=lora, alpha=8), optimizer=pb.OptimizerConfig(lr=1e-2, grad_clip=1.0)))
    assert info.world_size == 2
    single = load(qwen_dir, lora_rank=lora, lora_alpha=8, **kw)

    prox = unpack_f32(fsdp_stub.Logprobs(pb.LogprobsRequest(batch=tb(b))).logprobs_f32, "p")
    prox1 = single.logprobs(b)
    assert np.abs(prox - prox1).max() < 1e-5
    fb = fsdp_stub.ForwardBackward(pb.ForwardBackwardRequest(batch=tb(b), loss="ppo", advantages_f32=pack_f32(adv), logp_prox_f32=pack_f32(prox1),
                                                             ppo=pb.PpoLoss(clip_low=0.2, clip_high=0.3), normalizer=n))
    fb1 = single.forward_backward(b, loss="ppo", advantages=adv, logp_prox=prox1, clip_low=0.2, clip_high=0.3, normalizer=n)
    assert abs(fb.loss - fb1["loss"]) < 1e-5 and fb.tokens == n
    assert np.abs(unpack_f32(fb.logp_new_f32, "l") - fb1["logp_new"]).max() < 1e-5
    # an inference forward between backward and step must not leave stale gathered weights behind
    mid = unpack_f32(fsdp_stub.Logprobs(pb.LogprobsRequest(batch=tb(b))).logprobs_f32, "m")
    assert np.abs(mid - single.logprobs(b)).max() < 1e-5
    st, st1 = fsdp_stub.OptimStep(pb.OptimStepRequest()), single.optim_step()
    assert st.applied and st.step == 1 and abs(st.grad_norm - st1["grad_norm"]) < 1e-4 * max(1.0, st1["grad_norm"])
    after = unpack_f32(fsdp_stub.Logprobs(pb.LogprobsRequest(batch=tb(b))).logprobs_f32, "a")
    assert np.abs(after - single.logprobs(b)).max() < 1e-5
    ref = unpack_f32(fsdp_stub.Logprobs(pb.LogprobsRequest(batch=tb(b), reference=True)).logprobs_f32, "r")
    assert np.abs(ref - single.logprobs(b, reference=True)).max() < 1e-5

    s = fsdp_stub.Sample(pb.SampleRequest(prompts=["the cat", "one"], n=2, max_new_tokens=6, temperature=1.0, seed=7))
    s1 = single.sample(texts=["the cat", "one"], n=2, max_new_tokens=6, temperature=1.0, seed=7)
    assert [unpack_i32(c.tokens_i32, "t").tolist() for p in s.prompts for c in p.completions] == [c["tokens"].tolist() for p in s1 for c in p["completions"]]

    ck = fsdp_stub.SaveCheckpoint(pb.SaveCheckpointRequest(dir=str(tmp_path / "ck"), meta_json="m"))
    assert ck.bytes > 0
    w = load_file(str(tmp_path / "ck" / "weights.safetensors"))
    mine = {k: v for k, v in single.state.policy.named_parameters() if v.requires_grad}
    # Adam's first step is ~lr * sign(g): reduction-order noise in near-zero gradients moves a few weights by ~lr * 1e-3
    assert set(w) == set(mine) and max((w[k] - mine[k].detach()).abs().max().item() for k in w) < 1e-4
    assert fsdp_stub.LoadCheckpoint(pb.LoadCheckpointRequest(dir=str(tmp_path / "ck"))).optimizer_step == 1

    kind = "lora" if lora else "full"
    wref = fsdp_stub.ExportWeights(pb.ExportWeightsRequest(dir=str(tmp_path / "w"), kind=kind, version=1))
    sampler = load(qwen_dir)
    sampler.load_weights(dict(path=wref.path, kind=wref.kind, base_model=wref.base_model, digest=wref.digest, version=wref.version))
    assert np.abs(sampler.logprobs(b, temperature=0.9) - single.logprobs(b)).max() < 1e-5
