#!/usr/bin/env bash
# Sets up the checkout like test.sh, then runs the demo.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
python bench/demo.py "$@"
