// linear_attention.cpp — φ(q)ᵀ (Σ φ(k) vᵀ) / φ(q)ᵀ (Σ φ(k)); see linear_attention.h.
//
// The ratio does not change when every φ(k_j)_c is divided by one number per feature c, or when
// φ(q_i) is divided by one number per query: both cancel. The core uses that to keep every
// feature in (0, 1] with the largest exactly 1, like softmax subtracting its maximum:
//   log φ(x) = x (x ≤ 0) or log(1 + x) (x > 0)
//   φ̂(k_j)_c = exp(log φ(k_jc) − m_c),           m_c = max_j log φ(k_jc)
//   φ̂(q_i)_c = exp(log φ(q_ic) + m_c − M_i),      M_i = max_c (log φ(q_ic) + m_c)
// so the denominator φ̂(q_i)·ẑ is at least 1 and never underflows to 0 (φ(−200) = e⁻²⁰⁰ would
// be 0 in float32 and give 0/0). The sums are also kept as weighted means (weights adding up
// to 1), so huge values overflow nowhere: the output is a φ-weighted mean of the values.
#include "core/linear_attention.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "core/errors.h"
#include "core/validate.h"
#include "kernels/select.h"

namespace ax {
namespace {

double log_feature(float x) { return x > 0.0f ? std::log1p(double(x)) : double(x); }

}  // namespace

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
  require_count("n × dk", n, dk);
  require_count("m × dk", m, dk);
  require_count("m × dv", m, dv);
  require_count("n × dv", n, dv);
  require_count("dk × dv", dk, dv);  // Σ φ(k) vᵀ
  require_finite("q", q, n * dk, dk);
  require_finite("k", k, m * dk, dk);
  require_finite("v", v, m * dv, dv);
  constexpr double kMinusInf = -std::numeric_limits<double>::infinity();

  if (!causal) {
    float* phi_kt = ws.tile_buffer(dk * m + n * dk + dk * dv + dk);  // φ̂(K)ᵀ (dk, m)
    float* phi_q = phi_kt + dk * m;                                   // φ̂(Q) (n, dk)
    float* s = phi_q + n * dk;                                        // Ŝ (dk, dv)
    float* z = s + dk * dv;                                           // ẑ (dk)
    double* shift = ws.wide_buffer(dk);                               // m_c
    // step 1: m_c, then ẑ_c = Σ_j φ̂(k_j)_c ≥ 1 and φ̂(K)ᵀ / ẑ (each feature's key weights sum to 1)
    std::fill(shift, shift + dk, kMinusInf);
    for (std::size_t j = 0; j < m; ++j)
      for (std::size_t c = 0; c < dk; ++c) shift[c] = std::max(shift[c], log_feature(k[j * dk + c]));
    for (std::size_t c = 0; c < dk; ++c) {
      double sum = 0.0;
      for (std::size_t j = 0; j < m; ++j) sum += std::exp(log_feature(k[j * dk + c]) - shift[c]);
      z[c] = float(sum);
      for (std::size_t j = 0; j < m; ++j)
        phi_kt[c * m + j] = float(std::exp(log_feature(k[j * dk + c]) - shift[c]) / sum);
    }
    // step 2: Ŝ = (φ̂(K)ᵀ / ẑ) V   (dk, m) · (m, dv): each row a weighted mean of the values
    float* w = ws.packed(ax_f32_gemm_packed_size(m, dv));
    ax_f32_gemm_pack_kxn_x8(m, dv, v, w);
    kernels::gemm_rows(dk, dv, m, phi_kt, w, s);
    // step 3: u_ic = φ̂(q_i)_c ẑ_c / Σ_c φ̂(q_i)_c ẑ_c, with φ̂(q_i)'s largest feature exactly 1
    for (std::size_t i = 0; i < n; ++i) {
      double top = kMinusInf;
      for (std::size_t c = 0; c < dk; ++c) top = std::max(top, log_feature(q[i * dk + c]) + shift[c]);
      double total = 0.0;  // ≥ 1: the top feature has φ̂ = 1 and ẑ ≥ 1
      for (std::size_t c = 0; c < dk; ++c) {
        const double u = std::exp(log_feature(q[i * dk + c]) + shift[c] - top) * double(z[c]);
        phi_q[i * dk + c] = float(u);
        total += u;
      }
      for (std::size_t c = 0; c < dk; ++c) phi_q[i * dk + c] = float(double(phi_q[i * dk + c]) / total);
    }
    // step 4: output = U Ŝ   (n, dk) · (dk, dv): weights that add up to 1 over weighted means,
    // so no partial sum grows past max |v| (an unnormalised Σ φ(k) vᵀ could pass FLT_MAX)
    w = ws.packed(ax_f32_gemm_packed_size(dk, dv));
    ax_f32_gemm_pack_kxn_x8(dk, dv, s, w);
    kernels::gemm_rows(n, dv, dk, phi_q, w, output);
  } else {
    // running sums in float64, each feature c kept relative to its running maximum m_c
    // (rescaled when a larger one arrives, as an online softmax rescales its sum)
    double* s = ws.wide_buffer(dk * dv + 3 * dk + dv);  // S (dk, dv), z, m_c, φ̂(q_i) (dk each), out_i (dv)
    double* z = s + dk * dv;
    double* shift = z + dk;
    double* phi = shift + dk;
    double* numerator = phi + dk;
    std::fill(s, s + dk * dv + dk, 0.0);
    std::fill(shift, shift + dk, kMinusInf);
    for (std::size_t i = 0; i < n; ++i) {
      // step 1: S += φ̂(k_i) v_iᵀ,  z += φ̂(k_i)
      const float* v_row = v + i * dv;
      for (std::size_t c = 0; c < dk; ++c) {
        const double lf = log_feature(k[i * dk + c]);
        double* s_row = s + c * dv;
        if (lf > shift[c]) {
          const double rescale = std::exp(shift[c] - lf);  // 0 for the first key
          for (std::size_t d = 0; d < dv; ++d) s_row[d] *= rescale;
          z[c] *= rescale;
          shift[c] = lf;
        }
        const double f = std::exp(lf - shift[c]);
        z[c] += f;
        for (std::size_t d = 0; d < dv; ++d) s_row[d] += f * double(v_row[d]);
      }
      // step 2: out_i = φ̂(q_i)ᵀ S / φ̂(q_i)ᵀ z, the largest φ̂(q_i)_c + shift exactly 1
      double top = kMinusInf;
      for (std::size_t c = 0; c < dk; ++c) top = std::max(top, log_feature(q[i * dk + c]) + shift[c]);
      double denominator = 0.0;
      for (std::size_t c = 0; c < dk; ++c) {
        phi[c] = std::exp(log_feature(q[i * dk + c]) + shift[c] - top);
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
  require_finite_result("output", "Σ φ(k) vᵀ overflows float32", output, n * dv, dv);
}

}  // namespace ax
