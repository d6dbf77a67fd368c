"""Run a grading kernel where student code can do no harm.

The grader names this launcher in a kernelspec (`kernel_spec()`), so nbgrader starts every kernel through
it. Run as root, it gives the kernel
  * a private mount namespace in which the course's solutions/ and autograder/, the grading workspace and
    the submissions folder are covered by empty file systems, and /tmp and /dev/shm are private;
  * the reference code (solution and export cells, no tests) of the chapters *before* the one being
    graded, which later chapters build on, copied into its private /tmp: the kernel can read neither the
    graded chapter's solution nor any hidden test;
  * an unprivileged user of its own for each grading worker (no name, no supplementary groups), so it can
    write nothing outside its private /tmp, and the process limit of one worker's kernels is not used up by
    another's;
  * a PID namespace with its own /proc: the kernel sees, signals and outlives none of the processes
    outside it (the grader, another student's kernel: `os.kill(-1, 9)` reaches only its own children),
    and everything it started dies with it;
  * limits on memory, processes and file size.
Not run as root, it can only apply the limits, and says so on stderr (the report records it).
As root, when the grading worker runs a kernel factory (`bertcourse.zygote`, which has imported torch and
transformers already), the launcher asks it for the kernel instead of starting one: the factory forks the
kernel into new namespaces and puts it through the same `enter()`.

    python -m bertcourse.sandbox CONNECTION_FILE          # what the kernelspec runs
"""
import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

from bertcourse import ROOT

NOBODY = 65534  # the kernel's user when no worker user is given
WORKER_UID_BASE = 2_000_000  # grading worker k runs its kernels as user and group WORKER_UID_BASE + k
MEMORY_BYTES = int(os.environ.get("BERTCOURSE_KERNEL_MEMORY_GB", "6")) << 30
KERNEL = [sys.executable, "-m", "ipykernel_launcher", "-f"]
KERNEL_HOME = "/tmp/kernel"  # on the kernel's private /tmp
# Variables the grader's process may carry that point into root's caches: torch sets TORCHINDUCTOR_CACHE_DIR
# in its own environment once it has used the compiler, and a kernel that inherits it fails on import.
INHERITED_CACHES = ["TORCHINDUCTOR_CACHE_DIR", "TRITON_CACHE_DIR", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR",
                    "TRANSFORMERS_CACHE", "HF_DATASETS_CACHE", "TORCH_HOME", "PYTHONPYCACHEPREFIX"]


def kernel_spec(folder: Path, hide: list, uid: int = NOBODY) -> Path:
    """Write a kernelspec `bertcourse-sandbox` into `folder/kernels/` that starts kernels through this module.

    `hide` lists the folders the kernel must not see (the grading workspace, the submissions); `uid` is
    the unprivileged user (and group) the kernel runs as."""
    mountpoint = folder / "private-tmp"  # where each kernel's private /tmp is mounted before it moves
    mountpoint.mkdir(parents=True, exist_ok=True)
    spec = folder / "kernels" / "bertcourse-sandbox"
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "bertcourse.sandbox", "{connection_file}"],
        "display_name": "BERT course grading sandbox",
        "language": "python",
        "env": {"BERTCOURSE_SANDBOX_HIDE": os.pathsep.join(str(p) for p in hide),
                "BERTCOURSE_SANDBOX_TMP": str(mountpoint), "BERTCOURSE_SANDBOX_UID": str(uid)},
    }))
    return spec


def forget_inherited_caches():
    for name in INHERITED_CACHES:
        os.environ.pop(name, None)


def limit_resources():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 30, 1 << 30))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if os.getuid() == 0:
        resource.setrlimit(resource.RLIMIT_NPROC, (512, 512))


def reference_extracts(assignment: str) -> dict:
    """The reference code of the chapters before `assignment`, as notebooks without any test: path -> text."""
    from bertcourse.reference import exported_cells, read_notebook

    found = {}
    for folder in sorted((ROOT / "solutions").iterdir()):
        if folder.is_dir() and folder.name < assignment:
            for path in folder.glob("*.ipynb"):
                nb = read_notebook(path)
                nb["cells"] = exported_cells(nb)
                found[f"{folder.name}/{path.name}"] = json.dumps(nb)
    return found


def mount_tmpfs(path: str, size: str = "1m", mode: str = "0755"):
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode={mode}", "tmpfs", path], check=True)


def expose(path: Path):
    """Make `path` reachable for the unprivileged kernel (in this namespace only) when a folder above it
    is closed to others, as /root is for a Python installed under it: cover the closed folder with an
    open, empty file system and bind `path` back into it."""
    closed = next((a for a in reversed(path.parents) if a != Path("/") and not os.stat(a).st_mode & 0o001), None)
    if closed is None:
        return
    keep = Path("/tmp/.expose") / str(abs(hash(str(path))))
    keep.mkdir(parents=True)
    subprocess.run(["mount", "--bind", str(path), str(keep)], check=True)
    mount_tmpfs(str(closed))
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "--bind", str(keep), str(path)], check=True)


def private_tmp(mountpoint: Path, keep: set):
    """Give the kernel a /tmp of its own (so no two kernels can pass files), keeping the folders in
    `keep` that live under /tmp (a course checked out there, its venv) where they are."""
    mount_tmpfs(str(mountpoint), "2g", mode="1777")  # writable by all, as /tmp is
    for path in keep:
        if Path("/tmp") in path.parents:
            target = mountpoint / path.relative_to("/tmp")
            target.mkdir(parents=True, exist_ok=True)
            subprocess.run(["mount", "--rbind", str(path), str(target)], check=True)
    subprocess.run(["mount", "--rbind", str(mountpoint), "/tmp"], check=True)


def kernel_environment() -> dict:
    """The variables a kernel runs with (the zygote imports its modules with them too)."""
    home = Path(KERNEL_HOME)
    return dict(HOME=str(home), USER="student", LOGNAME="student", TMPDIR="/tmp",
                XDG_CACHE_HOME=str(home / ".cache"), MPLCONFIGDIR=str(home / ".matplotlib"),
                HF_HOME=str(home / ".hf"), TORCHINDUCTOR_CACHE_DIR=str(home / ".cache" / "torchinductor"),
                BERTCOURSE_SOLUTIONS=str(home / "solutions"), BERTCOURSE_SANDBOXED="1")


def enter(connection_file: str, assignment: str) -> Path:
    """In a new mount namespace, still root: hide, copy in, drop privileges. Returns the kernel's copy of
    the connection file; the caller starts the kernel."""
    connection = Path(connection_file).read_bytes()
    references = reference_extracts(assignment)
    hidden = [ROOT / "solutions", ROOT / "autograder"]
    hidden += [Path(p) for p in os.environ.get("BERTCOURSE_SANDBOX_HIDE", "").split(os.pathsep) if p]
    needed = {Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve(), ROOT.resolve()}
    private_tmp(Path(os.environ["BERTCOURSE_SANDBOX_TMP"]), needed)
    for path in needed:
        expose(path)
    if Path("/dev/shm").is_dir():
        mount_tmpfs("/dev/shm", "512m")
    for path in hidden:
        if path.is_dir():
            mount_tmpfs(str(path))
    home = Path(KERNEL_HOME)
    for name, data in references.items():
        (home / "solutions" / name).parent.mkdir(parents=True, exist_ok=True)
        (home / "solutions" / name).write_text(data)
    (home / "work").mkdir(parents=True, exist_ok=True)
    (home / "connection.json").write_bytes(connection)
    uid = int(os.environ.get("BERTCOURSE_SANDBOX_UID", NOBODY))
    for path in [home, *home.rglob("*")]:
        os.chown(path, uid, uid)
    forget_inherited_caches()  # the grader's own caches (root's, on the real /tmp) are not the kernel's
    os.environ.update(kernel_environment())
    os.chdir(home / "work")
    limit_resources()
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)
    return home / "connection.json"


def inner(connection_file: str, assignment: str):
    """Process 1 of the kernel's namespaces: enter the sandbox, then become the kernel."""
    connection = enter(connection_file, assignment)
    os.execv(KERNEL[0], KERNEL + [str(connection)])


def main(argv):
    if argv[0] == "--inner":
        return inner(argv[1], argv[2])
    connection_file = argv[0]
    if os.getuid() != 0:
        print("bertcourse sandbox: not root, so the kernel runs with limits but without isolation",
              file=sys.stderr)
        limit_resources()
        forget_inherited_caches()
        os.execv(KERNEL[0], KERNEL + [connection_file])
    if os.environ.get("BERTCOURSE_ZYGOTE", "off") != "off":  # the grading worker's kernel factory (bertcourse.zygote)
        from bertcourse import zygote
        try:
            sys.exit(zygote.request_kernel(os.environ["BERTCOURSE_ZYGOTE"], connection_file))
        except zygote.Unavailable as reason:
            print(f"bertcourse sandbox: {reason}; starting the kernel from scratch", file=sys.stderr)
    assignment = Path.cwd().name  # nbgrader starts the kernel in autograded/<student>/<assignment>
    unshare = shutil.which("unshare") or "/usr/bin/unshare"
    # --pid --fork: the kernel is process 1 of a namespace of its own; --mount-proc: a /proc that shows only
    # that namespace; --kill-child: if this launcher is killed, the namespace goes with it
    os.execv(unshare, [unshare, "--mount", "--propagation", "private", "--pid", "--fork", "--mount-proc",
                       "--kill-child", "--",
                       sys.executable, "-m", "bertcourse.sandbox", "--inner", connection_file, assignment])


if __name__ == "__main__":
    main(sys.argv[1:])
