# np.ndindex and np.ndenumerate as the iterables of a for loop, in the Python compiled code runs
# (see library.rs): the list of the index tuples (with the elements, for ndenumerate) in C order.
# The number of axes is in the type, so each count has its own branch.


def ndindex(shape):
    if isinstance(shape, (int, np.integer)):
        return [(i,) for i in range(shape)]
    grid = np.empty(shape, np.bool_)
    if grid.ndim == 0:
        np._unsupported("np.ndindex of a 0-d shape is not supported yet")
    if grid.ndim == 1:
        return [(i,) for i in range(grid.shape[0])]
    if grid.ndim == 2:
        return [(i, j) for i in range(grid.shape[0]) for j in range(grid.shape[1])]
    if grid.ndim == 3:
        return [(i, j, k) for i in range(grid.shape[0]) for j in range(grid.shape[1]) for k in range(grid.shape[2])]
    np._unsupported("np.ndindex of more than three dimensions is not supported yet")


def ndenumerate(arr):
    if arr.ndim == 1:
        return [((i,), arr[i]) for i in range(arr.shape[0])]
    if arr.ndim == 2:
        return [((i, j), arr[i, j]) for i in range(arr.shape[0]) for j in range(arr.shape[1])]
    if arr.ndim == 3:
        return [((i, j, k), arr[i, j, k]) for i in range(arr.shape[0]) for j in range(arr.shape[1]) for k in range(arr.shape[2])]
    np._unsupported("np.ndenumerate of a 0-d array or of more than three dimensions is not supported yet")
