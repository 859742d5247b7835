"""Schemathesis hooks for scripts/check-api.

Works around a CPython 3.11 bug ("SystemError: AST constructor recursion depth
mismatch") that Hypothesis can hit while describing a filter lambda for its own
error messages: the description falls back to the function's name instead of
aborting the run.
"""
import hypothesis.internal.reflection as reflection
import hypothesis.strategies._internal.lazy as lazy

_describe = reflection.get_pretty_function_description


def _safe_describe(f):
    try:
        return _describe(f)
    except SystemError:
        return getattr(f, "__name__", "<lambda>")


reflection.get_pretty_function_description = _safe_describe
lazy.get_pretty_function_description = _safe_describe
