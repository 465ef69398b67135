from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class TokenBatch(_message.Message):
    __slots__ = ("prompt_lengths_i32", "completion_lengths_i32", "tokens_i32")
    PROMPT_LENGTHS_I32_FIELD_NUMBER: _ClassVar[int]
    COMPLETION_LENGTHS_I32_FIELD_NUMBER: _ClassVar[int]
    TOKENS_I32_FIELD_NUMBER: _ClassVar[int]
    prompt_lengths_i32: bytes
    completion_lengths_i32: bytes
    tokens_i32: bytes
    def __init__(self, prompt_lengths_i32: _Optional[bytes] = ..., completion_lengths_i32: _Optional[bytes] = ..., tokens_i32: _Optional[bytes] = ...) -> None: ...

class LoraConfig(_message.Message):
    __slots__ = ("rank", "alpha", "dropout", "target_modules")
    RANK_FIELD_NUMBER: _ClassVar[int]
    ALPHA_FIELD_NUMBER: _ClassVar[int]
    DROPOUT_FIELD_NUMBER: _ClassVar[int]
    TARGET_MODULES_FIELD_NUMBER: _ClassVar[int]
    rank: int
    alpha: float
    dropout: float
    target_modules: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, rank: _Optional[int] = ..., alpha: _Optional[float] = ..., dropout: _Optional[float] = ..., target_modules: _Optional[_Iterable[str]] = ...) -> None: ...

class OptimizerConfig(_message.Message):
    __slots__ = ("lr", "weight_decay", "beta1", "beta2", "eps", "grad_clip", "warmup_steps", "schedule", "total_steps")
    LR_FIELD_NUMBER: _ClassVar[int]
    WEIGHT_DECAY_FIELD_NUMBER: _ClassVar[int]
    BETA1_FIELD_NUMBER: _ClassVar[int]
    BETA2_FIELD_NUMBER: _ClassVar[int]
    EPS_FIELD_NUMBER: _ClassVar[int]
    GRAD_CLIP_FIELD_NUMBER: _ClassVar[int]
    WARMUP_STEPS_FIELD_NUMBER: _ClassVar[int]
    SCHEDULE_FIELD_NUMBER: _ClassVar[int]
    TOTAL_STEPS_FIELD_NUMBER: _ClassVar[int]
    lr: float
    weight_decay: float
    beta1: float
    beta2: float
    eps: float
    grad_clip: float
    warmup_steps: int
    schedule: str
    total_steps: int
    def __init__(self, lr: _Optional[float] = ..., weight_decay: _Optional[float] = ..., beta1: _Optional[float] = ..., beta2: _Optional[float] = ..., eps: _Optional[float] = ..., grad_clip: _Optional[float] = ..., warmup_steps: _Optional[int] = ..., schedule: _Optional[str] = ..., total_steps: _Optional[int] = ...) -> None: ...

class LoadRequest(_message.Message):
    __slots__ = ("model_dir", "lora", "optimizer", "train", "temperature", "dtype", "device", "seed", "gradient_checkpointing", "micro_batch_size")
    MODEL_DIR_FIELD_NUMBER: _ClassVar[int]
    LORA_FIELD_NUMBER: _ClassVar[int]
    OPTIMIZER_FIELD_NUMBER: _ClassVar[int]
    TRAIN_FIELD_NUMBER: _ClassVar[int]
    TEMPERATURE_FIELD_NUMBER: _ClassVar[int]
    DTYPE_FIELD_NUMBER: _ClassVar[int]
    DEVICE_FIELD_NUMBER: _ClassVar[int]
    SEED_FIELD_NUMBER: _ClassVar[int]
    GRADIENT_CHECKPOINTING_FIELD_NUMBER: _ClassVar[int]
    MICRO_BATCH_SIZE_FIELD_NUMBER: _ClassVar[int]
    model_dir: str
    lora: LoraConfig
    optimizer: OptimizerConfig
    train: bool
    temperature: float
    dtype: str
    device: str
    seed: int
    gradient_checkpointing: bool
    micro_batch_size: int
    def __init__(self, model_dir: _Optional[str] = ..., lora: _Optional[_Union[LoraConfig, _Mapping]] = ..., optimizer: _Optional[_Union[OptimizerConfig, _Mapping]] = ..., train: _Optional[bool] = ..., temperature: _Optional[float] = ..., dtype: _Optional[str] = ..., device: _Optional[str] = ..., seed: _Optional[int] = ..., gradient_checkpointing: _Optional[bool] = ..., micro_batch_size: _Optional[int] = ...) -> None: ...

class InfoRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ModelInfo(_message.Message):
    __slots__ = ("model_dir", "base_model", "architecture", "vocab_size", "parameters", "trainable_parameters", "lora", "train", "device", "dtype", "world_size", "optimizer_step", "torch_version", "transformers_version", "cuda_available", "gpus", "eos_token_id", "pad_token_id", "max_positions", "weights_digest", "weights_version", "instance", "threads", "interop_threads")
    MODEL_DIR_FIELD_NUMBER: _ClassVar[int]
    BASE_MODEL_FIELD_NUMBER: _ClassVar[int]
    ARCHITECTURE_FIELD_NUMBER: _ClassVar[int]
    VOCAB_SIZE_FIELD_NUMBER: _ClassVar[int]
    PARAMETERS_FIELD_NUMBER: _ClassVar[int]
    TRAINABLE_PARAMETERS_FIELD_NUMBER: _ClassVar[int]
    LORA_FIELD_NUMBER: _ClassVar[int]
    TRAIN_FIELD_NUMBER: _ClassVar[int]
    DEVICE_FIELD_NUMBER: _ClassVar[int]
    DTYPE_FIELD_NUMBER: _ClassVar[int]
    WORLD_SIZE_FIELD_NUMBER: _ClassVar[int]
    OPTIMIZER_STEP_FIELD_NUMBER: _ClassVar[int]
    TORCH_VERSION_FIELD_NUMBER: _ClassVar[int]
    TRANSFORMERS_VERSION_FIELD_NUMBER: _ClassVar[int]
    CUDA_AVAILABLE_FIELD_NUMBER: _ClassVar[int]
    GPUS_FIELD_NUMBER: _ClassVar[int]
    EOS_TOKEN_ID_FIELD_NUMBER: _ClassVar[int]
    PAD_TOKEN_ID_FIELD_NUMBER: _ClassVar[int]
    MAX_POSITIONS_FIELD_NUMBER: _ClassVar[int]
    WEIGHTS_DIGEST_FIELD_NUMBER: _ClassVar[int]
    WEIGHTS_VERSION_FIELD_NUMBER: _ClassVar[int]
    INSTANCE_FIELD_NUMBER: _ClassVar[int]
    THREADS_FIELD_NUMBER: _ClassVar[int]
    INTEROP_THREADS_FIELD_NUMBER: _ClassVar[int]
    model_dir: str
    base_model: str
    architecture: str
    vocab_size: int
    parameters: int
    trainable_parameters: int
    lora: bool
    train: bool
    device: str
    dtype: str
    world_size: int
    optimizer_step: int
    torch_version: str
    transformers_version: str
    cuda_available: bool
    gpus: _containers.RepeatedScalarFieldContainer[str]
    eos_token_id: int
    pad_token_id: int
    max_positions: int
    weights_digest: str
    weights_version: int
    instance: str
    threads: int
    interop_threads: int
    def __init__(self, model_dir: _Optional[str] = ..., base_model: _Optional[str] = ..., architecture: _Optional[str] = ..., vocab_size: _Optional[int] = ..., parameters: _Optional[int] = ..., trainable_parameters: _Optional[int] = ..., lora: _Optional[bool] = ..., train: _Optional[bool] = ..., device: _Optional[str] = ..., dtype: _Optional[str] = ..., world_size: _Optional[int] = ..., optimizer_step: _Optional[int] = ..., torch_version: _Optional[str] = ..., transformers_version: _Optional[str] = ..., cuda_available: _Optional[bool] = ..., gpus: _Optional[_Iterable[str]] = ..., eos_token_id: _Optional[int] = ..., pad_token_id: _Optional[int] = ..., max_positions: _Optional[int] = ..., weights_digest: _Optional[str] = ..., weights_version: _Optional[int] = ..., instance: _Optional[str] = ..., threads: _Optional[int] = ..., interop_threads: _Optional[int] = ...) -> None: ...

class TokenizeRequest(_message.Message):
    __slots__ = ("texts", "chat_template", "add_special_tokens")
    TEXTS_FIELD_NUMBER: _ClassVar[int]
    CHAT_TEMPLATE_FIELD_NUMBER: _ClassVar[int]
    ADD_SPECIAL_TOKENS_FIELD_NUMBER: _ClassVar[int]
    texts: _containers.RepeatedScalarFieldContainer[str]
    chat_template: bool
    add_special_tokens: bool
    def __init__(self, texts: _Optional[_Iterable[str]] = ..., chat_template: _Optional[bool] = ..., add_special_tokens: _Optional[bool] = ...) -> None: ...

class TokenizeReply(_message.Message):
    __slots__ = ("lengths_i32", "tokens_i32")
    LENGTHS_I32_FIELD_NUMBER: _ClassVar[int]
    TOKENS_I32_FIELD_NUMBER: _ClassVar[int]
    lengths_i32: bytes
    tokens_i32: bytes
    def __init__(self, lengths_i32: _Optional[bytes] = ..., tokens_i32: _Optional[bytes] = ...) -> None: ...

class DetokenizeRequest(_message.Message):
    __slots__ = ("lengths_i32", "tokens_i32", "skip_special_tokens")
    LENGTHS_I32_FIELD_NUMBER: _ClassVar[int]
    TOKENS_I32_FIELD_NUMBER: _ClassVar[int]
    SKIP_SPECIAL_TOKENS_FIELD_NUMBER: _ClassVar[int]
    lengths_i32: bytes
    tokens_i32: bytes
    skip_special_tokens: bool
    def __init__(self, lengths_i32: _Optional[bytes] = ..., tokens_i32: _Optional[bytes] = ..., skip_special_tokens: _Optional[bool] = ...) -> None: ...

class DetokenizeReply(_message.Message):
    __slots__ = ("texts",)
    TEXTS_FIELD_NUMBER: _ClassVar[int]
    texts: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, texts: _Optional[_Iterable[str]] = ...) -> None: ...

class LogprobsRequest(_message.Message):
    __slots__ = ("batch", "reference", "temperature")
    BATCH_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    TEMPERATURE_FIELD_NUMBER: _ClassVar[int]
    batch: TokenBatch
    reference: bool
    temperature: float
    def __init__(self, batch: _Optional[_Union[TokenBatch, _Mapping]] = ..., reference: _Optional[bool] = ..., temperature: _Optional[float] = ...) -> None: ...

class LogprobsReply(_message.Message):
    __slots__ = ("logprobs_f32",)
    LOGPROBS_F32_FIELD_NUMBER: _ClassVar[int]
    logprobs_f32: bytes
    def __init__(self, logprobs_f32: _Optional[bytes] = ...) -> None: ...

class PpoLoss(_message.Message):
    __slots__ = ("clip_low", "clip_high", "kl_beta")
    CLIP_LOW_FIELD_NUMBER: _ClassVar[int]
    CLIP_HIGH_FIELD_NUMBER: _ClassVar[int]
    KL_BETA_FIELD_NUMBER: _ClassVar[int]
    clip_low: float
    clip_high: float
    kl_beta: float
    def __init__(self, clip_low: _Optional[float] = ..., clip_high: _Optional[float] = ..., kl_beta: _Optional[float] = ...) -> None: ...

class ForwardBackwardRequest(_message.Message):
    __slots__ = ("batch", "loss", "advantages_f32", "logp_prox_f32", "logp_ref_f32", "ppo", "normalizer", "optim_step", "prox_from_forward", "behaviour_logprobs_f32", "importance_cap")
    BATCH_FIELD_NUMBER: _ClassVar[int]
    LOSS_FIELD_NUMBER: _ClassVar[int]
    ADVANTAGES_F32_FIELD_NUMBER: _ClassVar[int]
    LOGP_PROX_F32_FIELD_NUMBER: _ClassVar[int]
    LOGP_REF_F32_FIELD_NUMBER: _ClassVar[int]
    PPO_FIELD_NUMBER: _ClassVar[int]
    NORMALIZER_FIELD_NUMBER: _ClassVar[int]
    OPTIM_STEP_FIELD_NUMBER: _ClassVar[int]
    PROX_FROM_FORWARD_FIELD_NUMBER: _ClassVar[int]
    BEHAVIOUR_LOGPROBS_F32_FIELD_NUMBER: _ClassVar[int]
    IMPORTANCE_CAP_FIELD_NUMBER: _ClassVar[int]
    batch: TokenBatch
    loss: str
    advantages_f32: bytes
    logp_prox_f32: bytes
    logp_ref_f32: bytes
    ppo: PpoLoss
    normalizer: float
    optim_step: bool
    prox_from_forward: bool
    behaviour_logprobs_f32: bytes
    importance_cap: float
    def __init__(self, batch: _Optional[_Union[TokenBatch, _Mapping]] = ..., loss: _Optional[str] = ..., advantages_f32: _Optional[bytes] = ..., logp_prox_f32: _Optional[bytes] = ..., logp_ref_f32: _Optional[bytes] = ..., ppo: _Optional[_Union[PpoLoss, _Mapping]] = ..., normalizer: _Optional[float] = ..., optim_step: _Optional[bool] = ..., prox_from_forward: _Optional[bool] = ..., behaviour_logprobs_f32: _Optional[bytes] = ..., importance_cap: _Optional[float] = ...) -> None: ...

class ForwardBackwardReply(_message.Message):
    __slots__ = ("loss", "logp_new_f32", "tokens", "optim")
    LOSS_FIELD_NUMBER: _ClassVar[int]
    LOGP_NEW_F32_FIELD_NUMBER: _ClassVar[int]
    TOKENS_FIELD_NUMBER: _ClassVar[int]
    OPTIM_FIELD_NUMBER: _ClassVar[int]
    loss: float
    logp_new_f32: bytes
    tokens: int
    optim: OptimStepReply
    def __init__(self, loss: _Optional[float] = ..., logp_new_f32: _Optional[bytes] = ..., tokens: _Optional[int] = ..., optim: _Optional[_Union[OptimStepReply, _Mapping]] = ...) -> None: ...

class OptimStepRequest(_message.Message):
    __slots__ = ("discard",)
    DISCARD_FIELD_NUMBER: _ClassVar[int]
    discard: bool
    def __init__(self, discard: _Optional[bool] = ...) -> None: ...

class OptimStepReply(_message.Message):
    __slots__ = ("applied", "grad_norm", "lr", "step")
    APPLIED_FIELD_NUMBER: _ClassVar[int]
    GRAD_NORM_FIELD_NUMBER: _ClassVar[int]
    LR_FIELD_NUMBER: _ClassVar[int]
    STEP_FIELD_NUMBER: _ClassVar[int]
    applied: bool
    grad_norm: float
    lr: float
    step: int
    def __init__(self, applied: _Optional[bool] = ..., grad_norm: _Optional[float] = ..., lr: _Optional[float] = ..., step: _Optional[int] = ...) -> None: ...

class SampleRequest(_message.Message):
    __slots__ = ("prompts", "prompt_tokens", "chat_template", "n", "max_new_tokens", "temperature", "top_p", "top_k", "seed", "stop", "seeds", "from_snapshot")
    PROMPTS_FIELD_NUMBER: _ClassVar[int]
    PROMPT_TOKENS_FIELD_NUMBER: _ClassVar[int]
    CHAT_TEMPLATE_FIELD_NUMBER: _ClassVar[int]
    N_FIELD_NUMBER: _ClassVar[int]
    MAX_NEW_TOKENS_FIELD_NUMBER: _ClassVar[int]
    TEMPERATURE_FIELD_NUMBER: _ClassVar[int]
    TOP_P_FIELD_NUMBER: _ClassVar[int]
    TOP_K_FIELD_NUMBER: _ClassVar[int]
    SEED_FIELD_NUMBER: _ClassVar[int]
    STOP_FIELD_NUMBER: _ClassVar[int]
    SEEDS_FIELD_NUMBER: _ClassVar[int]
    FROM_SNAPSHOT_FIELD_NUMBER: _ClassVar[int]
    prompts: _containers.RepeatedScalarFieldContainer[str]
    prompt_tokens: TokenBatch
    chat_template: bool
    n: int
    max_new_tokens: int
    temperature: float
    top_p: float
    top_k: int
    seed: int
    stop: _containers.RepeatedScalarFieldContainer[str]
    seeds: _containers.RepeatedScalarFieldContainer[int]
    from_snapshot: bool
    def __init__(self, prompts: _Optional[_Iterable[str]] = ..., prompt_tokens: _Optional[_Union[TokenBatch, _Mapping]] = ..., chat_template: _Optional[bool] = ..., n: _Optional[int] = ..., max_new_tokens: _Optional[int] = ..., temperature: _Optional[float] = ..., top_p: _Optional[float] = ..., top_k: _Optional[int] = ..., seed: _Optional[int] = ..., stop: _Optional[_Iterable[str]] = ..., seeds: _Optional[_Iterable[int]] = ..., from_snapshot: _Optional[bool] = ...) -> None: ...

class SampledCompletion(_message.Message):
    __slots__ = ("tokens_i32", "logprobs_f32", "text", "finished")
    TOKENS_I32_FIELD_NUMBER: _ClassVar[int]
    LOGPROBS_F32_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    FINISHED_FIELD_NUMBER: _ClassVar[int]
    tokens_i32: bytes
    logprobs_f32: bytes
    text: str
    finished: bool
    def __init__(self, tokens_i32: _Optional[bytes] = ..., logprobs_f32: _Optional[bytes] = ..., text: _Optional[str] = ..., finished: _Optional[bool] = ...) -> None: ...

class SampledPrompt(_message.Message):
    __slots__ = ("prompt_tokens_i32", "completions")
    PROMPT_TOKENS_I32_FIELD_NUMBER: _ClassVar[int]
    COMPLETIONS_FIELD_NUMBER: _ClassVar[int]
    prompt_tokens_i32: bytes
    completions: _containers.RepeatedCompositeFieldContainer[SampledCompletion]
    def __init__(self, prompt_tokens_i32: _Optional[bytes] = ..., completions: _Optional[_Iterable[_Union[SampledCompletion, _Mapping]]] = ...) -> None: ...

class SampleReply(_message.Message):
    __slots__ = ("prompts", "weights_version", "instance")
    PROMPTS_FIELD_NUMBER: _ClassVar[int]
    WEIGHTS_VERSION_FIELD_NUMBER: _ClassVar[int]
    INSTANCE_FIELD_NUMBER: _ClassVar[int]
    prompts: _containers.RepeatedCompositeFieldContainer[SampledPrompt]
    weights_version: int
    instance: str
    def __init__(self, prompts: _Optional[_Iterable[_Union[SampledPrompt, _Mapping]]] = ..., weights_version: _Optional[int] = ..., instance: _Optional[str] = ...) -> None: ...

class NextTokenLogprobsRequest(_message.Message):
    __slots__ = ("lengths_i32", "tokens_i32", "candidates_i32", "temperature")
    LENGTHS_I32_FIELD_NUMBER: _ClassVar[int]
    TOKENS_I32_FIELD_NUMBER: _ClassVar[int]
    CANDIDATES_I32_FIELD_NUMBER: _ClassVar[int]
    TEMPERATURE_FIELD_NUMBER: _ClassVar[int]
    lengths_i32: bytes
    tokens_i32: bytes
    candidates_i32: bytes
    temperature: float
    def __init__(self, lengths_i32: _Optional[bytes] = ..., tokens_i32: _Optional[bytes] = ..., candidates_i32: _Optional[bytes] = ..., temperature: _Optional[float] = ...) -> None: ...

class NextTokenLogprobsReply(_message.Message):
    __slots__ = ("logprobs_f32",)
    LOGPROBS_F32_FIELD_NUMBER: _ClassVar[int]
    logprobs_f32: bytes
    def __init__(self, logprobs_f32: _Optional[bytes] = ...) -> None: ...

class SaveCheckpointRequest(_message.Message):
    __slots__ = ("dir", "meta_json")
    DIR_FIELD_NUMBER: _ClassVar[int]
    META_JSON_FIELD_NUMBER: _ClassVar[int]
    dir: str
    meta_json: str
    def __init__(self, dir: _Optional[str] = ..., meta_json: _Optional[str] = ...) -> None: ...

class SaveCheckpointReply(_message.Message):
    __slots__ = ("bytes",)
    BYTES_FIELD_NUMBER: _ClassVar[int]
    bytes: int
    def __init__(self, bytes: _Optional[int] = ...) -> None: ...

class LoadCheckpointRequest(_message.Message):
    __slots__ = ("dir",)
    DIR_FIELD_NUMBER: _ClassVar[int]
    dir: str
    def __init__(self, dir: _Optional[str] = ...) -> None: ...

class LoadCheckpointReply(_message.Message):
    __slots__ = ("meta_json", "optimizer_step")
    META_JSON_FIELD_NUMBER: _ClassVar[int]
    OPTIMIZER_STEP_FIELD_NUMBER: _ClassVar[int]
    meta_json: str
    optimizer_step: int
    def __init__(self, meta_json: _Optional[str] = ..., optimizer_step: _Optional[int] = ...) -> None: ...

class ExportWeightsRequest(_message.Message):
    __slots__ = ("dir", "kind", "version")
    DIR_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    dir: str
    kind: str
    version: int
    def __init__(self, dir: _Optional[str] = ..., kind: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...

class WeightsRef(_message.Message):
    __slots__ = ("path", "kind", "base_model", "digest", "version", "bytes")
    PATH_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    BASE_MODEL_FIELD_NUMBER: _ClassVar[int]
    DIGEST_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    BYTES_FIELD_NUMBER: _ClassVar[int]
    path: str
    kind: str
    base_model: str
    digest: str
    version: int
    bytes: int
    def __init__(self, path: _Optional[str] = ..., kind: _Optional[str] = ..., base_model: _Optional[str] = ..., digest: _Optional[str] = ..., version: _Optional[int] = ..., bytes: _Optional[int] = ...) -> None: ...

class LoadWeightsRequest(_message.Message):
    __slots__ = ("ref",)
    REF_FIELD_NUMBER: _ClassVar[int]
    ref: WeightsRef
    def __init__(self, ref: _Optional[_Union[WeightsRef, _Mapping]] = ...) -> None: ...

class LoadWeightsReply(_message.Message):
    __slots__ = ("version",)
    VERSION_FIELD_NUMBER: _ClassVar[int]
    version: int
    def __init__(self, version: _Optional[int] = ...) -> None: ...
