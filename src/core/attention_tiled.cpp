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
         + kTiledQueries * (kTiledKeys + s.dv + 1)        // tile, P·V, running max
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

  float* tile = ws.tile_buffer(kTiledQueries * (kTiledKeys + dv + 1));
  float* pv = tile + kTiledQueries * kTiledKeys;  // (strip, dv)   P · Vᵦ
  float* run_max = pv + kTiledQueries * dv;        // (strip)      m
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
          continue;
        }
        const float new_max = std::max(run_max[r], block_max);
        for (std::size_t c = 0; c < cols; ++c) p[c] = (p[c] - new_max) / o.temperature;
        kernels::vexp(cols, p, p);  // hidden keys: exp(−∞) = 0
        // α = exp((m − m') / T); exp(−∞) = 0 on the row's first visible block
        float alpha = (run_max[r] - new_max) / o.temperature;
        kernels::vexp(1, &alpha, &alpha);
        float block_sum = 0.0f;
        for (std::size_t c = 0; c < cols; ++c) block_sum += p[c];
        run_sum[r] = run_sum[r] * alpha + double(block_sum);
        run_max[r] = new_max;
        if (alpha != 1.0f) {
          for (std::size_t d = 0; d < dv; ++d) out[r * dv + d] *= alpha;
        }
      }

      // step 3: o += P · Vᵦ   (rows, cols) · (cols, dv)
      kernels::gemm_rows(rows, dv, cols, tile, vp + b * v_block, pv);
      for (std::size_t t = 0; t < rows * dv; ++t) out[t] += pv[t];
    }

    // step 4: output = o / ℓ; a row with every key hidden stays all zeros
    for (std::size_t r = 0; r < rows; ++r) {
      if (run_sum[r] == 0.0) continue;
      const float inv = float(1.0 / run_sum[r]);
      for (std::size_t d = 0; d < dv; ++d) out[r * dv + d] *= inv;
    }
  }
  require_finite_result("output", "weights · V overflows float32", output, n * dv, dv);
}

}  // namespace ax
