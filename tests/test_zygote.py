"""The kernel launcher's stand-in (`bertcourse.zygote.request_kernel`) against stand-in zygotes: it gives up
cleanly when no kernel can be made (the launcher then starts one from scratch), forwards Jupyter's signals,
and exits with the kernel's status. The real zygote is exercised as root by the cheats catalogue."""
import json
import os
import signal
import socket
import threading

import pytest

from bertcourse import zygote


@pytest.fixture(autouse=True)
def keep_signal_handlers():
    """The stand-in takes over the signals it forwards; the test process gets its own handlers back."""
    before = {s: signal.getsignal(s) for s in zygote.FORWARDED}
    yield
    for s, handler in before.items():
        signal.signal(s, handler)


def fake_zygote(path, answer):
    """A zygote on `path` that reads one request and then lets `answer(connection, request)` reply."""
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(1)

    def serve():
        connection, _ = server.accept()
        message, fds, _, _ = socket.recv_fds(connection, 1 << 20, 3)
        for fd in fds:
            os.close(fd)
        answer(connection, message)
        connection.close()
        server.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return thread


def test_no_zygote_is_unavailable(tmp_path):
    with pytest.raises(zygote.Unavailable, match="no kernel from the zygote"):
        zygote.request_kernel(str(tmp_path / "missing.sock"), "kernel.json")


def test_a_zygote_that_fails_is_unavailable_with_its_reason(tmp_path):
    fake_zygote(tmp_path / "z.sock", lambda c, m: c.sendall(b"failed: OSError: unshare(CLONE_NEWPID) failed\n"))
    with pytest.raises(zygote.Unavailable, match="unshare"):
        zygote.request_kernel(str(tmp_path / "z.sock"), "kernel.json")


def test_request_names_the_connection_file_and_working_folder(tmp_path, monkeypatch):
    seen = {}

    def answer(connection, message):
        seen.update(json.loads(message))
        connection.sendall(b"started\nexit 0\n")

    monkeypatch.chdir(tmp_path)
    thread = fake_zygote(tmp_path / "z.sock", answer)
    assert zygote.request_kernel(str(tmp_path / "z.sock"), "kernel-1.json") == 0
    thread.join(5)
    assert seen["connection_file"] == str(tmp_path / "kernel-1.json") and seen["cwd"] == str(tmp_path)
    assert seen["env"]["PATH"] == os.environ["PATH"]


def test_signals_are_forwarded_and_the_kernel_status_returned(tmp_path):
    """Jupyter interrupts a kernel by signalling the process it started, here the stand-in: the signal must
    reach the zygote, and the stand-in ends with the kernel's status."""
    def answer(connection, message):
        connection.sendall(b"started\n")
        os.kill(os.getpid(), signal.SIGUSR1)  # as Jupyter's interrupt would signal the stand-in
        forwarded = connection.makefile("rb").readline().strip()
        connection.sendall(b"exit %d\n" % (100 + int(forwarded)))

    fake_zygote(tmp_path / "z.sock", answer)
    assert zygote.request_kernel(str(tmp_path / "z.sock"), "kernel.json") == 100 + signal.SIGUSR1


def test_a_zygote_that_vanishes_mid_kernel_means_a_dead_kernel(tmp_path):
    fake_zygote(tmp_path / "z.sock", lambda c, m: c.sendall(b"started\n"))
    assert zygote.request_kernel(str(tmp_path / "z.sock"), "kernel.json") == 1
