"""NumPy functions of the library taking array-likes as NumPy does, differentially against NumPy:
`np.cov`/`np.corrcoef` of nested tuples and lists, `np.partition`/`np.argpartition` of lists."""

import numpy as np
import pytest

from hasten import njit
from conftest import check


@njit
def covariances(m):
    return np.cov(m), np.corrcoef(m)


@njit
def partitions(a):
    return np.partition(a, 1), np.argpartition(a, 2)


@pytest.mark.parametrize("m", [((1.0, 2.0), (3.0, 5.0), (4.0, 1.0)), [[1.0, 2.0, 4.0], [3.0, 5.0, 0.5]], np.array([[1.0, 2.0, 4.0], [3.0, 5.0, 0.5]])])
def test_covariance_of_array_likes(m):
    check(covariances, m)


def test_partitions_of_lists():
    check(partitions, [5, 1, 4, 2])
    check(partitions, np.array([3.0, 1.0, 2.0]))

