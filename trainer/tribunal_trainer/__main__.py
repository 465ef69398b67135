"""Command line: `python -m tribunal_trainer serve|doctor` (see --help).

serve binds the gRPC server (port 0: any free port), prints one JSON line
{"event": "listening", "address": "HOST:PORT", "pid": N} on stdout (and writes
the port to --port-file), logs JSON lines on stderr, and exits cleanly on
SIGTERM/SIGINT or when its parent goes away (parent_guard.py). Under torchrun,
rank 0 serves and the other ranks follow its calls (distributed.py).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading


def _quiet_libraries() -> None:
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_NO_ADVISORY_WARNINGS", "1")
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()
    except Exception:  # noqa: BLE001
        pass


def _write_port_file(path: str, port: int) -> None:
    tmp = f"{path}.tmp-{os.getpid()}"
    with open(tmp, "w") as f:
        f.write(f"{port}\n")
    os.replace(tmp, path)


def _set_threads(threads: int, interop: int) -> None:
    """This process's share of the cores, before any parallel work starts (inter-op threads can only be set then)."""
    import torch

    if threads > 0:
        torch.set_num_threads(threads)
    if interop > 0:
        torch.set_num_interop_threads(interop)


def serve(args) -> int:
    _quiet_libraries()
    _set_threads(args.threads, args.interop_threads)
    from .distributed import init_from_env, shutdown, worker_loop
    from .engine import Engine
    from .jsonlog import log, set_rank
    from .server import build_server, run_call

    d = init_from_env()
    set_rank(d.rank)
    engine = Engine(d)
    if not d.is_main:
        log("worker_ready", world=d.world)
        worker_loop(d, lambda method, payload: run_call(engine, method, payload))
        shutdown(d)
        return 0
    server, port = build_server(engine, d, args.address, max_workers=args.workers)
    host = args.address.rsplit(":", 1)[0]
    if args.port_file:  # before the stdout line, so either can be relied on
        _write_port_file(args.port_file, port)
    import torch

    threads = dict(threads=torch.get_num_threads(), interop_threads=torch.get_num_interop_threads())
    print(json.dumps({"event": "listening", "address": f"{host}:{port}", "pid": os.getpid(), "world_size": d.world, **threads}), flush=True)
    stop = threading.Event()
    reason = {"why": ""}

    def request_stop(why: str) -> None:
        reason["why"] = reason["why"] or why
        stop.set()

    signal.signal(signal.SIGTERM, lambda *_: request_stop("SIGTERM"))
    signal.signal(signal.SIGINT, lambda *_: request_stop("SIGINT"))
    if not args.no_parent_guard:
        from . import parent_guard

        parent_guard.start(request_stop)
    log("listening", address=f"{host}:{port}", world=d.world, **threads)
    while not stop.wait(0.5):
        pass
    log("stopping", reason=reason["why"])
    server.stop(grace=2).wait()
    shutdown(d)
    log("stopped")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tribunal_trainer", description="Tribunal's torch engine compute service (gRPC).")
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("serve", help="serve tribunal.trainer.v1.Trainer over gRPC", description=__doc__.split("\n\n")[1])
    s.add_argument("--address", default="127.0.0.1:0", help="HOST:PORT to bind; port 0 picks a free one (default %(default)s)")
    s.add_argument("--port-file", default="", help="also write the bound port to this file")
    s.add_argument("--workers", type=int, default=8, help="gRPC worker threads (model calls still run one at a time)")
    s.add_argument("--no-parent-guard", action="store_true", help="keep running when stdin closes or the parent exits")
    s.add_argument("--threads", type=int, default=0, help="torch intra-op threads (0: torch's default, every core it sees)")
    s.add_argument("--interop-threads", type=int, default=0, help="torch inter-op threads (0: torch's default)")
    sub.add_parser("doctor", help="print versions, CUDA and GPUs as JSON")
    args = ap.parse_args(argv)
    if args.cmd == "doctor":
        from .doctor import main as doctor_main

        return doctor_main()
    return serve(args)


if __name__ == "__main__":
    sys.exit(main())
