"""GPU check: a ~1B-parameter Qwen2-style model, random init, a few GRPO-like steps; print JSON.

    python trainer/bench/gpu_check.py [--peak-tflops 989] [--steps 3] [--prompts 16] [--n 4]
        [--prompt-len 128] [--max-new 256] [--lora-rank 16] [--out DIR]
    python trainer/bench/gpu_check.py --tiny        # CPU smoke test with the tiny model

Builds the config in code (nothing downloaded), saves it (bf16 safetensors) with the tiny
test tokenizer into --out (a temp dir by default), loads it through the Engine exactly as the
service does (fp32 master weights, bf16 autocast on CUDA), then per step: Sample (prompts x n,
seeded), ForwardBackward ppo on the samples (on-policy logp_prox = the sampled logprobs,
group-normalised random rewards), OptimStep. Reports sampling and training tokens/s, MFU
against --peak-tflops (training 6*N*tokens, sampling 2*N*tokens; attention FLOPs not counted),
peak CUDA memory, and the time of a full export and (after reloading with LoRA) a LoRA export.
Default 989 TFLOPS = H100/H200 SXM dense bf16.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402


def build_1b(out: Path) -> None:
    import torch
    from transformers import AutoModelForCausalLM, Qwen2Config

    from tribunal_trainer.tiny_model import build_tokenizer

    cfg = Qwen2Config(
        vocab_size=151936, hidden_size=2048, intermediate_size=5632, num_hidden_layers=16, num_attention_heads=16,
        num_key_value_heads=4, max_position_embeddings=4096, tie_word_embeddings=True, pad_token_id=0, eos_token_id=1, bos_token_id=3,
    )
    torch.manual_seed(0)
    with torch.device("cuda" if torch.cuda.is_available() else "cpu"):
        model = AutoModelForCausalLM.from_config(cfg, dtype=torch.bfloat16)
    model.save_pretrained(out, safe_serialization=True)
    build_tokenizer().save_pretrained(out)
    del model


def sync():
    import torch

    if torch.cuda.is_available():
        torch.cuda.synchronize()


def run(args) -> dict:
    import torch
    from transformers.utils import logging as hf_logging

    from tribunal_trainer.engine import Engine, LoadConfig
    from tribunal_trainer.packing import make_batch

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
    tmp = None
    out = Path(args.out) if args.out else Path(tmp := tempfile.mkdtemp(prefix="tribunal-gpu-check-"))
    model_dir = out / "model"
    t0 = time.perf_counter()
    if args.tiny:
        from tribunal_trainer.tiny_model import write_tiny_model

        write_tiny_model(model_dir)
    else:
        build_1b(model_dir)
    build_s = time.perf_counter() - t0
    device = "auto" if not args.tiny else args.device
    common = dict(model_dir=str(model_dir), train=True, lr=1e-6, grad_clip=1.0, temperature=1.0, device=device,
                  gradient_checkpointing=args.gradient_checkpointing, micro_batch_size=args.micro_batch_size)
    engine = Engine()
    if torch.cuda.is_available():
        torch.cuda.reset_peak_memory_stats()
    t0 = time.perf_counter()
    info = engine.load(LoadConfig(**common))
    load_s = time.perf_counter() - t0
    n_params = info["parameters"]
    rng = np.random.default_rng(0)
    vocab = min(info["vocab_size"], 480)
    report = {"event": "gpu_check", "tiny": args.tiny, "device": info["device"], "dtype": info["dtype"], "parameters": n_params,
              "build_s": round(build_s, 2), "load_s": round(load_s, 2), "gpus": info["gpus"], "torch": info["torch_version"],
              "transformers": info["transformers_version"], "steps": []}
    peak = args.peak_tflops * 1e12
    for step in range(args.steps):
        prompts = [rng.integers(4, vocab, size=args.prompt_len) for _ in range(args.prompts)]
        sync()
        t0 = time.perf_counter()
        out_s = engine.sample(prompts=prompts, n=args.n, max_new_tokens=args.max_new, temperature=1.0, seed=step)
        sync()
        sample_s = time.perf_counter() - t0
        seqs = [(p["prompt_tokens"], c) for p in out_s for c in p["completions"]]
        gen_tokens = sum(c["tokens"].size for _, c in seqs)
        rewards = rng.normal(size=(args.prompts, args.n))
        adv_seq = ((rewards - rewards.mean(1, keepdims=True)) / (rewards.std(1, keepdims=True) + 1e-6)).reshape(-1)
        batch = make_batch([p.size for p, _ in seqs], [c["tokens"].size for _, c in seqs], np.concatenate([np.concatenate([p, c["tokens"]]) for p, c in seqs]))
        adv = np.concatenate([np.full(c["tokens"].size, a, np.float32) for (_, c), a in zip(seqs, adv_seq)])
        mu = np.concatenate([c["logprobs"] for _, c in seqs])
        sync()
        t0 = time.perf_counter()
        fb = engine.forward_backward(batch, loss="ppo", advantages=adv, logp_prox=mu, clip_low=0.2, clip_high=0.28, normalizer=batch.completion_tokens)
        opt = engine.optim_step()
        sync()
        train_s = time.perf_counter() - t0
        train_tokens = int(batch.lengths.sum())
        report["steps"].append({
            "step": step, "sample_s": round(sample_s, 3), "generated_tokens": gen_tokens,
            "sample_tokens_per_s": round(gen_tokens / sample_s, 1), "sample_mfu": round(2 * n_params * gen_tokens / sample_s / peak, 5),
            "train_s": round(train_s, 3), "train_tokens": train_tokens, "train_tokens_per_s": round(train_tokens / train_s, 1),
            "train_mfu": round(6 * n_params * train_tokens / train_s / peak, 4), "loss": fb["loss"], "grad_norm": opt["grad_norm"], "applied": opt["applied"],
            "on_policy_ratio_max_dev": float(np.abs(fb["logp_new"] - mu).max()),
        })
    if torch.cuda.is_available():
        report["peak_memory_gib"] = round(torch.cuda.max_memory_allocated() / 2**30, 2)
    t0 = time.perf_counter()
    ref = engine.export_weights(str(out / "export-full"), "full", 1)
    report["export_full_s"] = round(time.perf_counter() - t0, 2)
    report["export_full_bytes"] = ref["bytes"]
    engine.state = None
    del engine
    import gc

    gc.collect()
    if torch.cuda.is_available():
        torch.cuda.empty_cache()
    lora = Engine()
    lora.load(LoadConfig(**common, lora_rank=args.lora_rank, lora_alpha=2 * args.lora_rank, lora_targets=["q_proj", "k_proj", "v_proj", "o_proj"]))
    prompts = [rng.integers(4, vocab, size=args.prompt_len) for _ in range(2)]
    s = lora.sample(prompts=prompts, n=1, max_new_tokens=8, temperature=1.0, seed=0)
    c = [x["completions"][0] for x in s]
    b = make_batch([p.size for p in prompts], [x["tokens"].size for x in c], np.concatenate([np.concatenate([p, x["tokens"]]) for p, x in zip(prompts, c)]))
    lora.forward_backward(b, loss="cross_entropy")
    lora.optim_step()
    t0 = time.perf_counter()
    ref = lora.export_weights(str(out / "export-lora"), "lora", 1)
    report["export_lora_s"] = round(time.perf_counter() - t0, 3)
    report["export_lora_bytes"] = ref["bytes"]
    if torch.cuda.is_available():
        report["peak_memory_gib_incl_lora"] = round(torch.cuda.max_memory_allocated() / 2**30, 2)
    if tmp:
        shutil.rmtree(tmp, ignore_errors=True)
    return report


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tiny", action="store_true", help="tiny model, small shapes (CPU smoke test)")
    ap.add_argument("--device", default="auto", help="with --tiny: auto | cpu | cuda")
    ap.add_argument("--peak-tflops", type=float, default=989.0)
    ap.add_argument("--steps", type=int, default=3)
    ap.add_argument("--prompts", type=int, default=16)
    ap.add_argument("--n", type=int, default=4)
    ap.add_argument("--prompt-len", type=int, default=128)
    ap.add_argument("--max-new", type=int, default=256)
    ap.add_argument("--lora-rank", type=int, default=16)
    ap.add_argument("--micro-batch-size", type=int, default=0)
    ap.add_argument("--gradient-checkpointing", action="store_true")
    ap.add_argument("--out", default="", help="keep the model and exports here (default: a temp dir, removed)")
    args = ap.parse_args(argv)
    if args.tiny:
        for k, v in dict(prompts=4, n=2, prompt_len=8, max_new=16, steps=2, lora_rank=4).items():
            if getattr(args, k) == ap.get_default(k):
                setattr(args, k, v)
    print(json.dumps(run(args)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
