"""Parent-death guard: the service never outlives the process that started it.

A daemon thread calls `on_gone(reason)` once when any of these happens:
stdin is a pipe and reaches EOF; TRIBUNAL_PARENT_PID names a process that no
longer exists; the parent process changes (os.getppid(), i.e. the parent died
and the process was re-parented). Polls once a second. What to do then
(stop the server, exit) is the caller's choice.
"""

from __future__ import annotations

import os
import stat
import sys
import threading
import time


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _stdin_is_pipe() -> bool:
    try:
        return stat.S_ISFIFO(os.fstat(sys.stdin.fileno()).st_mode)
    except (OSError, ValueError, AttributeError):
        return False


def start(on_gone, interval: float = 1.0) -> None:
    fired = threading.Event()

    def fire(reason: str) -> None:
        if not fired.is_set():
            fired.set()
            on_gone(reason)

    if _stdin_is_pipe():
        def read_stdin() -> None:
            try:
                while os.read(sys.stdin.fileno(), 65536):
                    pass
            except OSError:
                pass
            fire("stdin closed")

        threading.Thread(target=read_stdin, name="parent-guard-stdin", daemon=True).start()

    env_pid = os.environ.get("TRIBUNAL_PARENT_PID", "").strip()
    parent_pid = int(env_pid) if env_pid.isdigit() else None
    ppid = os.getppid()

    def poll() -> None:
        while not fired.is_set():
            if parent_pid is not None and not _alive(parent_pid):
                return fire(f"parent pid {parent_pid} is gone")
            if os.getppid() != ppid:
                return fire(f"parent process {ppid} is gone")
            time.sleep(interval)

    threading.Thread(target=poll, name="parent-guard-poll", daemon=True).start()
