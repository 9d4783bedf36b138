"""Greedy shrinking of a failing program: delete statements, inline compound statements' bodies,
replace an expression by one of its operands or a constant, until no single edit keeps the failure
(the same kind of disagreement on the same input)."""

import ast
import copy
import time

_STMT_LISTS = ("body", "orelse")


def _paths(tree):
    """(path, node) for every node; a path is a list of (field, index-or-None) steps from the root."""
    stack = [([], tree)]
    while stack:
        path, node = stack.pop()
        yield path, node
        for field, value in reversed(list(ast.iter_fields(node))):
            if isinstance(value, list):
                for i in reversed(range(len(value))):
                    if isinstance(value[i], ast.AST):
                        stack.append((path + [(field, i)], value[i]))
            elif isinstance(value, ast.AST):
                stack.append((path + [(field, None)], value))


def _at(tree, path):
    node = tree
    for field, i in path:
        node = getattr(node, field) if i is None else getattr(node, field)[i]
    return node


def _simpler(node):
    """Expressions that could stand for `node`: its operands, then small constants."""
    if isinstance(node, ast.BinOp):
        yield node.left
        yield node.right
    elif isinstance(node, ast.UnaryOp):
        yield node.operand
    elif isinstance(node, ast.BoolOp):
        yield from node.values
    elif isinstance(node, ast.IfExp):
        yield node.body
        yield node.orelse
    elif isinstance(node, ast.Compare):
        if len(node.ops) > 1:
            yield ast.Compare(node.left, node.ops[:1], node.comparators[:1])
    elif isinstance(node, ast.Call):
        yield from (a for a in node.args if not isinstance(a, ast.Starred))
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and node.value not in (0, 1):
        yield ast.Constant(type(node.value)(0)) if not isinstance(node.value, bool) else ast.Constant(False)
    elif isinstance(node, ast.Constant):
        return
    else:
        yield ast.Constant(0)
        yield ast.Constant(0.0)


def candidates(src):
    """Sources one edit simpler than `src`, biggest cuts first."""
    tree = ast.parse(src)
    nodes = list(_paths(tree))
    for path, node in nodes:  # statements: delete, or replace a compound statement by its body
        for field in _STMT_LISTS:
            body = getattr(node, field, None)
            if not isinstance(body, list) or not body or not isinstance(body[0], ast.stmt):
                continue
            for i, stmt in enumerate(body):
                for repl in ([] if isinstance(stmt, ast.Import) else [[]]) + (
                    [stmt.body] if isinstance(stmt, (ast.If, ast.For, ast.While)) else []
                ):
                    t = copy.deepcopy(tree)
                    lst = getattr(_at(t, path), field)
                    lst[i : i + 1] = copy.deepcopy(repl)
                    if not lst:
                        lst.append(ast.Pass())
                    yield ast.unparse(ast.fix_missing_locations(t))
    for path, node in nodes:  # expressions: an operand or a constant in place of the whole
        if not isinstance(node, ast.expr) or not path or isinstance(getattr(node, "ctx", None), (ast.Store, ast.Del)):
            continue
        for repl in _simpler(node):
            t = copy.deepcopy(tree)
            parent, (field, i) = _at(t, path[:-1]), path[-1]
            if i is None:
                setattr(parent, field, copy.deepcopy(repl))
            else:
                getattr(parent, field)[i] = copy.deepcopy(repl)
            yield ast.unparse(ast.fix_missing_locations(t))


def shrink(src, still_fails, budget=400, deadline=None):
    """Smallest source reached by single edits for which `still_fails(source)` holds, within
    `budget` tries and before `deadline` (time.monotonic())."""
    tried = 0
    progress = True
    while progress and tried < budget and (deadline is None or time.monotonic() < deadline):
        progress = False
        for cand in candidates(src):
            if len(cand) >= len(src):
                continue
            tried += 1
            if still_fails(cand):
                src, progress = cand, True
                break
            if tried >= budget or (deadline is not None and time.monotonic() >= deadline):
                break
    return src
