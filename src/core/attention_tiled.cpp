// attention_tiled.cpp — exact attention output, one key block at a time; see attention_tiled.h.
#include "core/attention_tiled.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "core/errors.h"
#include "core/validate.h"
#include "kernels/select.h"

namespace ax {
namespace {

constexpr float kMinusInf = -std::numeric_limits<float>::infinity();

std::size_t round_up(std::size_t x, std::size_t to) { return (x + to - 1) / to * to; }

// The first non-finite value of a (rows, cols) block sitting at (i0, j0) of the
// full (n, m) matrix, reported at its place in that matrix.
void require_finite_block(const char* name, const char* cause, const float* block,
                          std::size_t rows, std::size_t cols, std::size_t i0, std::size_t j0) {
  const std::size_t bad = kernels::vfinite(rows * cols, block);
  if (bad == rows * cols) return;
  throw_range(std::string(name) + ": " + cause + " at row " + std::to_string(i0 + bad / cols) +
              ", column " + std::to_string(j0 + bad % cols) + " (" + describe_value(block[bad]) +
              "); use smaller values");
}

bool visible(const AttentionOptions& o, std::size_t i, std::size_t j, std::size_t m) {
  switch (o.mask) {
    case MaskKind::none: return true;
    case MaskKind::causal: return j <= i;
    case MaskKind::explicit_values: return o.mask_values[i * m + j] != 0;
  }
  return true;
}

}  // namespace

std::size_t attention_tiled_workspace_floats(const AttentionShape& s) {
  const std::size_t blocks = (s.m + kTiledKeys - 1) / kTiledKeys;
  return blocks * kTiledKeys * s.dk                      // packed key blocks
         + blocks * kTiledKeys * round_up(s.dv, kGemmNR)  // packed value blocks
         + kTiledQueries * (kTiledKeys + s.dv + 3)        // tile, P·V, running max, two weights
         + 2 * kTiledQueries;                            // running sums (float64)
}

void attention_output_tiled(const float* q, const float* k, const float* v,
                            const AttentionShape& s, const AttentionOptions& o,
                            float* output, Workspace& ws) {
  validate_attention(q, k, v, s, o);
  const std::size_t n = s.n, m = s.m, dk = s.dk, dv = s.dv;
  const std::size_t blocks = (m + kTiledKeys - 1) / kTiledKeys;

  // pack once: key block b as Kᵦᵀ (dk, ≤64) panels, value block b as Vᵦ (≤64, dv) panels
  const std::size_t k_block = kTiledKeys * dk;
  const std::size_t v_block = kTiledKeys * round_up(dv, kGemmNR);
  float* kp = ws.keys(blocks * k_block);
  float* vp = ws.values(blocks * v_block);
  for (std::size_t b = 0; b < blocks; ++b) {
    const std::size_t j0 = b * kTiledKeys, cols = std::min(kTiledKeys, m - j0);
    ax_f32_gemm_pack_nxk_x8(cols, dk, k + j0 * dk, kp + b * k_block);
    ax_f32_gemm_pack_kxn_x8(cols, dv, v + j0 * dv, vp + b * v_block);
  }

  float* tile = ws.tile_buffer(kTiledQueries * (kTiledKeys + dv + 3));
  float* pv = tile + kTiledQueries * kTiledKeys;  // (strip, dv)   P̂ · Vᵦ
  float* run_max = pv + kTiledQueries * dv;        // (strip)      m
  float* keep = run_max + kTiledQueries;           // (strip)      αℓ / ℓ'
  float* take = keep + kTiledQueries;              // (strip)      Σp / ℓ'
  double* run_sum = ws.wide_buffer(kTiledQueries);  // (strip)    ℓ: float block sums added in double

  for (std::size_t i0 = 0; i0 < n; i0 += kTiledQueries) {
    const std::size_t rows = std::min(kTiledQueries, n - i0);
    float* out = output + i0 * dv;  // (rows, dv), the running o
    std::fill(out, out + rows * dv, 0.0f);
    std::fill(run_max, run_max + rows, kMinusInf);
    std::fill(run_sum, run_sum + rows, 0.0);
    // causal: blocks that start after the strip's last query are all hidden
    const std::size_t last_block =
        o.mask == MaskKind::causal ? std::min(blocks, (i0 + rows - 1) / kTiledKeys + 1) : blocks;

    for (std::size_t b = 0; b < last_block; ++b) {
      const std::size_t j0 = b * kTiledKeys, cols = std::min(kTiledKeys, m - j0);

      // step 1: s = Q_strip · Kᵦᵀ, then × scale   (rows, cols)
      kernels::gemm_rows(rows, cols, dk, q + i0 * dk, kp + b * k_block, tile);
      require_finite_block("scores", "Q·Kᵀ overflows float32", tile, rows, cols, i0, j0);
      for (std::size_t t = 0; t < rows * cols; ++t) tile[t] *= o.scale;
      require_finite_block("scaled", "scores × scale overflows float32", tile, rows, cols, i0, j0);

      // step 2: per row, the new running max, the rescale α and p = exp((s − m') / T)
      for (std::size_t r = 0; r < rows; ++r) {
        float* p = tile + r * cols;
        const std::size_t i = i0 + r;
        if (o.mask != MaskKind::none) {
          for (std::size_t c = 0; c < cols; ++c) {
            if (!visible(o, i, j0 + c, m)) p[c] = kMinusInf;
          }
        }
        float block_max = kMinusInf;
        for (std::size_t c = 0; c < cols; ++c) block_max = std::max(block_max, p[c]);
        if (block_max == kMinusInf) {  // nothing visible here: no weight, no rescale
          std::fill(p, p + cols, 0.0f);
          keep[r] = 1.0f;
          take[r] = 0.0f;
          continue;
        }
        const float new_max = std::max(run_max[r], block_max);
        // (s − m') / T, taken as (s·½ − m'·½) / (T·½) when T ≥ 2: s − m' of finite scores can pass
        // FLT_MAX (3e38 − (−3e38)), which only matters when T is large enough to bring it back
        const float half = o.temperature >= 2.0f ? 0.5f : 1.0f;
        const float h_max = new_max * half, h_temp = o.temperature * half;
        for (std::size_t c = 0; c < cols; ++c) p[c] = (p[c] * half - h_max) / h_temp;
        kernels::vexp(cols, p, p);  // hidden keys: exp(−∞) = 0
        // α = exp((m − m') / T); exp(−∞) = 0 on the row's first visible block
        float alpha = (run_max[r] * half - h_max) / h_temp;
        kernels::vexp(1, &alpha, &alpha);
        double block_total = 0.0;  // in double: one p near 1 and many tiny ones would drift in float
        for (std::size_t c = 0; c < cols; ++c) block_total += p[c];
        if (block_total == 0.0) {  // every p underflowed: far below the row's maximum, no weight
          std::fill(p, p + cols, 0.0f);
          keep[r] = 1.0f;
          take[r] = 0.0f;
          continue;
        }
        const double kept = run_sum[r] * alpha;
        run_sum[r] = kept + block_total;
        run_max[r] = new_max;
        // o stays normalised (a weighted mean of the values seen so far): the block's p are
        // divided by their sum, and o' = o·αℓ/ℓ' + (P̂·Vᵦ)·Σp/ℓ', two weights that add up to 1.
        // So no partial sum grows past max |v|, which an unnormalised Σ p v (up to m·max |v|) could.
        const double inv_block = 1.0 / block_total;  // in double: Σp may be denormal
        for (std::size_t c = 0; c < cols; ++c) p[c] = float(double(p[c]) * inv_block);
        keep[r] = float(kept / run_sum[r]);
        take[r] = float(block_total / run_sum[r]);
      }

      // step 3: o = o·keep + (P̂ · Vᵦ)·take   (rows, cols) · (cols, dv)
      kernels::gemm_rows(rows, dv, cols, tile, vp + b * v_block, pv);
      for (std::size_t r = 0; r < rows; ++r) {
        float* o_row = out + r * dv;
        const float* pv_row = pv + r * dv;
        for (std::size_t d = 0; d < dv; ++d) o_row[d] = o_row[d] * keep[r] + pv_row[d] * take[r];
      }
    }
    // step 4: nothing left to divide; a row with every key hidden stays all zeros
  }
  require_finite_result("output", "weights · V overflows float32", output, n * dv, dv);
}

}  // namespace ax
