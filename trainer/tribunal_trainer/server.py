"""The gRPC server: tribunal.trainer.v1.Trainer over codec.py and one Engine.

Requests arrive as raw bytes (generic handlers with the proto's method names),
so rank 0 can broadcast them unchanged to the other ranks under torchrun.
Model calls are serialised by a lock (Info alone skips it and is answered by
rank 0), except that a Sample of the sampling snapshot runs beside the calls
on the live weights (Dispatcher); each call's log line says how long it ran
and how long it waited for its locks. Errors: TrainerError -> its gRPC status, the one-line message, and
trailing metadata `tribunal-code`; anything else -> INTERNAL / INTERNAL with
the exception's first line (the traceback goes to the stderr log). Message
limits are raised to MAX_MESSAGE_BYTES both ways.
"""

from __future__ import annotations

import contextlib
import threading
import time
import traceback
from concurrent import futures

import grpc

from . import codec
from .distributed import Dist
from .engine import Engine
from .errors import INTERNAL, TrainerError
from .gen import trainer_pb2 as pb
from .jsonlog import log
from .model_loader import first_line

SERVICE = pb.DESCRIPTOR.services_by_name["Trainer"]
SERVICE_NAME = SERVICE.full_name  # tribunal.trainer.v1.Trainer
MAX_MESSAGE_BYTES = 256 * 1024 * 1024
OPTIONS = [
    ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
    ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
]
UNLOCKED = {"Info"}
WRITES_SNAPSHOT = {"Load", "ExportWeights"}  # a new model drops the snapshot; a memory export rewrites it
assert set(codec.HANDLERS) == {m.name for m in SERVICE.methods}, "codec.HANDLERS out of sync with trainer.proto"


def run_call(engine: Engine, method: str, payload: bytes) -> tuple[bytes | None, TrainerError | None]:
    """One call on this rank: (reply bytes, None) or (None, error). Never raises."""
    try:
        return codec.call(engine, method, payload), None
    except TrainerError as e:
        return None, e
    except Exception as e:  # noqa: BLE001 - reported as INTERNAL
        log("internal_error", level="error", method=method, error=first_line(e), traceback=traceback.format_exc())
        return None, TrainerError(INTERNAL, f"{method}: {first_line(e)}")


def reads_snapshot_only(method: str, payload: bytes) -> bool:
    """A Sample of the sampling snapshot: it touches neither the live weights nor what trains them."""
    return method == "Sample" and pb.SampleRequest.FromString(payload).from_snapshot


class Dispatcher:
    """Runs calls under locks: `model` for everything of the live weights, `snapshot` for the sampling copy.

    A Sample of the snapshot takes only the snapshot lock, so a colocated sampler
    draws while the learner trains on the live weights (two threads; torch
    releases the GIL inside its ops, and the cores that one leaves idle between
    ops the other fills). A memory export (which writes the snapshot) and a
    Load (which replaces both) take both locks, always in the same order. Under
    torchrun every call takes both, so the ranks see one order of calls.
    """

    def __init__(self, engine: Engine, d: Dist):
        self.engine, self.dist = engine, d
        self.model = threading.Lock()
        self.snapshot = threading.Lock()

    def _locks(self, method: str, payload: bytes) -> list[threading.Lock]:
        if method in UNLOCKED:
            return []
        if self.dist.enabled or method in WRITES_SNAPSHOT:
            return [self.model, self.snapshot]
        return [self.snapshot] if reads_snapshot_only(method, payload) else [self.model]

    def __call__(self, method: str, payload: bytes) -> tuple[bytes | None, TrainerError | None]:
        start = time.monotonic()
        try:
            locks = self._locks(method, payload)
        except Exception:  # noqa: BLE001 - an unreadable Sample: both locks, and the codec says what is wrong
            locks = [self.model, self.snapshot]
        with contextlib.ExitStack() as held:
            for lock in locks:
                held.enter_context(lock)
            ran = time.monotonic()  # the wait before: another call held what this one needs
            if locks:
                self.dist.broadcast_call(method, payload)
            out = run_call(self.engine, method, payload)
        err, end = out[1], time.monotonic()
        log("call", method=method, ms=round(1000 * (end - ran), 1), wait_ms=round(1000 * (ran - start), 1), bytes_in=len(payload),
            **({"code": err.code, "error": err.message} if err else {"bytes_out": len(out[0])}))
        return out


def _handler(dispatch: Dispatcher, method: str):
    def handle(payload: bytes, context: grpc.ServicerContext) -> bytes:
        reply, err = dispatch(method, payload)
        if err is not None:
            context.set_trailing_metadata((("tribunal-code", err.code),))
            context.abort(getattr(grpc.StatusCode, err.status), err.message)
        return reply

    return grpc.unary_unary_rpc_method_handler(handle)  # no (de)serializers: raw bytes


def build_server(engine: Engine, d: Dist, address: str, max_workers: int = 8) -> tuple[grpc.Server, int]:
    """A started server bound to address (port 0: any free port) and the port it got."""
    dispatch = Dispatcher(engine, d)
    handlers = {m.name: _handler(dispatch, m.name) for m in SERVICE.methods}
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="rpc"), options=OPTIONS)
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler(SERVICE_NAME, handlers),))
    port = server.add_insecure_port(address)
    if port == 0:
        raise OSError(f"cannot bind {address}")
    server.start()
    return server, port
