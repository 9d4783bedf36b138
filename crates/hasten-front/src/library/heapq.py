# Python's heapq on lists, in the Python compiled code runs (see library.rs). The heap is a list
# kept in CPython's own order: the same sifts as CPython's _heapq, so that a heap built and popped
# here holds and yields its items in the order CPython's does, ties included. Items are compared
# with `<` only, as heapq compares them. Named with a leading `_` (np.heappush is no function).


def _heap_toward_root(heap, start, at):
    """Moves the item at `at` up toward `start` while it is smaller than its parent."""
    pos = at
    item = heap[pos]
    while pos > start:
        parent = (pos - 1) >> 1
        if item < heap[parent]:
            heap[pos] = heap[parent]
            pos = parent
        else:
            break
    heap[pos] = item


def _heap_toward_leaf(heap, at):
    """Moves the smaller child up into the hole at `at` until the hole reaches a leaf, puts the
    item there and moves it back up (fewer comparisons than stopping early; CPython's order)."""
    end = len(heap)
    pos = at
    item = heap[pos]
    child = 2 * pos + 1
    while child < end:
        right = child + 1
        if right < end and not heap[child] < heap[right]:
            child = right
        heap[pos] = heap[child]
        pos = child
        child = 2 * pos + 1
    heap[pos] = item
    np._heap_toward_root(heap, at, pos)


def _heappush(heap, item):
    heap.append(item)
    np._heap_toward_root(heap, 0, len(heap) - 1)


def _heappop(heap):
    if len(heap) == 0:
        raise IndexError("index out of range")
    last = heap.pop()
    if len(heap) == 0:
        return last
    top = heap[0]
    heap[0] = last
    np._heap_toward_leaf(heap, 0)
    return top


def _heapify(heap):
    for i in range(len(heap) // 2 - 1, -1, -1):
        np._heap_toward_leaf(heap, i)


def _heapreplace(heap, item):
    if len(heap) == 0:
        raise IndexError("index out of range")
    top = heap[0]
    heap[0] = item
    np._heap_toward_leaf(heap, 0)
    return top


def _heappushpop(heap, item):
    if len(heap) == 0 or not heap[0] < item:
        return item
    top = heap[0]
    heap[0] = item
    np._heap_toward_leaf(heap, 0)
    return top


def _nsmallest(n, iterable):
    """As heapq documents it: sorted(iterable)[:n], ties in their order."""
    return sorted(iterable)[:max(n, 0)]


def _nlargest(n, iterable):
    """As heapq documents it: sorted(iterable, reverse=True)[:n], ties in their order."""
    return sorted(iterable, reverse=True)[:max(n, 0)]
