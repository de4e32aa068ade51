// random.h — the suite's one source of randomness, and random test data.
//
// Every test draws from ax::test::rng(). main.cpp picks one seed per run
// (AX_SEED, else --rng-seed, else std::random_device), prints it, and reseeds
// the engine from (seed, test-case name) before each test case, so rerunning a
// single failing test with the printed seed reproduces its exact inputs.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

namespace ax::test {

inline std::uint32_t& seed() {
  static std::uint32_t value = 1;
  return value;
}

inline std::mt19937& rng() {
  static std::mt19937 engine;
  return engine;
}

// Integer uniform in [lo, hi].
inline std::size_t random_size(std::size_t lo, std::size_t hi) {
  return std::uniform_int_distribution<std::size_t>(lo, hi)(rng());
}

inline float random_float(float lo, float hi) {
  return std::uniform_real_distribution<float>(lo, hi)(rng());
}

inline bool coin(double p_true = 0.5) {
  return std::bernoulli_distribution(p_true)(rng());
}

// count values uniform in [lo, hi].
inline std::vector<float> uniform(std::size_t count, float lo = -1.0f, float hi = 1.0f) {
  std::vector<float> out(count);
  for (float& x : out) x = random_float(lo, hi);
  return out;
}

// count values ±2^e with e uniform in [-decades, decades]: magnitudes spread
// over ~12 orders of magnitude for decades = 20, so large and small terms mix
// in every sum (the case that exposes a wrong accumulation order or scale).
inline std::vector<float> wide(std::size_t count, float decades = 20.0f) {
  std::vector<float> out(count);
  for (float& x : out) {
    const float magnitude = std::exp2(random_float(-decades, decades));
    x = coin() ? magnitude : -magnitude;
  }
  return out;
}

// A (rows, cols) 0/1 mask, each entry visible with probability p_visible.
inline std::vector<std::uint8_t> random_mask(std::size_t rows, std::size_t cols,
                                             double p_visible) {
  std::vector<std::uint8_t> out(rows * cols);
  for (auto& x : out) x = coin(p_visible) ? 1 : 0;
  return out;
}

}  // namespace ax::test
