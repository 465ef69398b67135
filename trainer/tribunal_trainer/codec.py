"""Protobuf <-> engine calls: decode each request, call the Engine, encode the reply.

HANDLERS maps an RPC name to (request class, function(engine, request) -> reply).
Validation of packed arrays happens here through packing.py (so every rank
rejects a bad message identically); semantics live in the engine modules.
No gRPC here (server.py), no torch.
"""

from __future__ import annotations

from .engine import Engine, LoadConfig
from .errors import not_loaded
from .gen import trainer_pb2 as pb
from .packing import decode_batch, decode_ragged, pack_f32, pack_i32, unpack_i32


def _vocab(engine: Engine) -> int:
    if engine.state is None:
        raise not_loaded()
    return engine.state.vocab_rows


def _batch(engine: Engine, b: pb.TokenBatch, name: str = "batch", prompts_only: bool = False):
    return decode_batch(b.prompt_lengths_i32, b.completion_lengths_i32, b.tokens_i32, _vocab(engine), name, prompts_only)


def model_info(d: dict) -> pb.ModelInfo:
    return pb.ModelInfo(**{k: v for k, v in d.items() if k in pb.ModelInfo.DESCRIPTOR.fields_by_name})


def load(engine: Engine, r: pb.LoadRequest) -> pb.ModelInfo:
    o, lo = r.optimizer, r.lora
    cfg = LoadConfig(
        model_dir=r.model_dir, train=r.train, lora_rank=lo.rank, lora_alpha=lo.alpha, lora_dropout=lo.dropout,
        lora_targets=list(lo.target_modules), lr=o.lr, weight_decay=o.weight_decay, beta1=o.beta1, beta2=o.beta2,
        eps=o.eps, grad_clip=o.grad_clip, warmup_steps=o.warmup_steps, schedule=o.schedule, total_steps=o.total_steps,
        temperature=r.temperature, dtype=r.dtype, device=r.device, seed=r.seed,
        gradient_checkpointing=r.gradient_checkpointing, micro_batch_size=r.micro_batch_size,
    )
    return model_info(engine.load(cfg))


def info(engine: Engine, r: pb.InfoRequest) -> pb.ModelInfo:
    return model_info(engine.info())


def tokenize(engine: Engine, r: pb.TokenizeRequest) -> pb.TokenizeReply:
    rows = engine.tokenize(list(r.texts), r.chat_template, r.add_special_tokens)
    return pb.TokenizeReply(lengths_i32=pack_i32([len(x) for x in rows]), tokens_i32=pack_i32([t for x in rows for t in x]))


def detokenize(engine: Engine, r: pb.DetokenizeRequest) -> pb.DetokenizeReply:
    rows = decode_ragged(r.lengths_i32, r.tokens_i32, "DetokenizeRequest")
    return pb.DetokenizeReply(texts=engine.detokenize(rows, r.skip_special_tokens))


def logprobs(engine: Engine, r: pb.LogprobsRequest) -> pb.LogprobsReply:
    lp = engine.logprobs(_batch(engine, r.batch), reference=r.reference, temperature=r.temperature)
    return pb.LogprobsReply(logprobs_f32=pack_f32(lp))


def forward_backward(engine: Engine, r: pb.ForwardBackwardRequest) -> pb.ForwardBackwardReply:
    batch = _batch(engine, r.batch)
    out = engine.forward_backward(
        batch, loss=r.loss, advantages=r.advantages_f32, logp_prox=r.logp_prox_f32, logp_ref=r.logp_ref_f32,
        clip_low=r.ppo.clip_low, clip_high=r.ppo.clip_high, kl_beta=r.ppo.kl_beta, normalizer=r.normalizer,
        prox_from_forward=r.prox_from_forward, logp_mu=r.behaviour_logprobs_f32, importance_cap=r.importance_cap,
    )
    reply = pb.ForwardBackwardReply(loss=out["loss"], logp_new_f32=pack_f32(out["logp_new"]), tokens=out["tokens"])
    if r.optim_step:  # the step right after, saving a round trip per mini-batch
        reply.optim.CopyFrom(pb.OptimStepReply(**engine.optim_step()))
    return reply


def optim_step(engine: Engine, r: pb.OptimStepRequest) -> pb.OptimStepReply:
    return pb.OptimStepReply(**engine.optim_step(discard=r.discard))


def sample(engine: Engine, r: pb.SampleRequest) -> pb.SampleReply:
    prompts = None
    if r.HasField("prompt_tokens") and r.prompt_tokens.prompt_lengths_i32:
        b = _batch(engine, r.prompt_tokens, "prompt_tokens", prompts_only=True)
        prompts = [b.seq(i) for i in range(b.size)]
    version = engine.sampled_version(r.from_snapshot)
    out = engine.sample(
        prompts=prompts, texts=list(r.prompts), chat_template=r.chat_template, n=r.n, max_new_tokens=r.max_new_tokens,
        temperature=r.temperature, top_p=r.top_p, top_k=r.top_k, seed=r.seed, stop=list(r.stop),
        seeds=list(r.seeds), from_snapshot=r.from_snapshot,
    )
    return pb.SampleReply(weights_version=version, instance=engine.instance, prompts=[
        pb.SampledPrompt(prompt_tokens_i32=pack_i32(p["prompt_tokens"]), completions=[
            pb.SampledCompletion(tokens_i32=pack_i32(c["tokens"]), logprobs_f32=pack_f32(c["logprobs"]), text=c["text"], finished=c["finished"])
            for c in p["completions"]
        ])
        for p in out
    ])


def next_token_logprobs(engine: Engine, r: pb.NextTokenLogprobsRequest) -> pb.NextTokenLogprobsReply:
    _vocab(engine)
    rows = decode_ragged(r.lengths_i32, r.tokens_i32, "NextTokenLogprobsRequest")
    cands = unpack_i32(r.candidates_i32, "candidates_i32")
    return pb.NextTokenLogprobsReply(logprobs_f32=pack_f32(engine.next_token_logprobs(rows, cands, r.temperature)))


def save_checkpoint(engine: Engine, r: pb.SaveCheckpointRequest) -> pb.SaveCheckpointReply:
    return pb.SaveCheckpointReply(bytes=engine.save_checkpoint(r.dir, r.meta_json))


def load_checkpoint(engine: Engine, r: pb.LoadCheckpointRequest) -> pb.LoadCheckpointReply:
    meta, step = engine.load_checkpoint(r.dir)
    return pb.LoadCheckpointReply(meta_json=meta, optimizer_step=step)


def export_weights(engine: Engine, r: pb.ExportWeightsRequest) -> pb.WeightsRef:
    return pb.WeightsRef(**engine.export_weights(r.dir, r.kind, r.version))


def load_weights(engine: Engine, r: pb.LoadWeightsRequest) -> pb.LoadWeightsReply:
    ref = r.ref
    d = dict(path=ref.path, kind=ref.kind, base_model=ref.base_model, digest=ref.digest, version=ref.version)
    return pb.LoadWeightsReply(version=engine.load_weights(d))


HANDLERS = {
    "Load": (pb.LoadRequest, load),
    "Info": (pb.InfoRequest, info),
    "Tokenize": (pb.TokenizeRequest, tokenize),
    "Detokenize": (pb.DetokenizeRequest, detokenize),
    "Logprobs": (pb.LogprobsRequest, logprobs),
    "ForwardBackward": (pb.ForwardBackwardRequest, forward_backward),
    "OptimStep": (pb.OptimStepRequest, optim_step),
    "Sample": (pb.SampleRequest, sample),
    "NextTokenLogprobs": (pb.NextTokenLogprobsRequest, next_token_logprobs),
    "SaveCheckpoint": (pb.SaveCheckpointRequest, save_checkpoint),
    "LoadCheckpoint": (pb.LoadCheckpointRequest, load_checkpoint),
    "ExportWeights": (pb.ExportWeightsRequest, export_weights),
    "LoadWeights": (pb.LoadWeightsRequest, load_weights),
}


def call(engine: Engine, method: str, payload: bytes) -> bytes:
    """Run one RPC from its serialized request; returns the serialized reply (raises TrainerError)."""
    req_cls, fn = HANDLERS[method]
    return fn(engine, req_cls.FromString(payload)).SerializeToString()
