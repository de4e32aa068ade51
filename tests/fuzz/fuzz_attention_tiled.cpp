// fuzz_attention_tiled.cpp — ax::attention_output_tiled (online softmax) vs ax::attention.
//
// Same inputs as fuzz_attention (attention_input.h); n and m up to 40 cross the
// gemm tiles, and the target also stretches m past one 64-key block sometimes
// (values repeated) so the running max/sum rescaling runs. Checks:
//   bad input   -> ax::InputError naming an argument, like ax::attention
//   valid input -> returns exactly when ax::attention returns (an overflow may
//                  differ only where the reference's magnitude reaches FLT_MAX)
//   output      -> within 1e-5 · |W||V| of ax::attention's output (W its
//                  weights), in the hull of the visible values, 0 for a fully
//                  hidden row; no write past n × dv; a reused workspace gives
//                  the same bits
#include <algorithm>
#include <cfloat>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "attention_input.h"
#include "core/attention.h"
#include "core/attention_tiled.h"
#include "core/workspace.h"
#include "fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using ax::fuzz::MatrixXd;
  ax::fuzz::Input in(data, size);
  ax::fuzz::AttentionInput a = ax::fuzz::attention_input(in);
  if (a.shape.m > 0 && a.shape.dk > 0 && a.shape.dv > 0 && in.coin() && in.coin()) {
    // Past one key block: repeat k and v (and the mask's columns) up to 64..150 keys.
    const std::size_t m0 = a.shape.m, m = 64 + in.provider().ConsumeIntegralInRange<std::size_t>(0, 86);
    std::vector<float> k(m * a.shape.dk), v(m * a.shape.dv);
    for (std::size_t j = 0; j < m; ++j) {
      std::copy_n(a.k.begin() + std::ptrdiff_t((j % m0) * a.shape.dk), a.shape.dk, k.begin() + std::ptrdiff_t(j * a.shape.dk));
      std::copy_n(a.v.begin() + std::ptrdiff_t((j % m0) * a.shape.dv), a.shape.dv, v.begin() + std::ptrdiff_t(j * a.shape.dv));
    }
    std::vector<std::uint8_t> mask;
    if (!a.mask.empty()) {
      mask.resize(a.shape.n * m);
      for (std::size_t i = 0; i < a.shape.n; ++i)
        for (std::size_t j = 0; j < m; ++j) mask[i * m + j] = a.mask[i * m0 + j % m0];
    }
    a.k = std::move(k);
    a.v = std::move(v);
    a.mask = std::move(mask);
    a.shape.m = m;
    if (!a.mask.empty()) a.options.mask_values = a.mask.data();
  }
  const std::size_t n = a.shape.n, m = a.shape.m, dv = a.shape.dv;
  ax::fuzz::Case c("ax::attention_output_tiled");
  ax::fuzz::describe(c, a);

  std::vector<float> tiled = ax::fuzz::with_guard(n * dv);
  ax::Workspace ws;
  const bool returned = c.call(ax::fuzz::AttentionInput::kNames, [&] {
    ax::attention_output_tiled(a.q.data(), a.k.data(), a.v.data(), a.shape, a.options,
                               tiled.data(), ws);
  });
  if (!a.valid) {
    if (returned) c.fail("invalid input was accepted");
    return 0;
  }
  const std::string tiled_error = c.error();

  std::vector<float> scores(n * m), scaled(n * m), weights(n * m), output(n * dv);
  ax::Workspace ws2;
  const bool materialised = c.call(ax::fuzz::AttentionInput::kNames, [&] {
    ax::attention(a.q.data(), a.k.data(), a.v.data(), a.shape, a.options,
                  {scores.data(), scaled.data(), weights.data(), output.data()}, ws2);
  });
  if (returned != materialised) {
    const double magnitude = ax::fuzz::attention_magnitude(a);
    if (!(magnitude >= double(FLT_MAX) * (1.0 - 1e-5)))
      c.fail(std::string("tiled ") + (returned ? "returned" : "threw \"" + tiled_error + "\"") +
             ", ax::attention " + (materialised ? "returned" : "threw \"" + c.error() + "\"") +
             "; largest magnitude " + ax::fuzz::digits(magnitude));
    return 0;
  }
  if (!returned) {
    if (tiled_error.find("overflow") == std::string::npos)
      c.fail("valid input was rejected: \"" + tiled_error + "\"");
    return 0;
  }

  static ax::Workspace shared;
  std::vector<float> again(n * dv);
  ax::attention_output_tiled(a.q.data(), a.k.data(), a.v.data(), a.shape, a.options, again.data(), shared);
  if (!ax::fuzz::same_bits(again, tiled)) c.fail("a reused workspace changed the result");

  ax::fuzz::check_guard(c, "output", tiled, n * dv);
  const MatrixXd W = ax::ref::matrix(weights.data(), n, m);
  const MatrixXd V = ax::ref::matrix(a.v.data(), m, dv);
  const MatrixXd terms = ax::ref::abs_product(W, V);
  const double floor = ax::fuzz::underflow_floor(m);
  ax::fuzz::check_within(c, "tiled output vs ax::attention", tiled.data(),
                         ax::ref::matrix(output.data(), n, dv), (1e-5 * terms).array() + floor);
  ax::fuzz::check_hull(c, a, tiled.data(), [&](std::size_t i, std::size_t col) {
    return 1e-5 * terms(Eigen::Index(i), Eigen::Index(col)) + floor;
  });
  return 0;
}
