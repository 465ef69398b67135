"""The committed gen/ files are exactly what grpcio-tools makes from proto/trainer.proto."""

import pytest

from tribunal_trainer import gen_proto


def test_generated_code_has_not_drifted(tmp_path):
    pytest.importorskip("grpc_tools")
    for path in gen_proto.generate(tmp_path):
        committed = gen_proto.GEN_DIR / path.name
        assert committed.read_text() == path.read_text(), f"{committed} is stale: run python -m tribunal_trainer.gen_proto"
