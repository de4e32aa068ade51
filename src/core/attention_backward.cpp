// attention_backward.cpp — dQ, dK, dV of attention, step by step; see attention_backward.h.
#include "core/attention_backward.h"

#include "core/validate.h"

namespace ax {
namespace {

float* grow(std::vector<float>& buffer, std::size_t count) {
  if (buffer.size() < count) buffer.resize(count);
  return buffer.data();
}

}  // namespace

void attention_backward_from_weights(const float* q, const float* k,
                                     const float* v, const float* weights,
                                     const float* d_output,
                                     const AttentionShape& s,
                                     const AttentionOptions& o,
                                     const AttentionGradients& out,
                                     BackwardWorkspace& ws) {
  const std::size_t n = s.n, m = s.m, dk = s.dk, dv = s.dv;

  // step 1: dV = Wᵀ · dOutput   (m, n) · (n, dv) -> (m, dv)
  matmul_tn(weights, d_output, m, n, dv, out.dv, ws.gemm);

  // step 2: dW = dOutput · Vᵀ   (n, dv) · (dv, m) -> (n, m); Vᵀ packed from V
  float* dw = grow(ws.d_weights, n * m);
  matmul_nt(d_output, v, n, dv, m, dw, ws.gemm);

  // step 3: softmax backward, dS = (scale/T) · W ⊙ (dW − Σⱼ W dW)   (n, m)
  // In double, rounded once: scale / T alone may pass FLT_MAX (T = 1e-42) or
  // underflow (scale 1e-30, T 1e30) where dS itself is an ordinary number, and
  // the row sum is subtracted from every dW.
  float* ds = grow(ws.d_scores, n * m);
  const double factor = double(o.scale) / double(o.temperature);
  for (std::size_t i = 0; i < n; ++i) {
    const float* w_row = weights + i * m;
    const float* dw_row = dw + i * m;
    double dot = 0.0;
    for (std::size_t j = 0; j < m; ++j) dot += double(w_row[j]) * double(dw_row[j]);
    for (std::size_t j = 0; j < m; ++j) {
      // W = 0 (hidden key, fully hidden row) gives exactly 0.
      ds[i * m + j] = w_row[j] == 0.0f
                          ? 0.0f
                          : float(factor * (double(w_row[j]) * (double(dw_row[j]) - dot)));
    }
  }

  // step 4: dQ = dS · K   (n, m) · (m, dk) -> (n, dk)
  matmul_nn(ds, k, n, m, dk, out.dq, ws.gemm);

  // step 5: dK = dSᵀ · Q   (m, n) · (n, dk) -> (m, dk)
  matmul_tn(ds, q, m, n, dk, out.dk, ws.gemm);
}

void attention_backward(const float* q, const float* k, const float* v,
                        const float* d_output, const AttentionShape& s,
                        const AttentionOptions& o,
                        const AttentionGradients& out, BackwardWorkspace& ws) {
  // The shape (with every product checked), q, k, v, scale, temperature and mask, before
  // any buffer is sized from them; the forward pass below checks them again.
  validate_attention(q, k, v, s, o);
  require_finite("dOutput", d_output, s.n * s.dv, s.dv);
  const std::size_t nm = s.n * s.m;
  const AttentionOutputs fwd{grow(ws.scores, nm), grow(ws.scaled, nm),
                             grow(ws.weights, nm), grow(ws.output, s.n * s.dv)};
  attention(q, k, v, s, o, fwd, ws.forward);
  attention_backward_from_weights(q, k, v, fwd.weights, d_output, s, o, out, ws);
  require_finite_result("dq", "dS · K overflows float32", out.dq, s.n * s.dk, s.dk);
  require_finite_result("dk", "dSᵀ · Q overflows float32", out.dk, s.m * s.dk, s.dk);
  require_finite_result("dv", "Wᵀ · dOutput overflows float32", out.dv, s.m * s.dv, s.dv);
}

}  // namespace ax
