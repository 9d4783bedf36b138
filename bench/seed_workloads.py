"""The seed workloads (from /work/shared/seeds), written as plain Python/numba-style code.

This file is loaded by ``seedlib.load(decorator)``, which injects the name ``jit`` before the code
runs, so that each load yields fresh functions compiled by hasten, numba, or left as Python."""

import numpy as np

if "jit" not in globals():  # imported directly: plain Python

    def jit(f):
        return f


# 000_d8c496fe40e56f8e.txt
@jit
def slow_thing(image, x, y):
    # Silly algorithm for wasting compute time
    sum = 0
    for i in range(1000):
        for j in range(100):
            sum = sum + x
        sum = sum + y
    image[x, y] = sum


@jit
def process_image(image):
    for x in range(image.shape[1]):
        for y in range(image.shape[1]):
            slow_thing(image, x, y)


@jit
def silly_sum(image):
    # Silly algorithm for wasting compute time
    sum = 0
    for i in range(image.shape[1]):
        for j in range(image.shape[0]):
            for k in range(image.shape[0]):
                for l in range(image.shape[0]):
                    sum = sum + image[i, j] - k + l
        sum = sum + i
        image[i, j] = sum / image.shape[1] / image.shape[0]


@jit
def process_image_compiled(image):
    for x in range(image.shape[1]):
        for y in range(image.shape[1]):
            # Silly algorithm for wasting compute time
            sum = 0
            for i in range(1000):
                for j in range(1000):
                    sum = sum + x
                sum = sum + y
            image[x, y] = sum


# 001_6944f1d427229a9d.txt, "Extra" version (bounds test instead of padding)
@jit
def kernel_convolution_2d(arr, kernel):
    kernel_rows = kernel.shape[0]
    kernel_cols = kernel.shape[1]
    x_offset = kernel_rows // 2
    y_offset = kernel_cols // 2
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
                        tmp += arr[arr_row, arr_col] * kernel[kernel_rows - 1 - k, kernel_cols - 1 - l]
            conv[i, j] = tmp
            tmp = 0
    return conv


# 002_714378ad7720ffd6.txt
@jit
def second_derivative(f, dx):
    n = f.shape[0]
    out = np.empty(n - 2)
    for i in range(1, n - 1):
        out[i - 1] = (f[i - 1] - 2 * f[i] + f[i + 1]) / dx**2
    return out


@jit
def laplacian(f, dx, dy):
    i_max = f.shape[0]
    j_max = f.shape[1]
    result = np.empty((i_max - 2, j_max - 2))
    for i in range(1, i_max - 1):
        for j in range(1, j_max - 1):
            result[i - 1, j - 1] = (f[i - 1, j] - 2 * f[i, j] + f[i + 1, j]) / dx**2 + (
                f[i, j - 1] - 2 * f[i, j] + f[i, j + 1]
            ) / dy**2
    return result


# 003_ac8ebae42cc15eff.txt
@jit
def basel_less_pythonic(N):
    s = 0.0
    for x in range(1, N):
        s += x ** (-2)
    return s


# 002: elementwise add
@jit
def add_arrays(a, b, c):
    for i in range(a.shape[0]):
        c[i] = a[i] + b[i]
