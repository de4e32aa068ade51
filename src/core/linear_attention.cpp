// linear_attention.cpp — φ(q)ᵀ (Σ φ(k) vᵀ) / φ(q)ᵀ (Σ φ(k)); see linear_attention.h.
#include "core/linear_attention.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/errors.h"
#include "core/validate.h"
#include "kernels/select.h"

namespace ax {

float linear_feature(float x) { return x > 0.0f ? x + 1.0f : std::exp(x); }

void linear_attention(const float* q, const float* k, const float* v, std::size_t n,
                      std::size_t m, std::size_t dk, std::size_t dv, bool causal,
                      float* output, Workspace& ws) {
  require_positive("n", n);
  require_positive("m", m);
  require_positive("dk", dk);
  require_positive("dv", dv);
  if (causal && m != n) {
    throw_range("causal: needs as many keys as queries (m = n), got n = " + std::to_string(n) +
                ", m = " + std::to_string(m));
  }
  require_finite("q", q, n * dk, dk);
  require_finite("k", k, m * dk, dk);
  require_finite("v", v, m * dv, dv);

  if (!causal) {
    // step 1: φ(K)ᵀ (dk, m) and φ(Q) (n, dk)
    float* phi_kt = ws.tile_buffer(dk * m + n * dk + dk * dv + dk);
    float* phi_q = phi_kt + dk * m;
    float* s = phi_q + n * dk;  // (dk, dv)
    float* z = s + dk * dv;     // (dk)
    for (std::size_t j = 0; j < m; ++j)
      for (std::size_t c = 0; c < dk; ++c) phi_kt[c * m + j] = linear_feature(k[j * dk + c]);
    for (std::size_t t = 0; t < n * dk; ++t) phi_q[t] = linear_feature(q[t]);
    // step 2: S = φ(K)ᵀ V   (dk, m) · (m, dv);  z = row sums of φ(K)ᵀ
    float* w = ws.packed(ax_f32_gemm_packed_size(m, dv));
    ax_f32_gemm_pack_kxn_x8(m, dv, v, w);
    kernels::gemm_rows(dk, dv, m, phi_kt, w, s);
    for (std::size_t c = 0; c < dk; ++c) {
      double sum = 0.0;
      for (std::size_t j = 0; j < m; ++j) sum += phi_kt[c * m + j];
      z[c] = float(sum);
    }
    require_finite_result("output", "Σ φ(k) vᵀ overflows float32", s, dk * dv, dv);
    // step 3: numerators φ(Q) S   (n, dk) · (dk, dv), then divide by φ(q_i)·z
    w = ws.packed(ax_f32_gemm_packed_size(dk, dv));
    ax_f32_gemm_pack_kxn_x8(dk, dv, s, w);
    kernels::gemm_rows(n, dv, dk, phi_q, w, output);
    for (std::size_t i = 0; i < n; ++i) {
      const float denominator = kernels::dot(dk, phi_q + i * dk, z);  // φ > 0: never 0
      // An infinite denominator would turn every output of the row into a silent 0.
      if (!std::isfinite(denominator)) {
        throw_range("output: φ(q)·Σ φ(k) overflows float32 at row " + std::to_string(i) +
                    "; use smaller values");
      }
      const float inv = 1.0f / denominator;
      for (std::size_t d = 0; d < dv; ++d) output[i * dv + d] *= inv;
    }
  } else {
    // running sums in float64: S and z gain one key per query, n terms deep
    double* s = ws.wide_buffer(dk * dv + 2 * dk + dv);  // S (dk, dv), z (dk), φ(q_i) (dk), out_i (dv)
    double* z = s + dk * dv;
    double* phi = z + dk;
    double* numerator = phi + dk;
    std::fill(s, s + dk * dv + dk, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      // step 1: S += φ(k_i) v_iᵀ,  z += φ(k_i)
      const float* v_row = v + i * dv;
      for (std::size_t c = 0; c < dk; ++c) {
        const double f = linear_feature(k[i * dk + c]);
        z[c] += f;
        double* s_row = s + c * dv;
        for (std::size_t d = 0; d < dv; ++d) s_row[d] += f * double(v_row[d]);
      }
      // step 2: out_i = φ(q_i)ᵀ S / φ(q_i)ᵀ z
      double denominator = 0.0;
      for (std::size_t c = 0; c < dk; ++c) {
        phi[c] = linear_feature(q[i * dk + c]);
        denominator += phi[c] * z[c];
      }
      std::fill(numerator, numerator + dv, 0.0);
      for (std::size_t c = 0; c < dk; ++c) {
        const double* s_row = s + c * dv;
        for (std::size_t d = 0; d < dv; ++d) numerator[d] += phi[c] * s_row[d];
      }
      float* o_row = output + i * dv;
      for (std::size_t d = 0; d < dv; ++d) o_row[d] = float(numerator[d] / denominator);
    }
  }
  require_finite_result("output", "linear attention overflows float32", output, n * dv, dv);
}

}  // namespace ax
