"""TRL's synchronous GRPOTrainer on Tribunal's toy task: the peer baseline of bench/vs-trl.ts.

    python bench/trl_grpo.py --model DIR --steps 30 --prompts 8 --group 8 --tokens 8 --lr 0.003 --threads 2

The task is examples/toy-torch.yaml's: prompts `prompt 0..9`, reward 9 x the fraction of a
completion's non-space characters that are digits (src/backends/rule/judge.ts). Settings
follow Tribunal's defaults where TRL's differ: constant learning rate, no KL, one
optimizer step per batch, global-norm clip 1, AdamW without weight decay. Prints one JSON
line per step ({"step", "reward", "s"}: wall seconds since the previous step ended) and a
final {"event": "done"} line. Bench-only: TRL is not a runtime dependency
(bench/requirements-trl.txt).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time


def digit_reward(completions, **_):
    out = []
    for c in completions:
        chars = [ch for ch in c if not ch.isspace()]
        out.append(0.0 if not chars else 9.0 * sum(ch.isdigit() for ch in chars) / len(chars))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", required=True)
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--prompts", type=int, default=8)
    ap.add_argument("--group", type=int, default=8)
    ap.add_argument("--tokens", type=int, default=8)
    ap.add_argument("--lr", type=float, default=0.003)
    ap.add_argument("--temperature", type=float, default=1.0)
    ap.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)

    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from datasets import Dataset
    from transformers import AutoModelForCausalLM, AutoTokenizer, PrinterCallback, TrainerCallback
    from trl import GRPOConfig, GRPOTrainer

    if args.threads > 0:
        torch.set_num_threads(args.threads)
    tok = AutoTokenizer.from_pretrained(args.model)
    model = AutoModelForCausalLM.from_pretrained(args.model, dtype=torch.float32)
    prompts = [f"prompt {i % 10}" for i in range(args.steps * args.prompts)]
    data = Dataset.from_dict({"prompt": prompts})
    cfg = GRPOConfig(
        output_dir=os.environ.get("TMPDIR", "/tmp") + "/trl-grpo-bench",
        max_steps=args.steps, per_device_train_batch_size=args.prompts * args.group, gradient_accumulation_steps=1,
        num_generations=args.group, max_completion_length=args.tokens, learning_rate=args.lr,
        lr_scheduler_type="constant", warmup_steps=0, weight_decay=0.0, max_grad_norm=1.0, beta=0.0,
        temperature=args.temperature, num_iterations=1, logging_steps=1, save_strategy="no", report_to="none",
        seed=args.seed, use_cpu=True, bf16=False, fp16=False, disable_tqdm=True, dataloader_num_workers=0,
        shuffle_dataset=False,
    )

    class StepClock(TrainerCallback):
        def __init__(self):
            self.last = None

        def on_step_begin(self, *_a, **_k):
            self.last = self.last or time.perf_counter()

        def on_log(self, _args, state, _control, logs=None, **_k):
            if logs is None or "reward" not in logs:
                return
            now = time.perf_counter()
            print(json.dumps({"step": state.global_step, "reward": logs["reward"], "s": now - self.last}), flush=True)
            self.last = now

    trainer = GRPOTrainer(model=model, reward_funcs=digit_reward, args=cfg, train_dataset=data, processing_class=tok, callbacks=[StepClock()])
    trainer.remove_callback(PrinterCallback)  # its dict per step; StepClock prints the lines this bench reads
    t0 = time.perf_counter()
    trainer.train()
    print(json.dumps({"event": "done", "s": time.perf_counter() - t0, "threads": torch.get_num_threads()}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
