"""Errors the service reports, each with a gRPC status and a machine-readable code.

Every module raises TrainerError (or a subclass helper below) for anything the
caller can fix; server.py maps it to a gRPC status with the code in the
trailing metadata `tribunal-code`. Anything else becomes INTERNAL there.
This module knows nothing of gRPC beyond the status names.
"""

from __future__ import annotations

# tribunal-code values (shared with the TypeScript side).
BAD_CONFIG = "BAD_CONFIG"
BAD_MESSAGE = "BAD_MESSAGE"
BAD_WEIGHTS = "BAD_WEIGHTS"
NOT_FOUND = "NOT_FOUND"
NOT_LOADED = "NOT_LOADED"
INTERNAL = "INTERNAL"

# gRPC status names (grpc.StatusCode attribute names).
INVALID_ARGUMENT = "INVALID_ARGUMENT"
FAILED_PRECONDITION = "FAILED_PRECONDITION"
NOT_FOUND_STATUS = "NOT_FOUND"
INTERNAL_STATUS = "INTERNAL"

_DEFAULT_STATUS = {
    BAD_CONFIG: INVALID_ARGUMENT,
    BAD_MESSAGE: INVALID_ARGUMENT,
    BAD_WEIGHTS: INVALID_ARGUMENT,
    NOT_FOUND: NOT_FOUND_STATUS,
    NOT_LOADED: FAILED_PRECONDITION,
    INTERNAL: INTERNAL_STATUS,
}


class TrainerError(Exception):
    """A one-line, caller-facing error: `code` (tribunal-code) and `status` (gRPC)."""

    def __init__(self, code: str, message: str, status: str | None = None):
        message = " ".join(str(message).split())  # always one line
        super().__init__(message)
        self.code = code
        self.status = status or _DEFAULT_STATUS[code]
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __reduce__(self):  # picklable (crosses torch.distributed object broadcasts)
        return (TrainerError, (self.code, self.message, self.status))


def bad_config(message: str) -> TrainerError:
    return TrainerError(BAD_CONFIG, message)


def bad_message(message: str) -> TrainerError:
    return TrainerError(BAD_MESSAGE, message)


def bad_weights(message: str) -> TrainerError:
    return TrainerError(BAD_WEIGHTS, message)


def not_found(message: str) -> TrainerError:
    return TrainerError(NOT_FOUND, message)


def not_loaded(message: str = "no model loaded: call Load first") -> TrainerError:
    return TrainerError(NOT_LOADED, message)


def precondition(message: str) -> TrainerError:
    """FAILED_PRECONDITION for a verb the loaded configuration does not allow."""
    return TrainerError(BAD_CONFIG, message, status=FAILED_PRECONDITION)
