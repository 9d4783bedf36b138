#!/usr/bin/env bash
# The one command that sets up a fresh checkout and runs every test, Rust and Python.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
# The cdylib crate links against libpython only when loaded by Python, so its tests cannot link here.
cargo test --workspace --exclude hasten-python
python -m pytest -q tests/
