"""The loops of bench/parallel.py, written once and loaded once per variant.

parallel.py executes this file through seedlib.load with `jit` (serial functions), `pjit` (the
functions with a parallel loop) and `prange` bound per variant to one compiler's: serial variants get
a plain njit as `pjit`, parallel ones njit(parallel=True). Outside parallel=True, prange is range in
both hasten and numba. Imported by name (as process-pool workers unpickling the *_task functions do)
it is serial hasten, the code the joblib/multiprocessing variants run on their chunks.

slow_thing is the seed's own, from hasten/bench/workloads.py, wrapped with this copy's `jit` so that
process_image and process_rows call it inside the same compiler.
"""

import numpy as np

from hasten.bench import workloads  # imported by name: the plain Python seed functions

if "jit" not in globals():  # imported by name
    from hasten import njit as jit
    from hasten import prange

    pjit = jit


# ----- seed 003: the Basel sum ----------------------------------------------------------------


@pjit
def basel(N):
    s = 0.0
    for k in prange(1, N):
        s += 1.0 / (k * k)
    return s


@jit
def basel_range(lo, hi):
    s = 0.0
    for k in range(lo, hi):
        s += 1.0 / (k * k)
    return s


def basel_task(lo, hi):
    # plain functions pickle by reference, so a process pool can call the serial kernel
    return basel_range(lo, hi)


# ----- seed 001: 3x3 convolution without padding (its "Extra" version), parallel over rows -----


@pjit
def conv(arr, kernel):
    kernel_rows = kernel.shape[0]
    kernel_cols = kernel.shape[1]
    x_offset = kernel_rows // 2
    y_offset = kernel_cols // 2
    height = arr.shape[0]
    width = arr.shape[1]
    out = np.empty((height, width))
    for i in prange(height):
        for j in range(width):
            # set per pixel, not once before the loop as the seed does: a variable assigned before
            # a prange loop and updated with += in it is a reduction to numba
            tmp = 0.0
            for k in range(kernel_rows):
                for l in range(kernel_cols):
                    arr_row = i + k - x_offset
                    arr_col = j + l - y_offset
                    if 0 <= arr_row < height and 0 <= arr_col < width:
                        tmp += arr[arr_row, arr_col] * kernel[kernel_rows - 1 - k, kernel_cols - 1 - l]
            out[i, j] = tmp
    return out


def conv_task(slab, kernel, top, rows):
    # slab = the task's rows plus up to one halo row each side; `top` is where its own rows start
    return conv(slab, kernel)[top:top + rows]


# ----- seed 000: per-pixel process_image, parallel over rows ------------------------------------


slow_thing = jit(workloads.slow_thing)


@pjit
def process_image(image):
    for x in prange(image.shape[1]):
        for y in range(image.shape[1]):
            slow_thing(image, x, y)


@jit
def process_rows(image, lo, hi):
    for x in range(lo, hi):
        for y in range(image.shape[1]):
            slow_thing(image, x, y)


def process_task(n, lo, hi):
    # np.zeros maps zero pages lazily: the rows this task does not touch cost no memory
    image = np.zeros((n, n))
    process_rows(image, lo, hi)
    return image[lo:hi]


# ----- the cost of entering a parallel region ---------------------------------------------------


@pjit
def region(a):
    for i in prange(a.shape[0]):
        a[i] += 1.0
