"""tribunal_trainer: the Python compute service behind Tribunal's torch engine.

A Hugging Face causal LM (full fine-tuning or peft LoRA) on PyTorch, served over
gRPC (proto/trainer.proto). The TypeScript runtime decides; this package computes.
"""

__version__ = "0.1.0"
