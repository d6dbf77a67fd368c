"""What the benchmarks compute: the command that runs the pretraining lecture with another profile edits the
right cell (or says why not); the speed benchmark's interval for a median ratio."""
import importlib.util
import statistics

import nbformat
import pytest

from bertcourse import ROOT


def load_script(name="run_pretraining_profile"):
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_profile_and_settings_change_in_the_lecture_settings_cell():
    script = load_script()
    nb = script.with_profile(nbformat.read(script.LECTURE, as_version=4), "full", {"max_seconds": 5})
    cells = [c for c in nb.cells if c.cell_type == "code" and script.SETTINGS_LINE in c.source]
    assert len(cells) == 1
    lines = cells[0].source.splitlines()
    assert [line for line in lines if line.startswith("PROFILE = ")] == ["PROFILE = 'full'"]
    at = lines.index(script.SETTINGS_LINE)
    assert lines[at + 1] == "settings['max_seconds'] = 5", "the change must follow the choice of profile"
    assert "is_available" in "\n".join(lines[at + 2:]), "the GPU check must still come after the change"


def test_a_lecture_without_the_settings_cell_is_refused_with_a_reason():
    script = load_script()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("PROFILE = 'quick'")])
    with pytest.raises(SystemExit, match="has no cell with"):
        script.with_profile(nb, "full", {})


@pytest.mark.parametrize("text, expected", [("max_seconds=200", ("max_seconds", 200)),
                                            ("device='cpu'", ("device", "cpu"))])
def test_set_values_are_python_literals(text, expected):
    assert load_script().parse_set(text) == expected


def test_a_set_value_that_is_not_a_literal_is_refused():
    import argparse
    with pytest.raises(argparse.ArgumentTypeError, match="Python literal"):
        load_script().parse_set("device=cuda")


def test_the_bootstrap_interval_holds_the_median_and_narrows_with_more_rounds():
    interval = load_script("bench_model").bootstrap_interval
    assert interval([1.0] * 10) == (1.0, 1.0)
    few = [0.9, 1.1, 0.95, 1.05, 1.0, 0.92, 1.08, 0.97, 1.03, 1.01]
    low, high = interval(few)
    assert low < statistics.median(few) < high, (low, high)
    assert 0.9 <= low and high <= 1.1, "a median cannot leave the range of the values"
    many_low, many_high = interval(few * 6)
    assert many_high - many_low < high - low, "six times the rounds must give a narrower interval"
