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

}  // namespace

void validate_attention(const float* q, const float* k, const float* v,
                        const AttentionShape& s, const AttentionOptions& o) {
  require_positive("n", s.n);
  require_positive("m", s.m);
  require_positive("dk", s.dk);
  require_positive("dv", s.dv);
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
  // step 2: scaled = scores × scale   (n, m)
  for (std::size_t i = 0; i < n * m; ++i) out.scaled[i] = out.scores[i] * o.scale;
  // An overflowed score makes its scaled value non-finite too (∞·0 is NaN),
  // so one scan of scaled checks both; scores are rescanned only to say which.
  if (kernels::vfinite(n * m, out.scaled) < n * m) {
    require_finite_result("scores", "Q·Kᵀ overflows float32", out.scores, n * m, m);
    require_finite_result("scaled", "scores × scale overflows float32", out.scaled, n * m, m);
  }

  // step 3: weights = softmax(scaled / T) per row, over visible keys   (n, m)
  for (std::size_t i = 0; i < n; ++i) {
    weights_row(i, out.scaled + i * m, out.weights + i * m, s, o, ws);
  }

  // step 4: output = weights · V   (n, m) · (m, dv) -> (n, dv)
  float* w = ws.packed(ax_f32_gemm_packed_size(m, dv));
  ax_f32_gemm_pack_kxn_x8(m, dv, v, w);
  kernels::gemm_rows(n, dv, m, out.weights, w, out.output);
  require_finite_result("output", "weights · V overflows float32", out.output, n * dv, dv);
}

}  // namespace ax
