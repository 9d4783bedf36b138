"""docs/numpy_coverage.md is generated from measurement (scripts/gen_coverage.py probes every entry
of numba's "Supported NumPy features" page by compiling and running it): the page must be current,
every entry it calls missing must raise UnsupportedError naming it, and no entry may fail any other
way (a TypingError blaming the user's code, an internal error, a result NumPy would not give)."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("gen_coverage", ROOT / "scripts" / "gen_coverage.py")
gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen)


@pytest.fixture(scope="module")
def results():
    return gen.measure()


def test_page_is_current(results):
    assert gen.PAGE.read_text() == gen.render(results), "docs/numpy_coverage.md is stale: run python scripts/gen_coverage.py"


def test_missing_entries_raise_unsupported_error_naming_them(results):
    missing = [(name, note) for _, name, status, note in results if status == "missing"]
    assert missing
    for name, note in missing:
        parts = [p for p in name.split(".") if p not in ("numpy", "ndarray", "Generator")]
        named = any(p in note for p in parts) or gen.REFUSED_BY.get(name, "\0") in note
        assert named, f"{name}: the UnsupportedError does not name it: {note}"


def test_no_entry_fails_otherwise(results):
    bad = [(name, status, note) for _, name, status, note in results if status not in ("yes", "missing") and not status.startswith("not in NumPy")]
    assert not bad
