#!/usr/bin/env bash
# The one command that sets up a fresh checkout and runs every test, Rust and Python.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
# The cdylib crate links against libpython only when loaded by Python, so its tests cannot link here.
cargo test --workspace --exclude hasten-python
python -m pytest -q tests/
# The code generator's core again with every specialisation compiled by LLVM (tier 2), which must give
# the same results bit for bit. A subset keeps CI near its 20-minute budget (tier 2 compiles take
# 20-400 ms each); the whole suite under tier 2 is `HASTEN_TIER=2 python -m pytest tests/
# --ignore=tests/test_bench.py --ignore=tests/test_cli.py`, run before changing the code generator.
HASTEN_TIER=2 python -m pytest -q -p no:cacheprovider tests/test_tier2.py tests/test_seeds.py tests/test_arith.py \
    tests/test_arrays.py tests/test_loop_opts.py tests/test_loop_invariants.py tests/test_closed_forms.py \
    tests/test_counters.py tests/test_bounds_facts.py tests/test_branchless.py tests/test_elementwise.py \
    tests/test_parallel.py tests/test_interrupt.py tests/test_exceptions.py tests/test_views.py \
    tests/test_fancy_indexing.py tests/test_lists.py tests/test_pairwise_sums.py tests/test_random_generator.py tests/test_random_generator_dists.py \
    tests/test_span_versioning.py tests/test_memory_order.py tests/test_iterators.py tests/test_direct_handlers.py \
    tests/test_while_facts.py tests/test_exact_pow.py tests/test_vector_dot.py tests/test_reshape_views.py tests/test_optional_locals.py tests/test_reduce_order.py tests/test_sum_order.py tests/test_minmax_bits.py \
    tests/test_generator_objects.py tests/test_complex128_scalars.py tests/test_np_histogram.py tests/test_transpose_round_fmod.py tests/test_vector_rows.py
