"""`python -m tribunal_trainer doctor`: what this machine offers, as one JSON object.

Python, torch, transformers, peft, safetensors, grpcio and protobuf versions,
CUDA availability and each GPU's name and memory. Reports; never fails on a
missing optional piece (that piece reads null).
"""

from __future__ import annotations

import importlib
import json
import platform
import sys


def _version(module: str):
    try:
        return importlib.import_module(module).__version__
    except Exception:  # noqa: BLE001
        return None


def report() -> dict:
    out = {
        "python": platform.python_version(),
        "executable": sys.executable,
        "platform": platform.platform(),
        **{name: _version(mod) for name, mod in [
            ("torch", "torch"), ("transformers", "transformers"), ("peft", "peft"), ("safetensors", "safetensors"),
            ("tokenizers", "tokenizers"), ("grpcio", "grpc"), ("protobuf", "google.protobuf"), ("numpy", "numpy"),
        ]},
        "cuda_available": False,
        "cuda_version": None,
        "gpus": [],
    }
    try:
        import torch

        out["cuda_available"] = torch.cuda.is_available()
        out["cuda_version"] = torch.version.cuda
        out["bf16_supported"] = bool(torch.cuda.is_available() and torch.cuda.is_bf16_supported())
        for i in range(torch.cuda.device_count() if out["cuda_available"] else 0):
            p = torch.cuda.get_device_properties(i)
            out["gpus"].append({"index": i, "name": p.name, "memory_bytes": int(p.total_memory), "capability": f"{p.major}.{p.minor}"})
        out["cpu_threads"] = torch.get_num_threads()
    except Exception as e:  # noqa: BLE001
        out["torch_error"] = str(e)
    return out


def main() -> int:
    print(json.dumps(report(), indent=1))
    return 0
