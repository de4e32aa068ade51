// multi_head.cpp — multi-head attention on the gemm kernels and ax::attention; see multi_head.h.
#include "core/multi_head.h"

#include <cmath>
#include <string>

#include "core/errors.h"
#include "core/validate.h"
#include "kernels/select.h"

namespace ax {
namespace {

std::string str(std::size_t value) { return std::to_string(value); }

void validate(const float* x, const float* source, const MultiHeadShape& s,
              const MultiHeadWeights& w, MaskKind mask, const std::uint8_t* mask_values) {
  require_positive("n", s.n);
  require_positive("dModel", s.d_model);
  require_positive("heads", s.heads);
  if (s.d_model % s.heads != 0) {
    throw_range("heads: " + str(s.heads) + " does not divide dModel = " + str(s.d_model) +
                "; every head takes dModel / heads columns");
  }
  if (source == nullptr && s.m != s.n) {
    throw_range("m: without a source the keys come from x, so m must equal n = " + str(s.n) +
                ", got " + str(s.m));
  }
  require_positive("m", s.m);
  const std::size_t d = s.d_model;
  require_count("n × dModel", s.n, d);
  require_count("m × dModel", s.m, d);
  require_count("dModel × dModel", d, d);
  require_count("n × m", s.n, s.m);
  require_count("heads × n × m", s.heads, s.n * s.m);
  require_finite("x", x, s.n * d, d);
  if (source != nullptr) require_finite("source", source, s.m * d, d);
  require_finite("wq", w.wq, d * d, d);
  require_finite("wk", w.wk, d * d, d);
  require_finite("wv", w.wv, d * d, d);
  require_finite("wo", w.wo, d * d, d);
  if (mask == MaskKind::explicit_values) require_mask_values("mask", mask_values, s.n, s.m);
}

// out (rows, d) = a (rows, d) · w (d, d); names `what` if it overflows.
void project(const char* what, const char* cause, const float* a, const float* w,
             std::size_t rows, std::size_t d, float* out, Workspace& ws) {
  float* packed = ws.packed(ax_f32_gemm_packed_size(d, d));
  ax_f32_gemm_pack_kxn_x8(d, d, w, packed);
  kernels::gemm_rows(rows, d, d, a, packed, out);
  require_finite_result(what, cause, out, rows * d, d);
}

// Columns [first, first + width) of a (rows, stride) matrix, as (rows, width).
void copy_columns(const float* from, std::size_t rows, std::size_t stride, std::size_t first,
                  std::size_t width, float* to) {
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t j = 0; j < width; ++j) to[i * width + j] = from[i * stride + first + j];
}

}  // namespace

void multi_head(const float* x, const float* source, const MultiHeadShape& s,
                const MultiHeadWeights& w, MaskKind mask, const std::uint8_t* mask_values,
                const MultiHeadOutputs& out, Workspace& ws) {
  validate(x, source, s, w, mask, mask_values);
  const std::size_t n = s.n, m = s.m, d = s.d_model, dh = d / s.heads;
  const float* src = source != nullptr ? source : x;

  // step 1: the three projections, full width   (n, d), (m, d), (m, d)
  project("q", "x · wq overflows float32", x, w.wq, n, d, out.q, ws);
  project("k", "source · wk overflows float32", src, w.wk, m, d, out.k, ws);
  project("v", "source · wv overflows float32", src, w.wv, m, d, out.v, ws);

  // step 2: each head attends within its own dh columns, scaled by 1/√dh
  float* buffer = ws.heads_buffer(n * dh + 2 * m * dh + 2 * n * m + n * dh);
  float* q_h = buffer;               // (n, dh)
  float* k_h = q_h + n * dh;         // (m, dh)
  float* v_h = k_h + m * dh;         // (m, dh)
  float* scores = v_h + m * dh;      // (n, m), not reported
  float* scaled = scores + n * m;    // (n, m), not reported
  float* head_out = scaled + n * m;  // (n, dh)
  AttentionOptions options;
  options.scale = default_scale(dh);
  options.mask = mask;
  options.mask_values = mask_values;
  for (std::size_t h = 0; h < s.heads; ++h) {
    copy_columns(out.q, n, d, h * dh, dh, q_h);
    copy_columns(out.k, m, d, h * dh, dh, k_h);
    copy_columns(out.v, m, d, h * dh, dh, v_h);
    attention(q_h, k_h, v_h, {n, m, dh, dh}, options,
              {scores, scaled, out.weights + h * n * m, head_out}, ws);
    // step 3: the head's output goes back into its own columns of concat
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < dh; ++j) out.concat[i * d + h * dh + j] = head_out[i * dh + j];
  }

  // step 4: Wo mixes the heads back into one dModel-wide output   (n, d)
  project("output", "concat · wo overflows float32", out.concat, w.wo, n, d, out.output, ws);
}

}  // namespace ax
