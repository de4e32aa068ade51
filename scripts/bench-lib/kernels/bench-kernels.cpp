// bench-kernels.cpp — the WebAssembly side of the per-kernel benchmark.
//
// As in llm.c's dev/cuda and XNNPACK's bench/: every kernel of this build is
// listed by name, and one runner per operation calls a kernel through a
// pointer of the operation's type (kernels.h), the way the core calls it.
// kernels.mjs checks each kernel against a float64 reference, then times it.
// Built twice by CMakeLists.txt (ax_bench_kernels_simd / _baseline): the
// portable twins are timed from the baseline build, where clang does not
// vectorise them. The relaxed-SIMD kernels come from their own module and are
// added to this module's function table by kernels.mjs.
#include <emscripten/emscripten.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "kernels/kernels.h"

namespace {

struct Entry {
  const char* op;    // gemm, softmax, vexp, dot, vfinite
  const char* name;  // the kernel's symbol
  void (*fn)();      // its address (a table slot), cast back by the runner
  std::size_t mr;    // gemm: the tile height (rows per call)
};

#define AX_ENTRY(op, fn) {op, #fn, reinterpret_cast<void (*)()>(&fn), kGemmMR}
const Entry kEntries[] = {
#if defined(__wasm_simd128__)
    AX_ENTRY("gemm", ax_f32_gemm_ukernel_4x8__wasmsimd_loadsplat),
    AX_ENTRY("gemm", ax_f32_gemm_ukernel_4x8__wasmsimd_splat),
    {"gemm", "ax_f32_gemm_ukernel_6x8__wasmsimd_loadsplat",
     reinterpret_cast<void (*)()>(&ax_f32_gemm_ukernel_6x8__wasmsimd_loadsplat), 6},
    AX_ENTRY("softmax", ax_f32_softmax_ukernel_x8__wasmsimd_rr2_p5),
    AX_ENTRY("softmax", ax_f32_softmax_ukernel_x16__wasmsimd_rr2_p5),
    AX_ENTRY("vexp", ax_f32_vexp_ukernel_x8__wasmsimd_rr2_p5),
    AX_ENTRY("dot", ax_f32_dot_ukernel_x16__wasmsimd),
    AX_ENTRY("vfinite", ax_f32_vfinite_ukernel_x16__wasmsimd),
#else
    AX_ENTRY("gemm", ax_f32_gemm_ukernel_4x8__scalar),
    AX_ENTRY("softmax", ax_f32_softmax_ukernel_x1__scalar_rr2_p5),
    AX_ENTRY("vexp", ax_f32_vexp_ukernel_x1__scalar_rr2_p5),
    AX_ENTRY("dot", ax_f32_dot_ukernel_x4__scalar),
    AX_ENTRY("vfinite", ax_f32_vfinite_ukernel_x1__scalar),
#endif
};
#undef AX_ENTRY

template <typename Fn>
Fn* as(std::uintptr_t slot) {
  return reinterpret_cast<Fn*>(slot);
}

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE int ax_bench_kernel_count() { return int(std::size(kEntries)); }
EMSCRIPTEN_KEEPALIVE const char* ax_bench_kernel_op(int i) { return kEntries[i].op; }
EMSCRIPTEN_KEEPALIVE const char* ax_bench_kernel_name(int i) { return kEntries[i].name; }
EMSCRIPTEN_KEEPALIVE std::size_t ax_bench_kernel_mr(int i) { return kEntries[i].mr; }
EMSCRIPTEN_KEEPALIVE std::uintptr_t ax_bench_kernel_slot(int i) {
  return reinterpret_cast<std::uintptr_t>(kEntries[i].fn);
}

// B (kc, nc) row-major into 8-column panels (the layout every gemm kernel reads).
EMSCRIPTEN_KEEPALIVE void ax_bench_pack(std::size_t kc, std::size_t nc, const float* b, float* w) {
  ax_f32_gemm_pack_kxn_x8(kc, nc, b, w);
}
EMSCRIPTEN_KEEPALIVE std::size_t ax_bench_packed_size(std::size_t kc, std::size_t nc) {
  return ax_f32_gemm_packed_size(kc, nc);
}

// C (rows, nc) = A (rows, kc) · packed B, mr rows per call, as kernels::gemm_rows.
EMSCRIPTEN_KEEPALIVE void ax_bench_gemm(std::uintptr_t slot, std::size_t mr, std::size_t rows,
                                        std::size_t nc, std::size_t kc, const float* a,
                                        const float* w, float* c) {
  ax_f32_gemm_ukernel* gemm = as<ax_f32_gemm_ukernel>(slot);
  for (std::size_t i = 0; i < rows; i += mr) {
    gemm(std::min(mr, rows - i), nc, kc, a + i * kc, kc, w, c + i * nc, nc);
  }
}

// Softmax of every row of x (rows, cols) at temperature 1.
EMSCRIPTEN_KEEPALIVE void ax_bench_softmax(std::uintptr_t slot, std::size_t rows, std::size_t cols,
                                           const float* x, float* y) {
  ax_f32_softmax_ukernel* softmax = as<ax_f32_softmax_ukernel>(slot);
  for (std::size_t r = 0; r < rows; ++r) softmax(cols, x + r * cols, y + r * cols, 1.0f);
}

EMSCRIPTEN_KEEPALIVE void ax_bench_vexp(std::uintptr_t slot, std::size_t n, const float* x, float* y) {
  as<ax_f32_vexp_ukernel>(slot)(n, x, y);
}

EMSCRIPTEN_KEEPALIVE float ax_bench_dot(std::uintptr_t slot, std::size_t n, const float* a,
                                        const float* b) {
  return as<ax_f32_dot_ukernel>(slot)(n, a, b);
}

EMSCRIPTEN_KEEPALIVE std::size_t ax_bench_vfinite(std::uintptr_t slot, std::size_t n, const float* x) {
  return as<ax_f32_vfinite_ukernel>(slot)(n, x);
}

}  // extern "C"
