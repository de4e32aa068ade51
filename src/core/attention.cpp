// attention.cpp — scaled dot-product attention, step by step; see attention.h.
#include "core/attention.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/validate.h"
#include "kernels/select.h"

namespace ax {
namespace {

// Keys of row i that the mask leaves visible: [0, count) for causal, all for none.
std::size_t causal_visible(std::size_t i, std::size_t m) {
  return std::min(i + 1, m);
}

// One row of weights over the visible keys; hidden keys get exactly 0.
void weights_row(std::size_t i, const float* scaled, float* weights,
                 const AttentionShape& s, const AttentionOptions& o,
                 Workspace& ws) {
  const std::size_t m = s.m;
  switch (o.mask) {
    case MaskKind::none:
      kernels::softmax_row(m, scaled, weights, o.temperature);
      return;
    case MaskKind::causal: {
      const std::size_t visible = causal_visible(i, m);
      kernels::softmax_row(visible, scaled, weights, o.temperature);
      std::fill(weights + visible, weights + m, 0.0f);
      return;
    }
    case MaskKind::explicit_values: {
      // Hidden keys become −∞, which the kernel's exp turns into exactly 0.
      const std::uint8_t* visible = o.mask_values + i * m;
      if (std::none_of(visible, visible + m, [](std::uint8_t b) { return b != 0; })) {
        std::fill(weights, weights + m, 0.0f);  // nothing to attend to
        return;
      }
      float* row = ws.row_buffer(m);
      for (std::size_t j = 0; j < m; ++j) {
        row[j] = visible[j] ? scaled[j] : -std::numeric_limits<float>::infinity();
      }
      kernels::softmax_row(m, row, weights, o.temperature);
      return;
    }
  }
}

// y = x × scale for one row; false if any y is ±∞ or NaN. The multiply
// vectorises and the finiteness scan is the SIMD vfinite kernel, both on a row
// still in L1 (one flag-accumulating loop did not vectorise and was slower).
bool scale_row(std::size_t m, const float* x, float scale, float* y) {
  for (std::size_t j = 0; j < m; ++j) y[j] = x[j] * scale;
  return kernels::vfinite(m, y) == m;
}

// A row of output is a weighted average of V's rows (weights ≥ 0 summing to
// 1), so each of its columns lies between that column's smallest and largest
// value. The float32 sum can round up to 1.5 ulp past that hull (weights that
// sum to 1 + 1.5e-8): an average of equal values then differs from them, and
// at ±FLT_MAX becomes ±Infinity. Clamping to the column's range undoes only
// that rounding. Rows with every key hidden stay exactly 0.
void keep_in_value_hull(const float* v, const float* weights, const AttentionShape& s,
                        const AttentionOptions& o, float* output, Workspace& ws) {
  const std::size_t n = s.n, m = s.m, dv = s.dv;
  float* low = ws.hull_buffer(2 * dv);  // (2, dv): column minima, then maxima
  float* high = low + dv;
  std::copy(v, v + dv, low);
  std::copy(v, v + dv, high);
  for (std::size_t j = 1; j < m; ++j) {
    const float* row = v + j * dv;
    for (std::size_t c = 0; c < dv; ++c) {
      low[c] = row[c] < low[c] ? row[c] : low[c];
      high[c] = row[c] > high[c] ? row[c] : high[c];
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    // only an explicit mask can hide a whole row
    const float* w = weights + i * m;
    if (o.mask == MaskKind::explicit_values &&
        std::all_of(w, w + m, [](float x) { return x == 0.0f; })) {
      continue;
    }
    float* row = output + i * dv;
    for (std::size_t c = 0; c < dv; ++c) {
      const float x = row[c] < low[c] ? low[c] : row[c];
      row[c] = x > high[c] ? high[c] : x;
    }
  }
}

}  // namespace

void validate_attention(const float* q, const float* k, const float* v,
                        const AttentionShape& s, const AttentionOptions& o) {
  require_positive("n", s.n);
  require_positive("m", s.m);
  require_positive("dk", s.dk);
  require_positive("dv", s.dv);
  // Every product of the shape is checked before any value is read.
  require_count("n × dk", s.n, s.dk);
  require_count("m × dk", s.m, s.dk);
  require_count("m × dv", s.m, s.dv);
  require_count("n × m", s.n, s.m);
  require_count("n × dv", s.n, s.dv);
  require_finite("q", q, s.n * s.dk, s.dk);
  require_finite("k", k, s.m * s.dk, s.dk);
  require_finite("v", v, s.m * s.dv, s.dv);
  require_finite_scalar("scale", o.scale);
  require_positive_finite_scalar("temperature", o.temperature);
  if (o.mask == MaskKind::explicit_values) {
    require_mask_values("mask", o.mask_values, s.n, s.m);
  }
}

float default_scale(std::size_t dk) {
  return float(1.0 / std::sqrt(double(dk)));
}

void attention(const float* q, const float* k, const float* v,
               const AttentionShape& s, const AttentionOptions& o,
               const AttentionOutputs& out, Workspace& ws) {
  validate_attention(q, k, v, s, o);
  const std::size_t n = s.n, m = s.m, dk = s.dk;

  // step 1: scores = Q · Kᵀ   (n, dk) · (dk, m) -> (n, m); Kᵀ packed from K (m, dk)
  float* w = ws.packed(ax_f32_gemm_packed_size(dk, m));
  ax_f32_gemm_pack_nxk_x8(m, dk, k, w);
  kernels::gemm_rows(n, m, dk, q, w, out.scores);

  attention_from_scores(v, s, o, out, ws);
}

void attention_from_scores(const float* v, const AttentionShape& s,
                           const AttentionOptions& o, const AttentionOutputs& out,
                           Workspace& ws) {
  const std::size_t n = s.n, m = s.m, dv = s.dv;
  // steps 2 and 3, one row at a time, so softmax reads a row still in L1:
  //   scaled = scores × scale, checked finite in the same pass   (n, m)
  //   weights = softmax(scaled / T) per row, over visible keys    (n, m)
  for (std::size_t i = 0; i < n; ++i) {
    float* scaled_row = out.scaled + i * m;
    if (!scale_row(m, out.scores + i * m, o.scale, scaled_row)) {
      // An overflowed score makes its scaled value non-finite too (∞·0 is
      // NaN), so the scan of scaled catches both; these rescans say which.
      require_finite_result("scores", "Q·Kᵀ overflows float32", out.scores, n * m, m);
      require_finite_result("scaled", "scores × scale overflows float32", out.scaled, (i + 1) * m, m);
    }
    weights_row(i, scaled_row, out.weights + i * m, s, o, ws);
  }

  // step 4: output = weights · V   (n, m) · (m, dv) -> (n, dv)
  float* w = ws.packed(ax_f32_gemm_packed_size(m, dv));
  ax_f32_gemm_pack_kxn_x8(m, dv, v, w);
  kernels::gemm_rows(n, dv, m, out.weights, w, out.output);

  // step 5: keep each output row inside the hull of the values   (n, dv)
  keep_in_value_hull(v, out.weights, s, o, out.output, ws);
  require_finite_result("output", "weights · V overflows float32", out.output, n * dv, dv);
}

}  // namespace ax
