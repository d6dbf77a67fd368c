"""A grading worker's kernel factory: one Python process that has imported torch and transformers once and
forks every grading kernel from itself, so that no kernel pays for those imports again.

A fresh kernel spends about 4 s importing torch, transformers and its BERT modules before a student's first
line runs: a quarter of the time it takes to grade a whole course. Forking a process that already holds
them costs a few milliseconds. The kernel that results is sandboxed exactly as `bertcourse.sandbox`'s
own launcher does it (same function, `sandbox.enter`): process 1 of new PID and mount namespaces, the
course's secrets hidden, an unprivileged user, limits.

How a kernel is made. nbgrader still starts `python -m bertcourse.sandbox CONNECTION_FILE` (the kernelspec);
when the worker runs a zygote, that launcher becomes a thin stand-in for the kernel (`request_kernel`):

    launcher (stand-in)  --request, its stdin/stdout/stderr-->  zygote  --fork-->  supervisor
                                                                                     | unshare, fork
                                                                                   kernel (pid 1)

The stand-in forwards the signals Jupyter sends it (interrupt, terminate) to the supervisor, which passes
them to the kernel, and exits with the kernel's exit status. When the stand-in is killed, the supervisor
sees its socket close and kills the kernel, and with it everything in its namespace; when the supervisor
dies, the kernel gets SIGKILL (as `unshare --kill-child`). Where anything goes wrong before the kernel
exists, the stand-in starts the kernel from scratch instead.

The zygote's socket lies in the grading workspace, which no kernel can see; it serves root only.

    python -m bertcourse.zygote SOCKET WORKER_PID   # run by the grading worker (root); ready when SOCKET exists
"""
import atexit
import ctypes
import importlib
import json
import os
import select
import signal
import socket
import struct
import subprocess
import sys
import traceback
from pathlib import Path

from bertcourse import sandbox

# What every graded notebook imports (first cells and hidden tests). Not bertcourse.reference: it reads
# where the solutions are when imported, and matplotlib: it settles its cache folders when imported.
PRELOAD = ["numpy", "torch", "torch.nn.functional", "tokenizers", "transformers",
           "transformers.models.bert.modeling_bert", "transformers.masking_utils", "bertcourse.checkpoint",
           "bertcourse.testing", "ipykernel.kernelapp"]
CLONE_NEWNS, CLONE_NEWPID, PR_SET_PDEATHSIG = 0x00020000, 0x20000000, 1
LIBC = ctypes.CDLL(None, use_errno=True)  # unshare(2) and prctl(2), which Python 3.11's os module lacks
FORWARDED = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT, signal.SIGHUP, signal.SIGUSR1, signal.SIGUSR2]


class Unavailable(Exception):
    """The zygote could not make this kernel: the launcher starts it from scratch."""


# The stand-in: run by the kernelspec's launcher in place of the kernel.

def request_kernel(path: str, connection_file: str) -> int:
    """Ask the zygote at `path` for a kernel; stand in for it until it exits, then return its exit status."""
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    for signum in FORWARDED:  # from now on, for the kernel: the supervisor delivers them once it has started
        signal.signal(signum, lambda signum, frame: client.sendall(f"{signum}\n".encode()))
    try:
        client.connect(path)
        request = {"connection_file": os.path.abspath(connection_file), "cwd": os.getcwd(), "env": dict(os.environ)}
        socket.send_fds(client, [json.dumps(request).encode() + b"\n"], [0, 1, 2])
        reply = client.makefile("rb")
        first = reply.readline().decode().strip()
    except OSError as error:
        raise Unavailable(f"no kernel from the zygote ({error})") from None
    if first != "started":
        raise Unavailable(f"no kernel from the zygote ({first or 'it closed the connection'})")
    last = reply.readline().decode().split()  # "exit N" when the kernel has ended
    return int(last[1]) if len(last) == 2 and last[0] == "exit" else 1


# The zygote.

def serve(path: Path, worker: int):
    LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)  # ends with its grading worker, even one killed on a timeout
    if os.getppid() != worker:
        return
    os.environ.update(sandbox.kernel_environment())  # modules read their settings as in a kernel
    for name in PRELOAD:
        importlib.import_module(name)
    preloaded = set(sys.modules)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # supervisors are reaped by the system
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    ready = path.with_name(path.name + ".new")
    ready.unlink(missing_ok=True)
    server.bind(str(ready))
    os.chmod(ready, 0o600)
    server.listen(16)
    os.rename(ready, path)  # the socket appears under its name once the imports are done
    while True:
        connection, _ = server.accept()
        _, uid, _ = struct.unpack("3i", connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12))
        if uid == 0 and os.fork() == 0:
            server.close()
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            supervise(connection, preloaded)
            os._exit(0)
        connection.close()


def supervise(connection: socket.socket, preloaded: set):
    """One kernel's supervisor: read the request, make the namespaces, fork the kernel, relay signals to
    it, report how it ended."""
    fds = []
    try:
        message, fds, _, _ = socket.recv_fds(connection, 1 << 20, 3)
        while b"\n" not in message:
            more = connection.recv(1 << 20)
            if not more:
                raise EOFError("the launcher closed the connection mid-request")
            message += more
        message, pending = message.split(b"\n", 1)  # what follows the request: signals for the kernel
        request = json.loads(message)
        unshare(CLONE_NEWNS, "CLONE_NEWNS")
        subprocess.run(["mount", "--make-rprivate", "/"], check=True)  # nothing mounted here leaks out
        unshare(CLONE_NEWPID, "CLONE_NEWPID")  # the next child is process 1 of a new PID namespace
        kernel = os.fork()
    except Exception as error:
        connection.sendall(f"failed: {type(error).__name__}: {error}\n".encode())
        return
    if kernel == 0:
        run_kernel(connection, request, fds, preloaded)
    for fd in fds:
        os.close(fd)
    connection.sendall(b"started\n")
    ended = os.pidfd_open(kernel)
    while True:
        *lines, pending = pending.split(b"\n")
        for line in lines:
            os.kill(kernel, int(line))
        readable, _, _ = select.select([connection, ended], [], [])
        if ended in readable:
            _, status = os.waitpid(kernel, 0)
            code = os.waitstatus_to_exitcode(status)
            connection.sendall(f"exit {code if code >= 0 else 128 - code}\n".encode())
            return
        data = connection.recv(1024)
        if not data:  # the stand-in was killed: so is the kernel, and its whole namespace with it
            os.kill(kernel, signal.SIGKILL)
            os.waitpid(kernel, 0)
            return
        pending += data


def unshare(flag: int, name: str):
    if LIBC.unshare(flag) != 0:
        raise OSError(ctypes.get_errno(), f"unshare({name}) failed")


def run_kernel(connection: socket.socket, request: dict, fds: list, preloaded: set):
    """Process 1 of the new namespaces: take the launcher's standard streams, mount this namespace's /proc,
    enter the sandbox, run the kernel. Never returns."""
    try:
        LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)  # dies with its supervisor
        connection.close()
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        subprocess.run(["mount", "-t", "proc", "-o", "nosuid,nodev,noexec", "proc", "/proc"], check=True)
        os.environ.clear()
        os.environ.update(request["env"])
        os.chdir(request["cwd"])
        kernel_connection = sandbox.enter(request["connection_file"], Path(request["cwd"]).name)
        for name in set(sys.modules) - preloaded:  # imported by the launcher's code (bertcourse.reference,
            del sys.modules[name]                 # which fixed where the solutions are): the kernel imports anew
        reseed()
        signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a fresh Python
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        sys.argv = ["ipykernel_launcher", "-f", str(kernel_connection)]
        sys.path[0] = os.getcwd()  # as for `python -m ipykernel_launcher`
        from ipykernel.kernelapp import IPKernelApp
        IPKernelApp.launch_instance(argv=sys.argv[1:])
        code = 0
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else 0
    except BaseException:
        traceback.print_exc()
        code = 1
    atexit._run_exitfuncs()  # as a Python that ends normally would
    os._exit(code)


def reseed():
    """Fresh random states, as a new Python process gets: without this every kernel forked from one zygote
    would draw the same unseeded torch and numpy numbers (Python's `random` reseeds itself after a fork)."""
    import numpy
    import torch

    torch.seed()
    numpy.random.seed()


if __name__ == "__main__":
    serve(Path(sys.argv[1]), int(sys.argv[2]))
