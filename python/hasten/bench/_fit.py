"""Empirical complexity from timings.

Rule: the *slope* is the least-squares slope of log(time) against log(size).  The *class* is
chosen by fitting each model t = c * g(n) in log space (the best c is the geometric mean of
t / g(n), so only the shape of g matters) and taking the model with the smallest sum of squared
log residuals.  This separates n from n log n better than rounding the slope, because the log
factor bends the curve instead of shifting the slope by a constant.
"""

import math

# name -> g(n); log n is floored at ln 2 so that n = 1 does not give log(0).
MODELS = {
    "O(1)": lambda n: 1.0,
    "O(log n)": lambda n: math.log(max(n, 2)),
    "O(n)": lambda n: float(n),
    "O(n log n)": lambda n: n * math.log(max(n, 2)),
    "O(n^2)": lambda n: float(n) ** 2,
    "O(n^3)": lambda n: float(n) ** 3,
    # beyond the list: silly_sum is n^4 in the image side, and would otherwise read as n^3
    "O(n^4)": lambda n: float(n) ** 4,
}


def slope(sizes, times):
    """Least-squares slope of log(time) vs log(size); None with fewer than two distinct sizes."""
    pts = [(math.log(n), math.log(t)) for n, t in zip(sizes, times) if n > 0 and t and t > 0]
    if len({x for x, _ in pts}) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / sxx


def classify(sizes, times):
    """Return (model name, {model: residual}) for the best model; (None, {}) if unfittable."""
    pts = [(n, t) for n, t in zip(sizes, times) if n > 0 and t and t > 0]
    if len({n for n, _ in pts}) < 2:
        return None, {}
    resid = {}
    for name, g in MODELS.items():
        r = [math.log(t) - math.log(g(n)) for n, t in pts]
        logc = sum(r) / len(r)
        resid[name] = sum((x - logc) ** 2 for x in r)
    return min(resid, key=resid.get), resid


def fit(sizes, times):
    """{'slope': float|None, 'class': str|None} for one variant's curve."""
    best, _ = classify(sizes, times)
    return {"slope": slope(sizes, times), "class": best}
