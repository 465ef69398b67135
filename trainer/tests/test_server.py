"""The gRPC service end to end over a real channel (in-process server on port 0)."""

import grpc
import numpy as np
import pytest

from conftest import fixed_batch
from tribunal_trainer.distributed import Dist
from tribunal_trainer.engine import Engine
from tribunal_trainer.gen import trainer_pb2 as pb
from tribunal_trainer.gen import trainer_pb2_grpc as pbg
from tribunal_trainer.packing import pack_f32, pack_i32, unpack_f32, unpack_i32
from tribunal_trainer.server import MAX_MESSAGE_BYTES, OPTIONS, build_server


@pytest.fixture(scope="module")
def stub():
    server, port = build_server(Engine(), Dist(), "127.0.0.1:0")
    channel = grpc.insecure_channel(f"127.0.0.1:{port}", options=OPTIONS)
    yield pbg.TrainerStub(channel)
    channel.close()
    server.stop(0)


def token_batch(b):
    return pb.TokenBatch(prompt_lengths_i32=pack_i32(b.prompt_lens), completion_lengths_i32=pack_i32(b.completion_lens), tokens_i32=pack_i32(b.tokens))


def code_of(err: grpc.RpcError) -> str:
    return dict(err.trailing_metadata() or ()).get("tribunal-code", "")


def test_end_to_end(stub, qwen_dir, tmp_path):
    info = stub.Info(pb.InfoRequest())
    assert info.model_dir == "" and info.torch_version and info.world_size == 1
    with pytest.raises(grpc.RpcError) as e:
        stub.OptimStep(pb.OptimStepRequest())
    assert e.value.code() == grpc.StatusCode.FAILED_PRECONDITION and code_of(e.value) == "NOT_LOADED"

    info = stub.Load(pb.LoadRequest(model_dir=str(qwen_dir), train=True, temperature=1.0, lora=pb.LoraConfig(rank=4, alpha=8), optimizer=pb.OptimizerConfig(lr=5e-2, grad_clip=1.0)))
    assert info.architecture == "Qwen2ForCausalLM" and info.lora and info.train and info.vocab_size == 512
    assert info.eos_token_id == 1 and info.pad_token_id == 0 and info.max_positions == 256 and info.dtype == "float32"

    tok = stub.Tokenize(pb.TokenizeRequest(texts=["the cat", "red"]))
    lens = unpack_i32(tok.lengths_i32, "l").tolist()
    assert len(lens) == 2 and sum(lens) == len(unpack_i32(tok.tokens_i32, "t"))
    assert stub.Detokenize(pb.DetokenizeRequest(lengths_i32=tok.lengths_i32, tokens_i32=tok.tokens_i32)).texts == ["the cat", "red"]

    s = stub.Sample(pb.SampleRequest(prompts=["the cat", "red"], n=2, max_new_tokens=6, temperature=1.0, seed=1))
    assert len(s.prompts) == 2 and len(s.prompts[0].completions) == 2
    c = s.prompts[0].completions[0]
    prompt = unpack_i32(s.prompts[0].prompt_tokens_i32, "p")
    comp = unpack_i32(c.tokens_i32, "c")
    batch = pb.TokenBatch(prompt_lengths_i32=pack_i32([prompt.size]), completion_lengths_i32=pack_i32([comp.size]), tokens_i32=pack_i32(np.concatenate([prompt, comp])))
    lp = unpack_f32(stub.Logprobs(pb.LogprobsRequest(batch=batch)).logprobs_f32, "lp")
    assert np.abs(lp - unpack_f32(c.logprobs_f32, "mu")).max() < 1e-5

    b = fixed_batch()
    tb = token_batch(b)
    prox = stub.Logprobs(pb.LogprobsRequest(batch=tb)).logprobs_f32
    n = b.completion_tokens
    fb = stub.ForwardBackward(pb.ForwardBackwardRequest(batch=tb, loss="ppo", advantages_f32=pack_f32(np.ones(n)), logp_prox_f32=prox, ppo=pb.PpoLoss(clip_low=0.2, clip_high=0.3), normalizer=n))
    assert fb.tokens == n and abs(fb.loss + 1.0) < 1e-5 and len(fb.logp_new_f32) == 4 * n
    step = stub.OptimStep(pb.OptimStepRequest())
    assert step.applied and step.step == 1 and step.grad_norm > 0 and abs(step.lr - 5e-2) < 1e-7
    # One round trip: the backward, then the optimizer step in the same call.
    fused = stub.ForwardBackward(pb.ForwardBackwardRequest(batch=tb, loss="ppo", advantages_f32=pack_f32(np.ones(n)), logp_prox_f32=prox, ppo=pb.PpoLoss(clip_low=0.2, clip_high=0.3), normalizer=n, optim_step=True))
    assert fused.HasField("optim") and fused.optim.applied and fused.optim.step == 2
    assert not stub.OptimStep(pb.OptimStepRequest()).applied  # nothing left pending
    assert not stub.ForwardBackward(pb.ForwardBackwardRequest(batch=tb, loss="ppo", advantages_f32=pack_f32(np.ones(n)), logp_prox_f32=prox, ppo=pb.PpoLoss(clip_low=0.2, clip_high=0.3), normalizer=n)).HasField("optim")
    stub.OptimStep(pb.OptimStepRequest(discard=True))

    ntl = stub.NextTokenLogprobs(pb.NextTokenLogprobsRequest(lengths_i32=tok.lengths_i32, tokens_i32=tok.tokens_i32, candidates_i32=pack_i32([5, 6, 7])))
    assert unpack_f32(ntl.logprobs_f32, "x").shape == (6,)

    ck = stub.SaveCheckpoint(pb.SaveCheckpointRequest(dir=str(tmp_path / "ck"), meta_json="{}"))
    assert ck.bytes > 0
    assert stub.LoadCheckpoint(pb.LoadCheckpointRequest(dir=str(tmp_path / "ck"))).optimizer_step == 2

    ref = stub.ExportWeights(pb.ExportWeightsRequest(dir=str(tmp_path / "v1"), kind="lora", version=1))
    assert ref.digest.startswith("sha256:") and ref.kind == "lora" and ref.base_model == "tiny-qwen2"
    assert stub.LoadWeights(pb.LoadWeightsRequest(ref=ref)).version == 1
    assert stub.Info(pb.InfoRequest()).weights_digest == ref.digest

    bad = pb.WeightsRef(path=ref.path, kind="lora", base_model=ref.base_model, digest="sha256:00", version=2)
    with pytest.raises(grpc.RpcError) as e:
        stub.LoadWeights(pb.LoadWeightsRequest(ref=bad))
    assert e.value.code() == grpc.StatusCode.INVALID_ARGUMENT and code_of(e.value) == "BAD_WEIGHTS" and "digest mismatch" in e.value.details()

    with pytest.raises(grpc.RpcError) as e:
        stub.Logprobs(pb.LogprobsRequest(batch=pb.TokenBatch(prompt_lengths_i32=pack_i32([2]), completion_lengths_i32=pack_i32([1]), tokens_i32=pack_i32([1, 2]))))
    assert e.value.code() == grpc.StatusCode.INVALID_ARGUMENT and code_of(e.value) == "BAD_MESSAGE" and "\n" not in e.value.details()

    with pytest.raises(grpc.RpcError) as e:
        stub.LoadCheckpoint(pb.LoadCheckpointRequest(dir=str(tmp_path / "nothing")))
    assert e.value.code() == grpc.StatusCode.NOT_FOUND and code_of(e.value) == "NOT_FOUND"

    with pytest.raises(grpc.RpcError) as e:
        stub.Load(pb.LoadRequest(model_dir=str(tmp_path / "missing")))
    assert e.value.code() == grpc.StatusCode.INVALID_ARGUMENT and code_of(e.value) == "BAD_CONFIG"
    assert stub.Info(pb.InfoRequest()).lora  # still loaded


def test_large_message_limit(stub, qwen_dir):
    assert MAX_MESSAGE_BYTES == 256 * 1024 * 1024
    stub.Load(pb.LoadRequest(model_dir=str(qwen_dir)))
    # ~8 MiB request (over gRPC's 4 MiB default): a long Detokenize
    n = 2_000_000
    reply = stub.Detokenize(pb.DetokenizeRequest(lengths_i32=pack_i32([n]), tokens_i32=pack_i32(np.full(n, 5))))
    assert len(reply.texts[0]) >= n
