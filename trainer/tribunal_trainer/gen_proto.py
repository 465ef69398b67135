"""Regenerate tribunal_trainer/gen/ from ../proto/trainer.proto with grpcio-tools.

    python -m tribunal_trainer.gen_proto [--out DIR]

Writes trainer_pb2.py, trainer_pb2.pyi and trainer_pb2_grpc.py, with the
grpc module's import made package-relative. The generated files are committed;
tests/test_codegen.py regenerates into a temp dir and fails on drift.
grpcio-tools is a development dependency only (requirements-dev.txt).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROTO = PACKAGE_DIR.parent.parent / "proto" / "trainer.proto"
GEN_DIR = PACKAGE_DIR / "gen"
FILES = ("trainer_pb2.py", "trainer_pb2.pyi", "trainer_pb2_grpc.py")


def generate(out: Path, proto: Path = PROTO) -> list[Path]:
    from grpc_tools import protoc

    out.mkdir(parents=True, exist_ok=True)
    args = [
        "grpc_tools.protoc",
        f"-I{proto.parent}",
        f"--python_out={out}",
        f"--pyi_out={out}",
        f"--grpc_python_out={out}",
        str(proto),
    ]
    if protoc.main(args) != 0:
        raise RuntimeError(f"protoc failed on {proto}")
    grpc_file = out / "trainer_pb2_grpc.py"
    text = grpc_file.read_text()
    text = re.sub(r"^import trainer_pb2 as trainer__pb2$", "from . import trainer_pb2 as trainer__pb2", text, flags=re.M)
    grpc_file.write_text(text)
    init = out / "__init__.py"
    if not init.exists():
        init.write_text('"""Generated from proto/trainer.proto by tribunal_trainer.gen_proto; do not edit."""\n')
    return [out / f for f in FILES]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tribunal_trainer.gen_proto", description="Regenerate the gRPC code from proto/trainer.proto.")
    ap.add_argument("--out", type=Path, default=GEN_DIR)
    ap.add_argument("--proto", type=Path, default=PROTO)
    args = ap.parse_args(argv)
    for path in generate(args.out, args.proto):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
