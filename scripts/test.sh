#!/usr/bin/env bash
# The one command that sets up a fresh checkout and runs every test, Rust and Python.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
# The cdylib crate links against libpython only when loaded by Python, so its tests cannot link here.
cargo test --workspace --exclude hasten-python
python -m pytest -q tests/
# The differential suite again with every specialisation compiled by LLVM (tier 2), which must give
# the same results bit for bit; the benchmark harness and CLI tests time things and are left out.
HASTEN_TIER=2 python -m pytest -q -p no:cacheprovider tests/ --ignore=tests/test_bench.py --ignore=tests/test_cli.py
