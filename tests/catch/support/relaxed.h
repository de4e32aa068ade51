// relaxed.h — the relaxed-SIMD kernels, in the SIMD test binary under Node.
//
// They live in a separate module (attention-kernels-relaxed-test.wasm, built by
// clang-19). When AX_RELAXED_KERNELS names it (ctest: ax_tests_relaxed), main.cpp
// instantiates it on this binary's memory, adds its functions to the function
// table and makes the core use them (ax::kernels::use_kernels), so every suite
// runs on them. Cases tagged [relaxed] test them directly; ax_tests_simd runs
// without the module and excludes those cases ("~[relaxed]").
#pragma once

#include "kernels/kernels.h"

namespace ax::test {

struct RelaxedKernels {
  ax_f32_gemm_ukernel* gemm = nullptr;
  ax_f32_softmax_ukernel* softmax = nullptr;
  ax_f32_vexp_ukernel* vexp = nullptr;
};

// The loaded kernels; fails the calling test case if none were loaded.
const RelaxedKernels& relaxed_kernels();

}  // namespace ax::test
