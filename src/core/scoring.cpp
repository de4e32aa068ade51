// scoring.cpp — the four scoring functions on the gemm, dot and tanh kernels; see scoring.h.
#include "core/scoring.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/errors.h"
#include "core/validate.h"
#include "kernels/select.h"

namespace ax {
namespace {

std::string str(std::size_t value) { return std::to_string(value); }

std::string quoted(ScoreKind kind) { return std::string("'") + score_kind_name(kind) + "'"; }

// A matrix the kind needs must be there; one it does not use must not be.
void require_param(const char* name, const float* values, bool used, ScoreKind kind,
                   const char* shape_text) {
  if (used && values == nullptr) {
    throw_type(std::string(name) + ": kind " + quoted(kind) + " needs " + name + " (" +
               shape_text + ")");
  }
  if (!used && values != nullptr) {
    throw_range(std::string(name) + ": not used by kind " + quoted(kind) +
                "; pass it only with the kind that needs it");
  }
}

// √(Σ x²) of each row, in double (no overflow for any float32 input).
void row_norms(const float* x, std::size_t rows, std::size_t cols, const char* name,
               double* out) {
  for (std::size_t i = 0; i < rows; ++i) {
    double sum = 0.0;
    for (std::size_t j = 0; j < cols; ++j) sum += double(x[i * cols + j]) * double(x[i * cols + j]);
    if (sum == 0.0) {
      throw_range(std::string(name) + ": row " + str(i) +
                  " is the zero vector; cosine similarity divides by its length, "
                  "so every row needs a non-zero length");
    }
    out[i] = std::sqrt(sum);
  }
}

// Each row divided by its length, in double, rounded once to float.
void unit_rows(const float* x, const double* norms, std::size_t rows, std::size_t cols,
               float* out) {
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t j = 0; j < cols; ++j)
      out[i * cols + j] = float(double(x[i * cols + j]) / norms[i]);
}

// out (n, m) = A (n, kc) · Bᵀ, B given as (m, kc) row-major.
void product_transposed(const float* a, const float* b, std::size_t n, std::size_t m,
                        std::size_t kc, float* out, Workspace& ws) {
  float* packed = ws.packed(ax_f32_gemm_packed_size(kc, m));
  ax_f32_gemm_pack_nxk_x8(m, kc, b, packed);
  kernels::gemm_rows(n, m, kc, a, packed, out);
}

}  // namespace

ScoreKind score_kind(const std::string& name) {
  if (name == "dot") return ScoreKind::dot;
  if (name == "cosine") return ScoreKind::cosine;
  if (name == "bilinear") return ScoreKind::bilinear;
  if (name == "additive") return ScoreKind::additive;
  throw_range("kind: unknown scoring function '" + name +
              "'; expected 'dot', 'cosine', 'bilinear' or 'additive'");
}

const char* score_kind_name(ScoreKind kind) {
  switch (kind) {
    case ScoreKind::dot: return "dot";
    case ScoreKind::cosine: return "cosine";
    case ScoreKind::bilinear: return "bilinear";
    case ScoreKind::additive: return "additive";
  }
  return "dot";
}

void validate_scores(const float* q, const float* k, ScoreKind kind, const ScoreShape& s,
                     const ScoreParams& p) {
  require_positive("n", s.n);
  require_positive("m", s.m);
  require_positive("dq", s.dq);
  require_positive("dk", s.dk);
  const bool same_width = kind == ScoreKind::dot || kind == ScoreKind::cosine;
  if (same_width && s.dq != s.dk) {
    throw_range("dq: must equal dk for kind " + quoted(kind) + " (got dq = " + str(s.dq) +
                ", dk = " + str(s.dk) + "); 'bilinear' and 'additive' compare different widths");
  }
  const bool additive = kind == ScoreKind::additive;
  if (additive) {
    require_positive("dh", s.dh);
  } else if (s.dh != 0) {
    throw_range("dh: not used by kind " + quoted(kind) + "; only 'additive' has a hidden layer");
  }
  const std::string w_shape = "dq × dk = " + str(s.dq) + " × " + str(s.dk);
  const std::string wq_shape = "dh × dq = " + str(s.dh) + " × " + str(s.dq);
  const std::string wk_shape = "dh × dk = " + str(s.dh) + " × " + str(s.dk);
  const std::string u_shape = "dh = " + str(s.dh) + " values";
  require_param("w", p.w, kind == ScoreKind::bilinear, kind, w_shape.c_str());
  require_param("wq", p.wq, additive, kind, wq_shape.c_str());
  require_param("wk", p.wk, additive, kind, wk_shape.c_str());
  require_param("u", p.u, additive, kind, u_shape.c_str());

  require_count("n × dq", s.n, s.dq);
  require_count("m × dk", s.m, s.dk);
  require_count("n × m", s.n, s.m);
  require_count("dq × dk", s.dq, s.dk);
  if (additive) {
    require_count("dh × dq", s.dh, s.dq);
    require_count("dh × dk", s.dh, s.dk);
    require_count("n × m × dh", s.n * s.m, s.dh);
  }
  require_finite("q", q, s.n * s.dq, s.dq);
  require_finite("k", k, s.m * s.dk, s.dk);
  if (p.w) require_finite("w", p.w, s.dq * s.dk, s.dk);
  if (p.wq) require_finite("wq", p.wq, s.dh * s.dq, s.dq);
  if (p.wk) require_finite("wk", p.wk, s.dh * s.dk, s.dk);
  if (p.u) require_finite("u", p.u, s.dh);
  if (kind == ScoreKind::cosine) {
    std::vector<double> norms(std::max(s.n, s.m));
    row_norms(q, s.n, s.dq, "q", norms.data());  // a zero row throws, naming it
    row_norms(k, s.m, s.dk, "k", norms.data());
  }
}

void scores_unchecked(const float* q, const float* k, ScoreKind kind, const ScoreShape& s,
                      const ScoreParams& p, float* out, Workspace& ws) {
  const std::size_t n = s.n, m = s.m, dq = s.dq, dk = s.dk, dh = s.dh;
  switch (kind) {
    case ScoreKind::dot:
      // Q (n, dk) · Kᵀ (dk, m)
      product_transposed(q, k, n, m, dk, out, ws);
      break;
    case ScoreKind::cosine: {
      // unit rows first (in double), then their dot products: no overflow,
      // whatever the lengths
      float* buffer = ws.scoring_buffer((n + m) * dk);
      float* q_unit = buffer;           // (n, dk)
      float* k_unit = buffer + n * dk;  // (m, dk)
      std::vector<double> norms(std::max(n, m));
      row_norms(q, n, dk, "q", norms.data());
      unit_rows(q, norms.data(), n, dk, q_unit);
      row_norms(k, m, dk, "k", norms.data());
      unit_rows(k, norms.data(), m, dk, k_unit);
      product_transposed(q_unit, k_unit, n, m, dk, out, ws);
      for (std::size_t i = 0; i < n * m; ++i) out[i] = std::clamp(out[i], -1.0f, 1.0f);
      break;
    }
    case ScoreKind::bilinear: {
      // QW (n, dk) = Q (n, dq) · W (dq, dk), then QW · Kᵀ
      float* qw = ws.scoring_buffer(n * dk);
      float* packed = ws.packed(ax_f32_gemm_packed_size(dq, dk));
      ax_f32_gemm_pack_kxn_x8(dq, dk, p.w, packed);
      kernels::gemm_rows(n, dk, dq, q, packed, qw);
      product_transposed(qw, k, n, m, dk, out, ws);
      break;
    }
    case ScoreKind::additive: {
      // A = Q · Wqᵀ (n, dh), B = K · Wkᵀ (m, dh): each projected once, not per pair
      float* buffer = ws.scoring_buffer((n + 2 * m) * dh);
      float* a = buffer;                 // (n, dh)
      float* b = buffer + n * dh;        // (m, dh)
      float* hidden = b + m * dh;        // (m, dh), one query's hidden layer for every key
      product_transposed(q, p.wq, n, dh, dq, a, ws);
      product_transposed(k, p.wk, m, dh, dk, b, ws);
      // tanh would turn an overflowed projection into a plausible ±1: report it instead
      require_finite_result("scores", "wq · q overflows float32", a, n * dh, dh);
      require_finite_result("scores", "wk · k overflows float32", b, m * dh, dh);
      for (std::size_t i = 0; i < n; ++i) {
        // hidden(j) = tanh(A_i + B_j), then s(i, j) = u · hidden(j)
        const float* a_i = a + i * dh;
        for (std::size_t j = 0; j < m; ++j)
          for (std::size_t l = 0; l < dh; ++l) hidden[j * dh + l] = a_i[l] + b[j * dh + l];
        kernels::vtanh(m * dh, hidden, hidden);
        for (std::size_t j = 0; j < m; ++j) out[i * m + j] = kernels::dot(dh, hidden + j * dh, p.u);
      }
      break;
    }
  }
}

void scores(const float* q, const float* k, ScoreKind kind, const ScoreShape& s,
            const ScoreParams& p, float* out, Workspace& ws) {
  validate_scores(q, k, kind, s, p);
  scores_unchecked(q, k, kind, s, p, out, ws);
  require_finite_result("scores", "the scores overflow float32", out, s.n * s.m, s.m);
}

}  // namespace ax
