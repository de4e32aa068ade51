// main.cpp — the Catch2 runner for every tests/catch/test_*.cpp.
//
// One seed per run: AX_SEED if set, else Catch's --rng-seed N, else
// std::random_device. It is printed first, and every test case reseeds
// ax::test::rng() from (seed, test name), so any failure reproduces with
//   AX_SEED=N ./ax_tests_native "test name"   (or: … --rng-seed N "test name")
// whichever tests run before it; the same works for the WASM builds under Node.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "kernels/select.h"
#include "support/random.h"
#include "support/relaxed.h"

#if defined(__EMSCRIPTEN__)
#include <emscripten.h>

// A WASM build's getenv sees only Emscripten's own variables: under Node,
// read AX_SEED from process.env directly (-1 if unset).
EM_JS(double, ax_env_seed, (), {
  if (typeof process === 'object' && process.env && process.env.AX_SEED) {
    return Number(process.env.AX_SEED);
  }
  return -1;
});
#endif

#if defined(__EMSCRIPTEN__) && defined(__wasm_simd128__)
// Loads AX_RELAXED_KERNELS (a kernel-only module importing this binary's
// memory) and writes the function-table slots of its gemm, softmax and vexp to
// slots[0..2]. Returns 0 when the variable is unset.
EM_JS(int, ax_load_relaxed_kernels, (int* slots), {
  const path = typeof process === 'object' && process.env && process.env.AX_RELAXED_KERNELS;
  if (!path) return 0;
  const bytes = require('fs').readFileSync(path);
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory: wasmMemory } });
  const names = ['ax_f32_gemm_ukernel_4x8__wasmrelaxedsimd_fma_loadsplat',
                 'ax_f32_softmax_ukernel_x8__wasmrelaxedsimd_fma_rr2_p5',
                 'ax_f32_vexp_ukernel_x8__wasmrelaxedsimd_fma_rr2_p5'];
  const base = wasmTable.grow(names.length);
  names.forEach((name, i) => {
    wasmTable.set(base + i, instance.exports[name]);
    HEAP32[(slots >> 2) + i] = base + i;
  });
  return 1;
});
#endif

namespace {

std::uint32_t fresh_seed() {
  try {
    return std::random_device{}();
  } catch (const std::exception&) {  // no entropy source (some WASM hosts)
    return std::uint32_t(std::chrono::steady_clock::now().time_since_epoch().count());
  }
}

// AX_SEED as a number, or -1 if unset.
double env_seed() {
#if defined(__EMSCRIPTEN__)
  return ax_env_seed();
#else
  const char* text = std::getenv("AX_SEED");
  return text != nullptr && *text != '\0' ? std::strtod(text, nullptr) : -1.0;
#endif
}

std::uint32_t choose_seed(unsigned int catch_seed) {
  if (const double value = env_seed(); value >= 0.0) return std::uint32_t(value);
  if (catch_seed != 0) return catch_seed;
  const std::uint32_t seed = fresh_seed();
  return seed != 0 ? seed : 1;  // Catch treats 0 as "not seeded"
}

// FNV-1a: a stable hash of the test name, the same on every platform.
std::uint32_t name_hash(const std::string& name) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : name) h = (h ^ c) * 16777619u;
  return h;
}

// Reseeds before each test case, so its inputs depend only on (seed, name).
struct ReseedListener : Catch::TestEventListenerBase {
  using TestEventListenerBase::TestEventListenerBase;
  void testCaseStarting(Catch::TestCaseInfo const& info) override {
    std::seed_seq sequence{ax::test::seed(), name_hash(info.name)};
    ax::test::rng().seed(sequence);
  }
};

ax::test::RelaxedKernels g_relaxed;
bool g_relaxed_loaded = false;

// The relaxed-SIMD kernels, if AX_RELAXED_KERNELS names their module: from then
// on the core's gemm and softmax are the relaxed ones.
void load_relaxed_kernels() {
#if defined(__EMSCRIPTEN__) && defined(__wasm_simd128__)
  int slots[3] = {0, 0, 0};
  if (ax_load_relaxed_kernels(slots) == 0) return;
  // A function pointer in WebAssembly is its index in the function table.
  g_relaxed.gemm = reinterpret_cast<ax_f32_gemm_ukernel*>(std::uintptr_t(slots[0]));
  g_relaxed.softmax = reinterpret_cast<ax_f32_softmax_ukernel*>(std::uintptr_t(slots[1]));
  g_relaxed.vexp = reinterpret_cast<ax_f32_vexp_ukernel*>(std::uintptr_t(slots[2]));
  ax::kernels::use_kernels(g_relaxed.gemm, g_relaxed.softmax);
  g_relaxed_loaded = true;
#endif
}

}  // namespace

const ax::test::RelaxedKernels& ax::test::relaxed_kernels() {
  INFO("the relaxed-SIMD kernels were not loaded: run with AX_RELAXED_KERNELS=<path to "
       "attention-kernels-relaxed-test.wasm> (ctest: ax_tests_relaxed)");
  REQUIRE(g_relaxed_loaded);
  return g_relaxed;
}

CATCH_REGISTER_LISTENER(ReseedListener)

int main(int argc, char* argv[]) {
  Catch::Session session;
  // Failure messages show every digit: 1e-5 relative errors need them.
  Catch::StringMaker<float>::precision = 9;
  Catch::StringMaker<double>::precision = 17;
  if (const int rc = session.applyCommandLine(argc, argv); rc != 0) return rc;

  Catch::ConfigData& config = session.configData();
  const std::uint32_t seed = choose_seed(config.rngSeed);
  ax::test::seed() = seed;
  config.rngSeed = seed;

  // Test discovery parses stdout of --list-* runs: print nothing there.
  const bool listing = config.listTests || config.listTestNamesOnly ||
                       config.listTags || config.listReporters ||
                       config.showHelp || config.libIdentify;
  if (!listing) {
    std::printf("AX_SEED=%u (reproduce with AX_SEED=%u or --rng-seed %u)\n", seed, seed, seed);
    load_relaxed_kernels();
    std::printf("ax::kernels::kSimd = %s (%s kernels)\n",
                ax::kernels::kSimd ? "true" : "false",
                g_relaxed_loaded ? "WASM relaxed SIMD gemm and softmax, WASM SIMD"
                : ax::kernels::kSimd ? "WASM SIMD" : "portable scalar");
    std::fflush(stdout);
  }
  return session.run();
}
