"""The command line: serve prints its listening line, exits on SIGTERM and when its parent goes; doctor; --help."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import grpc
import pytest

from tribunal_trainer.gen import trainer_pb2 as pb
from tribunal_trainer.gen import trainer_pb2_grpc as pbg

pytestmark = pytest.mark.subprocess
ROOT = Path(__file__).resolve().parents[1]
ENV = dict(os.environ, PYTHONPATH=str(ROOT), TOKENIZERS_PARALLELISM="false")


def start(*args, stdin=subprocess.DEVNULL):
    return subprocess.Popen([sys.executable, "-m", "tribunal_trainer", "serve", "--address", "127.0.0.1:0", *args], stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV, text=True)


def listening(proc) -> dict:
    line = proc.stdout.readline()
    assert line, proc.stderr.read()
    return json.loads(line)


def test_serve_prints_listening_and_stops_on_sigterm(tmp_path):
    port_file = tmp_path / "port"
    proc = start("--port-file", str(port_file))
    try:
        msg = listening(proc)
        assert msg["event"] == "listening" and msg["pid"] == proc.pid
        host, port = msg["address"].rsplit(":", 1)
        assert host == "127.0.0.1" and int(port) > 0 and port_file.read_text().strip() == port
        with grpc.insecure_channel(msg["address"]) as ch:
            info = pbg.TrainerStub(ch).Info(pb.InfoRequest(), timeout=30)
        assert info.model_dir == "" and info.torch_version
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
        events = [json.loads(l)["event"] for l in proc.stderr.read().splitlines() if l.startswith("{")]
        assert "listening" in events and "stopped" in events
    finally:
        proc.kill()


def test_serve_exits_when_stdin_closes():
    proc = start(stdin=subprocess.PIPE)
    try:
        listening(proc)
        proc.stdin.close()
        assert proc.wait(timeout=20) == 0
        assert "stdin closed" in proc.stderr.read()
    finally:
        proc.kill()


def test_serve_exits_when_parent_pid_disappears():
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    proc = subprocess.Popen([sys.executable, "-m", "tribunal_trainer", "serve"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(ENV, TRIBUNAL_PARENT_PID=str(sleeper.pid)), text=True)
    try:
        listening(proc)
        sleeper.kill()
        sleeper.wait()
        assert proc.wait(timeout=20) == 0
        assert f"parent pid {sleeper.pid} is gone" in proc.stderr.read()
    finally:
        proc.kill()
        sleeper.kill()


def test_doctor_and_help():
    out = subprocess.run([sys.executable, "-m", "tribunal_trainer", "doctor"], capture_output=True, text=True, env=ENV, timeout=60)
    assert out.returncode == 0
    rep = json.loads(out.stdout)
    assert rep["torch"] and rep["transformers"] and rep["peft"] and "cuda_available" in rep and isinstance(rep["gpus"], list)
    h = subprocess.run([sys.executable, "-m", "tribunal_trainer", "serve", "--help"], capture_output=True, text=True, env=ENV, timeout=60)
    assert h.returncode == 0 and "--address" in h.stdout and "--port-file" in h.stdout


def test_tiny_model_cli(tmp_path):
    out = subprocess.run([sys.executable, "-m", "tribunal_trainer.tiny_model", "--out", str(tmp_path / "m"), "--arch", "llama", "--seed", "3"], capture_output=True, text=True, env=ENV, timeout=120)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.strip().splitlines()[-1])["arch"] == "llama"
    assert (tmp_path / "m" / "model.safetensors").is_file() and (tmp_path / "m" / "tokenizer.json").is_file()
