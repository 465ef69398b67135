"""Time one training step (ppo ForwardBackward + OptimStep) in-process, without gRPC; print JSON.

    python trainer/bench/step_inprocess.py [--model-dir DIR] [--seqs 64] [--prompt-tokens 16]
        [--completion-tokens 48] [--repeats 5] [--lora-rank 0] [--device auto] [--dtype ""]
        [--dump-batch batch.json]

Without --model-dir a tiny random model (tribunal_trainer.tiny_model) is written to a temp dir.
The batch is deterministic (numpy default_rng(--seed)); --dump-batch writes it as JSON
({prompt_lengths, completion_lengths, tokens, advantages}) so a TypeScript bench can send the
very same batch over gRPC and compare. Timings are medians over --repeats after one warm-up step.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402


def make_batch_arrays(seqs: int, prompt: int, completion: int, vocab: int, seed: int) -> dict:
    rng = np.random.default_rng(seed)
    return {
        "prompt_lengths": [prompt] * seqs,
        "completion_lengths": [completion] * seqs,
        "tokens": rng.integers(4, vocab, size=seqs * (prompt + completion)).tolist(),
        "advantages": np.repeat(rng.normal(size=seqs), completion).astype(np.float32).tolist(),
    }


def bench(args) -> dict:
    import torch
    from transformers.utils import logging as hf_logging

    from tribunal_trainer.engine import Engine, LoadConfig
    from tribunal_trainer.packing import make_batch

    hf_logging.disable_progress_bar()
    model_dir = args.model_dir
    if not model_dir:
        from tribunal_trainer.tiny_model import write_tiny_model

        tmp = tempfile.TemporaryDirectory(prefix="tribunal-bench-")
        model_dir = str(write_tiny_model(Path(tmp.name) / "tiny-qwen2"))
    engine = Engine()
    t0 = time.perf_counter()
    info = engine.load(LoadConfig(model_dir=model_dir, train=True, lr=1e-5, lora_rank=args.lora_rank, lora_alpha=2 * args.lora_rank,
                                  device=args.device, dtype=args.dtype, micro_batch_size=args.micro_batch_size, seed=args.seed))
    load_s = time.perf_counter() - t0
    arrays = make_batch_arrays(args.seqs, args.prompt_tokens, args.completion_tokens, min(info["vocab_size"], 480), args.seed)
    if args.dump_batch:
        Path(args.dump_batch).write_text(json.dumps(arrays))
    batch = make_batch(arrays["prompt_lengths"], arrays["completion_lengths"], arrays["tokens"])
    adv = np.asarray(arrays["advantages"], np.float32)
    prox = engine.logprobs(batch)
    sync = (lambda: torch.cuda.synchronize()) if engine.state.device.type == "cuda" else (lambda: None)
    fb_ms, opt_ms = [], []
    for i in range(args.repeats + 1):
        sync()
        t0 = time.perf_counter()
        engine.forward_backward(batch, loss="ppo", advantages=adv, logp_prox=prox, clip_low=0.2, clip_high=0.3, normalizer=batch.completion_tokens)
        sync()
        t1 = time.perf_counter()
        engine.optim_step()
        sync()
        t2 = time.perf_counter()
        if i:  # the first is warm-up
            fb_ms.append(1000 * (t1 - t0))
            opt_ms.append(1000 * (t2 - t1))
    step_ms = statistics.median(a + b for a, b in zip(fb_ms, opt_ms))
    tokens = int(batch.lengths.sum())
    return {
        "event": "bench_step_inprocess",
        "model_dir": model_dir,
        "architecture": info["architecture"],
        "parameters": info["parameters"],
        "trainable_parameters": info["trainable_parameters"],
        "device": info["device"],
        "dtype": info["dtype"],
        "seqs": args.seqs,
        "prompt_tokens": args.prompt_tokens,
        "completion_tokens": args.completion_tokens,
        "repeats": args.repeats,
        "load_s": round(load_s, 3),
        "forward_backward_ms": round(statistics.median(fb_ms), 3),
        "optim_step_ms": round(statistics.median(opt_ms), 3),
        "step_ms": round(step_ms, 3),
        "tokens_per_s": round(tokens / (step_ms / 1000), 1),
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model-dir", default="")
    ap.add_argument("--seqs", type=int, default=64)
    ap.add_argument("--prompt-tokens", type=int, default=16)
    ap.add_argument("--completion-tokens", type=int, default=48)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--lora-rank", type=int, default=0)
    ap.add_argument("--micro-batch-size", type=int, default=0)
    ap.add_argument("--device", default="auto")
    ap.add_argument("--dtype", default="")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--dump-batch", default="")
    print(json.dumps(bench(ap.parse_args(argv))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
