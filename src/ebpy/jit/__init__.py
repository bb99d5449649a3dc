"""The JIT: eBPF to native code through LLVM (llvmlite), with the interpreter's semantics.

    coll = spec.load(engine="jit")              # verified first; checked=True adds bounds checks
    coll.programs["xdp_prog"].test_run(frame, repeat=10_000)   # looped and timed natively
    ebpy.jit.batch.run_batch(coll.programs["xdp_prog"], frames) # many frames, one native call
    ebpy.jit.run_raw(insns, memory)             # the conformance plugin's model

How a program becomes native code (one module each, `module.py`):

- `codegen.py` writes LLVM IR text per eBPF function (text, not llvmlite.ir objects: twenty
  times faster to produce, and compile time is measured). Registers are allocas (SSA values
  inside a block), the 512-byte frame is an alloca zeroed on entry, and `frames.py` finds the
  registers that hold "frame pointer + constant" so stack slots are addressed by constant
  offsets and LLVM promotes them to registers. Every instruction follows ebpy.vm.translate:
  division by zero, INT_MIN/-1, shift masking, 32-bit zero extension, sign extension, byte
  swaps, atomics (atomicrmw/cmpxchg; plain operations on the private frame), LD_ABS/LD_IND
  (with SKF_NET_OFF/SKF_LL_OFF), bpf-to-bpf calls as internal functions with the 8-frame
  limit, callx as a switch over the program's functions, function pointers valued as the
  interpreter's.
- `native_helpers.py`: helpers as native code (clocks, random numbers, CPU number, the maps'
  own C for lookup/update/delete and ring buffers, tail calls); every other helper is the
  shared Python implementation (ebpy.helpers) called back through ctypes.
- `backend.py` turns IR into object code for the host CPU and its features: programs through
  a short pipeline (SROA, InstCombine, SimplifyCFG, loop unrolling where there are
  loops; FastISel), code compiled once per process through O3. `objcache.py` keeps object
  code in memory and on disk, keyed by the IR, LLVM and the CPU; map addresses are read from
  a table bound when an object is linked, so the same program with other maps, or in another
  process, is linked again (about a millisecond) instead of compiled. `cache.py` keeps the
  linked code per process by content (instructions, resolved map addresses, options).
- `program.py` (JitProgram) runs it: a METH_FASTCALL builtin compiled against the CPython API
  (`pybridge.py`) calls the native entry in ~120 ns; a run that stops early (a fault in checked
  mode, a helper raising, a call too deep, the budget) becomes the exception the interpreter
  raises for the same program. The programs of one collection share one run state
  (`shared.py`), so a tail call is a native call into the next program.

Memory (`space.py`, `lowmem.py`): addresses are real. Packets live below 4 GiB (xdp_md and
__sk_buff hold 32-bit pointers) in a reused pool; NativeSpace has AddressSpace's interface and
lets helpers touch only known regions (contexts, packets, map storage, the running program's
frames during a helper call). Maps are ebpy.maps' native memory, shared with Python as is.

Programs run with the GIL held, one at a time per collection, like the interpreter.
"""

from ebpy.jit.engine import JitEngine, load_collection
from ebpy.jit.program import JitProgram
from ebpy.jit.raw import run_raw
from ebpy.jit.space import NativeSpace

__all__ = ["JitEngine", "JitProgram", "NativeSpace", "load_collection", "run_raw"]
