"""The engine: the loaded model and every verb of the Trainer service, without gRPC.

Engine holds at most one LoadedState. Load validates the whole request (dir,
config, tokenizer, LoRA targets, optimizer) before dropping the current model,
then builds the new one: fp32 master weights, optional LoRA (peft), FSDP2 when
distributed, AdamW when training. Inference verbs (logprobs, next-token
logprobs, tokenize) are here; training, sampling, checkpoints and weight
export/import are in their own modules and take the state. Arguments and
results are numpy / Python values; server.py does the protobuf side. Not
thread-safe: the server serialises calls.
"""

from __future__ import annotations

import gc
import math
import random
import secrets
from dataclasses import dataclass, field

import numpy as np
import torch

from . import checkpoint, export, sampling, snapshot, training
from .distributed import Dist, fsdp_wrap
from .errors import bad_config, bad_message
from .jsonlog import log
from .lora import resolve_targets, spec_from_request, wrap
from .model_loader import DTYPES, build_meta, embedding_rows, inspect_dir, load_model, load_tokenizer
from .packing import SeqBatch, check_token_ids, chunks
from .policy import Policy, check_against_model
from .schedule import Schedule
from .state import LoadedState, np_f32, require


@dataclass
class LoadConfig:
    model_dir: str
    train: bool = False
    lora_rank: int = 0
    lora_alpha: float = 0.0
    lora_dropout: float = 0.0
    lora_targets: list[str] = field(default_factory=list)
    lr: float = 0.0
    weight_decay: float = 0.0
    beta1: float = 0.0
    beta2: float = 0.0
    eps: float = 0.0
    grad_clip: float = 0.0
    warmup_steps: int = 0
    schedule: str = ""
    total_steps: int = 0
    temperature: float = 0.0
    dtype: str = ""
    device: str = ""
    seed: int = 0
    gradient_checkpointing: bool = False
    micro_batch_size: int = 0


def versions() -> dict:
    import transformers

    gpus = []
    if torch.cuda.is_available():
        gpus = [torch.cuda.get_device_name(i) for i in range(torch.cuda.device_count())]
    return dict(torch_version=torch.__version__, transformers_version=transformers.__version__, cuda_available=torch.cuda.is_available(), gpus=gpus)


def _device(name: str, d: Dist) -> torch.device:
    name = name or "auto"
    if d.enabled:
        return d.device(name)
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    try:
        dev = torch.device(name)
    except RuntimeError:
        raise bad_config(f"device must be auto, cpu, cuda or cuda:N, got {name!r}") from None
    if dev.type == "cuda":
        if not torch.cuda.is_available():
            raise bad_config(f"device {name}: CUDA is not available here")
        if dev.index is not None and dev.index >= torch.cuda.device_count():
            raise bad_config(f"device {name}: only {torch.cuda.device_count()} GPUs")
    elif dev.type != "cpu":
        raise bad_config(f"device must be auto, cpu, cuda or cuda:N, got {name!r}")
    return dev


def _finite(name: str, v: float, lo: float = 0.0) -> float:
    if not (math.isfinite(v) and v >= lo):
        raise bad_config(f"{name} must be a finite number >= {lo}, got {v}")
    return float(v)


class Engine:
    def __init__(self, d: Dist | None = None):
        self.dist = d or Dist()
        self.state: LoadedState | None = None
        # This process, for the memory exports it names: a restarted service is another instance.
        self.instance = secrets.token_hex(8)

    # -- Load ----------------------------------------------------------------
    def load(self, c: LoadConfig) -> dict:
        device = _device(c.device, self.dist)
        dname = c.dtype or ("bfloat16" if device.type == "cuda" else "float32")
        if dname not in DTYPES:
            raise bad_config(f"dtype must be float32, bfloat16 or float16, got {c.dtype!r}")
        temperature = _finite("temperature", c.temperature) or 1.0
        md = inspect_dir(c.model_dir)
        rows = embedding_rows(md.config)
        tokenizer = load_tokenizer(md, rows)
        spec = None
        if c.lora_rank > 0:
            targets = resolve_targets(build_meta(md), md.config.model_type, md.architecture, list(c.lora_targets))
            spec = spec_from_request(c.lora_rank, _finite("lora.alpha", c.lora_alpha), _finite("lora.dropout", c.lora_dropout), targets)
        schedule = None
        if c.train:
            schedule = Schedule(lr=c.lr, warmup_steps=c.warmup_steps, kind=c.schedule or "constant", total_steps=c.total_steps).validate()
            for n in ("weight_decay", "beta1", "beta2", "eps", "grad_clip"):
                _finite(f"optimizer.{n}", getattr(c, n))
            if dname == "float16" and self.dist.enabled:
                raise bad_config("float16 training under FSDP is not supported (no sharded grad scaler): use bfloat16")
            if c.beta1 >= 1 or c.beta2 >= 1:
                raise bad_config(f"optimizer betas must be < 1, got {c.beta1}, {c.beta2}")
        # Everything the caller can get wrong is checked: replace the model now.
        self.state = None
        gc.collect()
        if torch.cuda.is_available():
            torch.cuda.empty_cache()
        torch.manual_seed(c.seed)
        np.random.seed(c.seed % (1 << 32))
        random.seed(c.seed)
        model = load_model(md)
        if not c.train:
            model.requires_grad_(False)
        peft_model = None
        if spec:
            peft_model = wrap(model, spec, trainable=c.train)
        if c.train and c.gradient_checkpointing:
            model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
        policy = Policy(peft_model if peft_model is not None else model)
        err = check_against_model(policy, torch.device("cpu"), rows)
        if not err < 1e-3:
            raise bad_config(f"{md.architecture}: the trainer's logprob path differs from the model's forward by {err:.3g} (unsupported logit post-processing)")
        n_params = sum(p.numel() for p in policy.parameters())
        n_train = sum(p.numel() for p in policy.parameters() if p.requires_grad)
        policy.eval()
        if self.dist.enabled:
            policy = fsdp_wrap(policy, self.dist)
            local = sum(p.to_local().numel() if hasattr(p, "to_local") else p.numel() for p in policy.parameters())
            log("fsdp_sharded", world=self.dist.world, parameters=n_params, local_parameters=local)
        else:
            policy.to(device)
        st = LoadedState(
            md=md, tokenizer=tokenizer, policy=policy, peft=peft_model, lora=spec, train=c.train, device=device,
            dtype=DTYPES[dname], temperature=temperature, micro_batch=c.micro_batch_size, seed=c.seed, dist=self.dist,
            vocab_rows=rows, pad_id=_pad_id(tokenizer), eos_ids=_eos_ids(tokenizer, model),
            max_positions=int(getattr(md.config.get_text_config(), "max_position_embeddings", 0) or 0),
            parameters=n_params, trainable_parameters=n_train,
        )
        if c.train:
            st.schedule = schedule
            st.grad_clip = float(c.grad_clip)
            st.optimizer_config = dict(lr=c.lr, weight_decay=c.weight_decay, betas=(c.beta1 or 0.9, c.beta2 or 0.999), eps=c.eps or 1e-8)
            st.optimizer = torch.optim.AdamW(st.trainable(), **st.optimizer_config)
            if st.dtype == torch.float16:
                st.scaler = torch.amp.GradScaler(device.type)
        self.state = st
        return self.info()

    # -- Info ----------------------------------------------------------------
    def info(self) -> dict:
        out = dict(versions(), world_size=self.dist.world, model_dir="", instance=self.instance,
                   threads=torch.get_num_threads(), interop_threads=torch.get_num_interop_threads())
        st = self.state
        if st is None:
            return out
        out.update(
            model_dir=str(st.md.path), base_model=st.md.base_model, architecture=st.md.architecture, vocab_size=st.vocab_rows,
            parameters=st.parameters, trainable_parameters=st.trainable_parameters, lora=st.lora is not None, train=st.train,
            device=str(st.device), dtype=st.dtype_name, optimizer_step=st.step,
            eos_token_id=st.eos_ids[0] if st.eos_ids else -1,
            pad_token_id=-1 if st.tokenizer.pad_token_id is None else int(st.tokenizer.pad_token_id),
            max_positions=st.max_positions, weights_digest=st.weights_digest, weights_version=st.weights_version,
        )
        return out

    # -- tokenizer -------------------------------------------------------------
    def tokenize(self, texts: list[str], chat_template: bool, add_special_tokens: bool) -> list[list[int]]:
        st = require(self.state)
        return [sampling.encode(st, t, chat_template, add_special_tokens) for t in texts]

    def detokenize(self, rows: list[np.ndarray], skip_special_tokens: bool) -> list[str]:
        st = require(self.state)
        for r in rows:
            check_token_ids(r, st.vocab_rows, "tokens_i32")
        return [st.tokenizer.decode(r.tolist(), skip_special_tokens=skip_special_tokens) for r in rows]

    # -- scoring ---------------------------------------------------------------
    def logprobs(self, batch: SeqBatch, reference: bool = False, temperature: float = 0.0) -> np.ndarray:
        st = require(self.state)
        st.check_lengths(batch)
        temp = _finite("temperature", temperature) or st.temperature
        out = []
        try:
            with reference_policy(self, st, reference) as policy, torch.no_grad(), st.autocast():
                policy.eval()
                for lo, hi in chunks(batch.size, st.micro_batch):
                    _, t = st.tensors(batch.subset(lo, hi))
                    out.append(np_f32(policy("score", temperature=temp, **t)))
        finally:
            st.after_inference()
        return np.concatenate(out) if out else np.zeros(0, np.float32)

    def next_token_logprobs(self, prefixes: list[np.ndarray], candidates: np.ndarray, temperature: float = 0.0) -> np.ndarray:
        st = require(self.state)
        temp = _finite("temperature", temperature) or 1.0
        check_token_ids(candidates, st.vocab_rows, "candidates_i32")
        for p in prefixes:
            if p.size == 0:
                raise bad_message("NextTokenLogprobs: empty prefix")
            check_token_ids(p, st.vocab_rows, "tokens_i32")
            if st.max_positions and p.size > st.max_positions:
                raise bad_message(f"NextTokenLogprobs: a prefix of {p.size} tokens exceeds the model's {st.max_positions} positions")
        cand = torch.as_tensor(candidates, device=st.device)
        rows = []
        try:
            with torch.no_grad(), st.autocast():
                st.policy.eval()
                for lo, hi in chunks(len(prefixes), st.micro_batch):
                    group = prefixes[lo:hi]
                    batch = SeqBatch(np.array([p.size for p in group]), np.zeros(len(group), np.int64), np.concatenate(group))
                    padded, t = st.tensors(batch)
                    width = padded.input_ids.shape[1]
                    pos = torch.as_tensor([i * width + p.size - 1 for i, p in enumerate(group)], device=st.device)
                    logits = st.policy("logits", input_ids=t["input_ids"], attention_mask=t["attention_mask"], positions=pos)
                    rows.append(np_f32(torch.log_softmax(logits / temp, dim=-1).index_select(1, cand)))
        finally:
            st.after_inference()
        return np.concatenate(rows) if rows else np.zeros((0, candidates.size), np.float32)

    # -- delegated verbs ---------------------------------------------------------
    def forward_backward(self, batch: SeqBatch, **kw) -> dict:
        return training.forward_backward(require(self.state), batch, **kw)

    def optim_step(self, discard: bool = False) -> dict:
        return training.optim_step(require(self.state), discard=discard)

    def sample(self, from_snapshot: bool = False, **kw) -> list:
        st = require(self.state)
        return sampling.sample(st, policy=snapshot.sampling_policy(st, from_snapshot)[0], **kw)

    def sampled_version(self, from_snapshot: bool = False) -> int:
        """The version of the weights Sample draws from (the snapshot's, or the live weights' last loaded one)."""
        return snapshot.sampling_policy(require(self.state), from_snapshot)[1]

    def save_checkpoint(self, path: str, meta_json: str) -> int:
        return checkpoint.save(require(self.state), path, meta_json)

    def load_checkpoint(self, path: str) -> tuple[str, int]:
        return checkpoint.load(require(self.state), path)

    def export_weights(self, path: str, kind: str, version: int) -> dict:
        if kind == "memory":
            return snapshot.take(require(self.state), version, self.instance)
        return export.export_weights(require(self.state), path, kind, version)

    def load_weights(self, ref: dict) -> int:
        st = require(self.state)
        return export.load_weights(st, ref, rebuild=lambda: self._rebuild_policy(st))

    def _rebuild_policy(self, st: LoadedState) -> None:
        """After LoadWeights wrapped the inference model with a new adapter (one process only)."""
        st.policy = Policy(st.peft).to(st.device).eval()


def _pad_id(tok) -> int:
    for v in (tok.pad_token_id, tok.eos_token_id):
        if v is not None:
            return int(v)
    return 0


def _eos_ids(tok, model) -> tuple[int, ...]:
    ids = []
    for v in (tok.eos_token_id, getattr(getattr(model, "generation_config", None), "eos_token_id", None), model.config.eos_token_id):
        for x in v if isinstance(v, (list, tuple)) else [v]:
            if x is not None and int(x) not in ids:
                ids.append(int(x))
    return tuple(ids)


class reference_policy:
    """Context: the policy to score with (reference=True: adapter disabled, or the frozen base copy)."""

    def __init__(self, engine: Engine, st: LoadedState, reference: bool):
        self.engine, self.st, self.reference, self._ctx = engine, st, reference, None

    def __enter__(self) -> Policy:
        st = self.st
        if not self.reference:
            return st.policy
        if st.peft is not None:
            self._ctx = st.peft.disable_adapter()
            self._ctx.__enter__()
            return st.policy
        if st.reference is None:
            model = load_model(st.md)
            model.requires_grad_(False)
            ref = Policy(model).eval()
            st.reference = fsdp_wrap(ref, st.dist) if st.dist.enabled else ref.to(st.device)
        return st.reference

    def __exit__(self, *exc):
        if self._ctx is not None:
            self._ctx.__exit__(*exc)
        return False
