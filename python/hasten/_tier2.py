"""Tier 2: a specialisation's module recompiled by LLVM (through llvmlite) and swapped in.

The Rust side translates the module's Cranelift IR to LLVM IR (`hasten-tier2`); this module
optimises it at -O3 for the host CPU, links it against hasten's runtime helpers and hands the
entry's address back to the dispatcher (`Compiled._install_tier2`). Automatic promotions compile
on a background thread: llvmlite's calls go through ctypes, which releases the GIL, so Python
threads and other compiled calls keep running meanwhile. Each compile has its own LLVM context,
so it never shares state with numba's compiles in the same process.
"""

import contextlib
import os
import platform
import threading
import time

from hasten import _core

_MODES = {"auto": 0, "1": 1, "2": 2, 1: 1, 2: 2}
_lock = threading.Lock()
_codegen_lock = threading.Lock()
_state = {}

if os.environ.get("HASTEN_PROMOTE_AFTER"):
    # Seconds of compiled run time after which `tier='auto'` promotes a specialisation.
    _core._set_promote_after(float(os.environ["HASTEN_PROMOTE_AFTER"]))


class Tier2UnavailableError(ImportError):
    """Tier 2 was asked for explicitly, but llvmlite is not installed."""


def mode(tier=None):
    """The `tier=` option, else `HASTEN_TIER`, as the dispatcher's code (0 auto, 1, 2).

    The default is automatic promotion: every specialisation starts on tier 1 and the long-running
    ones are recompiled by LLVM in the background."""
    value = tier if tier is not None else os.environ.get("HASTEN_TIER", "auto").strip().lower() or "auto"
    try:
        return _MODES[value]
    except (KeyError, TypeError):
        where = "tier=" if tier is not None else "HASTEN_TIER"
        raise ValueError(f"{where} must be 1, 2 or 'auto', not {value!r}") from None


def available():
    """Whether llvmlite can be imported (tier 2 is possible)."""
    try:
        import llvmlite.binding  # noqa: F401
    except ImportError:
        return False
    return True


def _llvm():
    """llvmlite's binding, set up once, and this CPU's name and features."""
    with _lock:
        if "llvm" not in _state:
            import llvmlite.binding as llvm

            llvm.initialize_native_target()
            llvm.initialize_native_asmprinter()
            for name, address in _core.runtime_symbols():
                llvm.add_symbol(name, address)
            _state["llvm"] = (llvm, llvm.get_host_cpu_name(), llvm.get_host_cpu_features().flatten())
        return _state["llvm"]


def _optimised(text):
    """LLVM IR text parsed and optimised at -O3 for this CPU: (llvm, machine, context, module)."""
    llvm, cpu, features = _llvm()
    # An engine takes ownership of its target machine, so each compile makes its own.
    machine = llvm.Target.from_default_triple().create_target_machine(cpu=cpu, features=features, opt=3, jit=True)
    context = llvm.create_context()
    module = llvm.parse_assembly(text, context=context)
    module.triple = machine.triple
    module.data_layout = str(machine.target_data)
    module.verify()
    tuning = llvm.create_pipeline_tuning_options(speed_level=3)
    tuning.loop_vectorization = True
    tuning.slp_vectorization = True
    tuning.loop_unrolling = True
    passes = llvm.create_pass_builder(machine, tuning)
    with _multi_exit_unrolling(llvm):
        passes.getModulePassManager().run(module, passes)
    return llvm, machine, context, module


def _multi_exit_unrolling(llvm):
    """The optimiser run with LLVM's runtime unrolling of loops that have more than one exit.

    Nearly every hasten loop has exits besides its condition: the raises of its bounds, overflow
    and division checks. LLVM leaves such loops rolled by default; unrolled they ran 10-33%
    faster on 6 of the 36 kernels of bench/kernels.py (insertion sort 0.146 -> 0.097 ms,
    xorshift32 fill 0.704 -> 0.576 ms, parse ints 0.219 -> 0.196 ms, collatz 3.99 -> 3.69 ms; one
    run each way, geometric mean against numba 0.96 -> 0.92). Set back to false after, which for
    code without deoptimization calls (numba's) decides as LLVM's default heuristic does."""
    return _hasten_option(llvm, "-unroll-runtime-multi-exit", "true", "false")


@contextlib.contextmanager
def _hasten_option(llvm, name, value, restored):
    """LLVM's process-wide option `name` at `value` while hasten's code is optimised or generated
    (under the lock, so hasten's compiles do not interleave), `restored` after."""
    with _codegen_lock:
        llvm.set_option("hasten", f"{name}={value}")
        try:
            yield
        finally:
            llvm.set_option("hasten", f"{name}={restored}")


@contextlib.contextmanager
def _selects_kept(llvm):
    """Machine code generated with LLVM's x86 select-to-branch conversion off.

    The conversion turns a select (`min`, `max`, a conditional expression) whose operands were
    loaded into a branch where LLVM expects it to be predictable; on data-dependent choices that
    mispredicts: the edit distance and binary search kernels ran 1.7-1.9x slower than with the
    conditional moves tier 1 emits. The switch is a process-wide LLVM option, so it is set only
    while hasten's code is generated and restored after, for numba's compiles in the process."""
    if platform.machine().lower() not in ("x86_64", "amd64"):
        yield
        return
    with _hasten_option(llvm, "-x86-cmov-converter", "false", "true"):
        yield


def compile_ir(text, entry):
    """Optimises and compiles LLVM IR; returns (keep-alive object, entry address)."""
    llvm, machine, context, module = _optimised(text)
    with _selects_kept(llvm):
        engine = llvm.create_mcjit_compiler(module, machine)
        engine.finalize_object()
    address = engine.get_function_address(entry)
    return _Code(engine, context), address


def llvm_ir(compiled):
    """The LLVM IR tier 2 compiles `compiled`'s module from, after its optimisation
    (`f.inspect_llvm()`, numba's name)."""
    if not available():
        raise Tier2UnavailableError("inspect_llvm() needs llvmlite: pip install 'hasten[llvm]'")
    text, _ = compiled._tier2_ir()
    _, _, _, module = _optimised(text)
    return str(module)


def assembly(compiled):
    """The machine code tier 2 makes of `compiled`'s module (`f.inspect_asm(tier=2)`)."""
    if not available():
        raise Tier2UnavailableError("inspect_asm(tier=2) needs llvmlite: pip install 'hasten[llvm]'")
    text, _ = compiled._tier2_ir()
    llvm, machine, _, module = _optimised(text)
    with _selects_kept(llvm):
        return machine.emit_assembly(module)


class _Code:
    """Owns tier 2's machine code: the engine goes before the context its module lives in."""

    __slots__ = ("engine", "context")

    def __init__(self, engine, context):
        self.engine = engine
        self.context = context

    def __del__(self):
        self.engine.close()
        self.context.close()


def _compile(compiled):
    start = time.perf_counter()
    text, entry = compiled._tier2_ir()
    keep, address = compile_ir(text, entry)
    if not compiled._install_tier2(address, keep, time.perf_counter() - start):
        raise RuntimeError("tier 2 produced no entry")


def _background(compiled):
    try:
        _compile(compiled)
    except Exception as e:  # an automatic promotion never fails a call: tier 1 keeps running
        compiled._tier2_failed(f"{type(e).__name__}: {e}")


def promote(compiled, wait):
    """Compiles tier 2 of `compiled`: now, raising on failure (`tier=2`), or in the background."""
    if wait:
        if not available():
            raise Tier2UnavailableError(
                "tier=2 (or HASTEN_TIER=2) needs llvmlite: pip install 'hasten[llvm]'"
            )
        try:
            _compile(compiled)
        except Exception as e:
            compiled._tier2_failed(f"{type(e).__name__}: {e}")
            raise
        return
    if not available():
        compiled._tier2_failed("llvmlite is not installed (pip install 'hasten[llvm]')")
        return
    threading.Thread(target=_background, args=(compiled,), name="hasten-tier2", daemon=True).start()
