# NumPy's set operations on 1-D arrays (arraysetops), in the Python compiled code runs (see
# library.rs); each works on the flattened inputs and gives a sorted 1-D array, as NumPy's.


def union1d(ar1, ar2):
    return np.unique(np.concatenate((np.ravel(ar1), np.ravel(ar2))))


def intersect1d(ar1, ar2, assume_unique=False, return_indices=...):
    if assume_unique:
        aux = np.concatenate((np.ravel(ar1), np.ravel(ar2)))
    else:
        aux = np.concatenate((np.unique(ar1), np.unique(ar2)))
    aux.sort()
    mask = aux[1:] == aux[:-1]
    return aux[:-1][mask]


def setdiff1d(ar1, ar2, assume_unique=False):
    if assume_unique:
        a = np.ravel(ar1)
    else:
        a = np.unique(ar1)
    return a[np.isin(a, ar2, invert=True)]


def setxor1d(ar1, ar2, assume_unique=False):
    if assume_unique:
        aux = np.concatenate((np.ravel(ar1), np.ravel(ar2)))
    else:
        aux = np.concatenate((np.unique(ar1), np.unique(ar2)))
    if aux.shape[0] == 0:
        return aux
    aux.sort()
    flag = np.empty(aux.shape[0] + 1, np.bool_)
    flag[0] = True
    flag[aux.shape[0]] = True
    flag[1:aux.shape[0]] = aux[1:] != aux[:-1]
    return aux[flag[1:] & flag[:-1]]
