"""The install: pins agree between pip and conda, torch is pinned, the checkpoint resolves offline."""
import importlib.metadata as md
import re
from pathlib import Path

import pytest

from bertcourse import ROOT, checkpoint


def pins(lines) -> dict:
    found = {}
    for line in lines:
        match = re.match(r"^\s*(?:-\s+)?([A-Za-z0-9_.\-]+)==([^\s#]+)", line)
        if match:
            found[match.group(1).lower()] = match.group(2)
    return found


def test_requirements_pin_every_package():
    lines = [l for l in (ROOT / "requirements.txt").read_text().splitlines() if l.strip() and not l.startswith("#")]
    unpinned = [l for l in lines if "==" not in l]
    assert not unpinned, f"requirements.txt has unpinned packages: {unpinned}"
    assert pins(lines).get("torch") == "2.13.0", "torch must stay pinned to 2.13.0 (unpinned pulls a CUDA build)"


def test_environment_yml_agrees_with_requirements():
    pip_pins = pins((ROOT / "requirements.txt").read_text().splitlines())
    conda_pins = pins((ROOT / "environment.yml").read_text().splitlines())
    differ = {name: (version, conda_pins.get(name)) for name, version in pip_pins.items() if conda_pins.get(name) != version}
    extra = set(conda_pins) - set(pip_pins)
    assert not differ and not extra, f"requirements.txt vs environment.yml differ: {differ}, only in conda: {extra}"


def test_installed_versions_are_the_pinned_ones():
    wanted = pins((ROOT / "requirements.txt").read_text().splitlines())
    wrong = {}
    for name, version in wanted.items():
        installed = md.version(name)
        if installed.split("+")[0] != version:
            wrong[name] = (version, installed)
    assert not wrong, f"installed versions differ from the pins (run `make setup`): {wrong}"


def test_packaged_checkpoint_loads_offline():
    tokenizer = checkpoint.load_tokenizer()
    assert tokenizer("The cat sat on the mat.")["input_ids"] == [101, 1996, 4937, 2938, 2006, 1996, 13523, 1012, 102]
    config = checkpoint.load_config()
    assert (config.num_hidden_layers, config.hidden_size, config.num_attention_heads) == (6, 384, 12)


def test_hub_name_offline_says_how_to_use_the_packaged_checkpoint(monkeypatch):
    monkeypatch.setattr("bertcourse.ONLINE", False)
    monkeypatch.setenv("BERTCOURSE_CHECKPOINT", "bert-base-uncased")
    with pytest.raises(checkpoint.CheckpointUnavailable, match="packaged"):
        checkpoint.resolve()


def test_a_local_folder_must_be_a_model(tmp_path):
    with pytest.raises(checkpoint.CheckpointUnavailable, match="config.json"):
        checkpoint.resolve(str(tmp_path))
    assert checkpoint.resolve(str(checkpoint.packaged_path())) == str(checkpoint.packaged_path())


def test_doctor_reports_ready(capsys):
    from bertcourse.cli import main

    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert "ready" in out and "[101, 1996, 4937" in out
