"""Checks for the visible and hidden tests: each failure says what was expected and what came back.

    from bertcourse.testing import check_close, check_equal, check_shape
    check_shape(out, (2, 7, 384), "BertEmbeddings output")
    check_close(out, expected, "BertEmbeddings output", atol=1e-5)
"""
import math

import torch


class CheckFailed(AssertionError):
    """A test found the learner's answer wrong; the message explains how."""


def _describe(x) -> str:
    if isinstance(x, torch.Tensor):
        return f"tensor of shape {tuple(x.shape)} and dtype {x.dtype}"
    return f"{type(x).__name__} {x!r}"[:200]


def check_type(value, expected_type, what: str):
    if not isinstance(value, expected_type):
        raise CheckFailed(f"{what}: expected a {getattr(expected_type, '__name__', expected_type)}, got {_describe(value)}.")


def check_shape(tensor, shape, what: str):
    """`tensor` is a torch.Tensor of exactly `shape`."""
    check_type(tensor, torch.Tensor, what)
    if tuple(tensor.shape) != tuple(shape):
        raise CheckFailed(f"{what}: expected shape {tuple(shape)}, got {tuple(tensor.shape)}.")


def check_equal(actual, expected, what: str):
    """Exact equality for ints, strings, lists and integer tensors, with the first difference shown."""
    if isinstance(expected, torch.Tensor):
        check_shape(actual, expected.shape, what)
        if actual.dtype != expected.dtype:
            raise CheckFailed(f"{what}: expected dtype {expected.dtype}, got {actual.dtype}.")
        if not torch.equal(actual, expected):
            where = (actual != expected).nonzero()[0].tolist()
            raise CheckFailed(
                f"{what}: differs at index {tuple(where)}: expected {expected[tuple(where)].item()}, "
                f"got {actual[tuple(where)].item()} ({int((actual != expected).sum())} of {actual.numel()} entries differ)."
            )
        return
    if type(actual) is not type(expected) and not (isinstance(actual, (list, tuple)) and isinstance(expected, (list, tuple))):
        raise CheckFailed(f"{what}: expected {_describe(expected)}, got {_describe(actual)}.")
    if isinstance(expected, (list, tuple)):
        if len(actual) != len(expected):
            raise CheckFailed(f"{what}: expected {len(expected)} items {list(expected)!r:.300}, got {len(actual)} items {list(actual)!r:.300}.")
        for i, (a, e) in enumerate(zip(actual, expected)):
            if type(a) is not type(e) or a != e:
                raise CheckFailed(f"{what}: item {i} should be {e!r}, got {a!r}. Expected {list(expected)!r:.300}, got {list(actual)!r:.300}.")
        return
    if actual != expected or not (expected == actual):
        raise CheckFailed(f"{what}: expected {expected!r:.300}, got {actual!r:.300}.")


def check_close(actual, expected, what: str, atol=1e-5, rtol=1e-4):
    """Floating-point tensors equal within tolerance; the message gives the largest difference and where."""
    check_shape(actual, expected.shape, what)
    if not actual.dtype.is_floating_point:
        raise CheckFailed(f"{what}: expected a floating-point tensor, got dtype {actual.dtype}.")
    actual, expected = actual.detach().double(), expected.detach().double()
    if not torch.isfinite(actual).all():
        raise CheckFailed(f"{what}: contains NaN or infinity (expected finite values).")
    diff = (actual - expected).abs()
    bad = diff > atol + rtol * expected.abs()
    if bad.any():
        where = tuple(bad.nonzero()[0].tolist())
        worst = tuple(int(i) for i in torch.unravel_index(diff.argmax(), diff.shape))
        raise CheckFailed(
            f"{what}: {int(bad.sum())} of {bad.numel()} values differ beyond tolerance (atol={atol}). "
            f"First at index {where}: expected {expected[where].item():.6g}, got {actual[where].item():.6g}; "
            f"largest difference {diff.max().item():.3g} at {worst}."
        )


def check_number(actual, expected: float, what: str, tol=1e-6):
    if not isinstance(actual, (int, float)) or isinstance(actual, bool):
        if isinstance(actual, torch.Tensor) and actual.numel() == 1:
            actual = actual.item()
        else:
            raise CheckFailed(f"{what}: expected a number, got {_describe(actual)}.")
    if not math.isfinite(actual) or abs(actual - expected) > tol:
        raise CheckFailed(f"{what}: expected {expected:.6g}, got {actual:.6g}.")
