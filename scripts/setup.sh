# Sourced by test.sh and demo.sh: creates .venv if missing, installs the Python dependencies (numba and
# scipy too: tests compare against numba's API and np.linalg needs SciPy's LAPACK) and
# builds the extension into it. Needs Rust, CPython 3.11+, pip and network access to PyPI.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
# shellcheck disable=SC1091
source .venv/bin/activate
# distributed pins the dask it works with; the lower bound keeps pip from taking a years-old one
# (which pins nothing) when dask is released ahead of it.
python -m pip install --quiet "maturin>=1.16,<2" "numpy>=1.26" pytest hypothesis joblib "dask[array]" "distributed>=2025.1" scipy numba
# pip's notes on skipped optional extras go to stdout; errors still reach stderr.
maturin develop --release --quiet > /dev/null
