"""The seed workloads, each written once, here: for `hasten bench seeds`, bench/ and tests/.

seeds._load() and bench/seedlib.load() execute this file as a fresh module with `jit` bound to one
compiler (identity, hasten.njit or numba.njit); a real file because hasten reads source with inspect.
Imported by name it holds the plain functions: one that calls no other may be wrapped alone, njit(f)."""

import numpy as np

if "jit" not in globals():  # imported by name: plain Python

    def jit(f):
        return f


@jit
def slow_thing(image, x, y):
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
def process_image_compiled(image):
    # seed 000's numba version: slow_thing written inline, with a 1000-step inner loop
    for x in range(image.shape[1]):
        for y in range(image.shape[1]):
            sum = 0
            for i in range(1000):
                for j in range(1000):
                    sum = sum + x
                sum = sum + y
            image[x, y] = sum


@jit
def silly_sum(image):
    sum = 0
    for i in range(image.shape[1]):
        for j in range(image.shape[0]):
            for k in range(image.shape[0]):
                for l in range(image.shape[0]):
                    sum = sum + image[i, j] - k + l
        sum = sum + i
        image[i, j] = sum / image.shape[1] / image.shape[0]

@jit
def conv_loops(arr, kernel):
    # seed 001 "Extra": a bounds test instead of np.pad; the kernel is flipped by hand (slicing
    # comes with NumPy support). `tmp = 0` then float additions, as the seed writes it.
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


@jit
def laplacian(f, dx, dy):
    n = f.shape[0]
    m = f.shape[1]
    out = np.empty((n - 2, m - 2))
    for i in range(1, n - 1):
        for j in range(1, m - 1):
            out[i - 1, j - 1] = ((f[i - 1, j] - 2 * f[i, j] + f[i + 1, j]) / dx**2
                                 + (f[i, j - 1] - 2 * f[i, j] + f[i, j + 1]) / dy**2)
    return out

@jit
def second_derivative(f, dx):
    out = np.empty(f.shape[0] - 2)
    for i in range(1, f.shape[0] - 1):
        out[i - 1] = (f[i - 1] - 2 * f[i] + f[i + 1]) / dx**2
    return out

@jit
def add_arrays(a, b):
    c = np.empty(a.shape[0])
    for i in range(a.shape[0]):
        c[i] = a[i] + b[i]
    return c

@jit
def add_arrays_into(a, b, c):
    for i in range(a.shape[0]):
        c[i] = a[i] + b[i]


@jit
def basel_loop(N):
    s = 0.0
    for x in range(1, N):
        s += x**(-2)
    return s


@jit
def basel_float_loop(N):
    # The seed's loop with a float exponent: numba's `x**(-2)` on ints gives 0 for x > 1 (its sum
    # is 1.0), while `x**(-2.0)` computes what CPython computes for both forms.
    s = 0.0
    for x in range(1, N):
        s += x**(-2.0)
    return s


@jit
def conv_naive(arr, kernel):
    # seed 001's first version: np.pad + slice + np.multiply/np.sum per pixel
    rows, cols = kernel.shape
    x, y = rows // 2, cols // 2
    flipped_kernel = np.fliplr(np.flipud(kernel))
    conv = np.empty(arr.shape)
    padded_arr = np.pad(arr, ((x, y), (x, y)), mode="constant")
    for i in range(arr.shape[0]):
        for j in range(arr.shape[1]):
            conv[i][j] = np.sum(np.multiply(padded_arr[i:(i + rows), j:(j + cols)], flipped_kernel))
    return conv


@jit
def laplacian_numpy(f, dx, dy):
    return ((f[:-2, 1:-1] + f[2:, 1:-1]) * (1.0 / dx**2)
            + (f[1:-1, :-2] + f[1:-1, 2:]) * (1.0 / dy**2)
            - f[1:-1, 1:-1] * (2.0 / dx**2 + 2.0 / dy**2))


@jit
def basel_idiomatic(N):
    return sum(x**(-2) for x in range(1, N))


@jit
def basel_np(N):
    return float(np.sum(np.square(1 / np.arange(1, N))))
