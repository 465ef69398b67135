"""dir_digest matches its written definition on a small fixed directory (cross-checked by the TS side)."""

import hashlib

from tribunal_trainer.digest import dir_bytes, dir_digest

# The fixed test vector: the TypeScript implementation must print the same.
FIXTURE = {
    "adapter_config.json": b'{"r": 8}\n',
    "adapter_model.safetensors": bytes(range(256)) * 4,
    "sub/b.txt": b"",
    "sub/a.txt": "h\u00e9llo\n".encode("utf-8"),
}
EXPECTED = "sha256:4480151f471ad26d646e645185634e2d7099643b0ba24d06fc4cc3dc75d5cf6e"


def _write(root):
    for rel, data in FIXTURE.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)


def _by_hand():
    h = hashlib.sha256()
    for rel in sorted(FIXTURE, key=lambda r: r.encode("utf-8")):
        h.update(rel.encode("utf-8") + b"\0" + hashlib.sha256(FIXTURE[rel]).digest())
    return "sha256:" + h.hexdigest()


def test_fixed_vector(tmp_path):
    _write(tmp_path)
    got = dir_digest(tmp_path)
    assert got == _by_hand()
    assert got == EXPECTED
    assert dir_bytes(tmp_path) == sum(len(v) for v in FIXTURE.values())


def test_empty_dir_and_symlinks_ignored(tmp_path):
    assert dir_digest(tmp_path) == "sha256:" + hashlib.sha256(b"").hexdigest()
    _write(tmp_path)
    before = dir_digest(tmp_path)
    (tmp_path / "link").symlink_to(tmp_path / "sub" / "a.txt")
    (tmp_path / "emptydir").mkdir()
    assert dir_digest(tmp_path) == before


def test_content_and_name_change_digest(tmp_path):
    _write(tmp_path)
    before = dir_digest(tmp_path)
    (tmp_path / "sub" / "b.txt").write_bytes(b"x")
    assert dir_digest(tmp_path) != before
