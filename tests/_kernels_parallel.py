"""Jitted kernels for the process-pool and dask tests. They live in an importable module because
jitted functions are pickled by reference: a worker process (spawned, loky, dask.distributed)
imports this module by name and compiles the kernel itself."""

import os

import numpy as np

from hasten import njit, prange
from hasten.bench import workloads  # imported by name: the plain Python seed functions


@njit
def laplacian(f, dx, dy):
    # seed 002's loop (the Cython version), written into an array of f's shape whose border stays
    # zero: each interior point depends only on its four neighbours, so a chunk with a one-point
    # halo gives, once the halo is trimmed, exactly the whole array's values.
    i_max = f.shape[0]
    j_max = f.shape[1]
    result = np.zeros((i_max, j_max))
    for i in range(1, i_max - 1):
        for j in range(1, j_max - 1):
            result[i, j] = (
                (f[i - 1, j] - 2 * f[i, j] + f[i + 1, j]) / dx**2
                + (f[i, j - 1] - 2 * f[i, j] + f[i, j + 1]) / dy**2
            )
    return result


@njit
def kernel_convolution_2d(arr, kernel):
    # seed 001's "Extra" version: a bounds test stands for zero padding, so at the array's edges a
    # chunk (which has no halo there) skips the same terms as the whole array does.
    kernel_rows = kernel.shape[0]
    kernel_cols = kernel.shape[1]
    x_offset = kernel_rows // 2
    y_offset = kernel_cols // 2
    flipped_kernel = np.fliplr(np.flipud(kernel))
    height = arr.shape[0]
    width = arr.shape[1]
    conv = np.empty((height, width))
    tmp = 0
    for i in range(height):
        for j in range(width):
            for k in range(kernel_rows):
                for l in range(kernel_cols):
                    arr_row = i + k - x_offset
                    arr_col = j + l - y_offset
                    if 0 <= arr_row < height and 0 <= arr_col < width:
                        tmp += arr[arr_row][arr_col] * flipped_kernel[k][l]
            conv[i][j] = tmp
            tmp = 0
    return conv


# The seed's add_arrays, compiled here and named as this module's, so that it pickles by reference
# to `_kernels_parallel.add_arrays` (under workloads' name pickle would find the plain function).
add_arrays = njit(workloads.add_arrays)
add_arrays.__module__ = __name__


@njit(parallel=True)
def row_sums(a):
    out = np.empty(a.shape[0])
    for i in prange(a.shape[0]):
        s = 0.0
        for j in range(a.shape[1]):
            s += a[i, j]
        out[i] = s
    return out


def in_child(kernel, *args):
    """Call `kernel` where this runs; report the process and the kernel's compiled signatures there."""
    return os.getpid(), kernel(*args), kernel.signatures
