// sparse_attention.cpp — CSR pattern, then softmax over each row's keys; see sparse_attention.h.
#include "core/sparse_attention.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "core/errors.h"
#include "core/validate.h"
#include "kernels/select.h"

namespace ax {
namespace {

void validate_pattern(std::size_t n, const SparseOptions& o) {
  require_positive("n", n);
  if (o.window < 0) {
    throw_range("window: must be a non-negative integer, got " + std::to_string(o.window));
  }
  if (o.stride < 0) {
    throw_range("stride: must be a non-negative integer, got " + std::to_string(o.stride));
  }
  if (o.globals_count > 0 && o.globals == nullptr) throw_type("globals: no values");
  std::vector<bool> seen(n, false);
  for (std::size_t g = 0; g < o.globals_count; ++g) {
    const std::int64_t index = o.globals[g];
    if (index < 0 || std::size_t(index) >= n) {
      throw_range("globals: index " + std::to_string(index) + " at position " + std::to_string(g) +
                  " is outside 0 … " + std::to_string(n - 1) + " (n = " + std::to_string(n) + ")");
    }
    if (seen[std::size_t(index)]) {
      throw_range("globals: index " + std::to_string(index) + " is repeated (position " +
                  std::to_string(g) + "); list each global token once");
    }
    seen[std::size_t(index)] = true;
  }
}

}  // namespace

void sparse_pattern(std::size_t n, const SparseOptions& o, SparseResult& out) {
  validate_pattern(n, o);
  std::vector<bool> global(n, false);
  std::vector<std::int32_t> global_cols;  // ascending
  for (std::size_t g = 0; g < o.globals_count; ++g) global[std::size_t(o.globals[g])] = true;
  for (std::size_t j = 0; j < n; ++j) {
    if (global[j]) global_cols.push_back(std::int32_t(j));
  }
  const std::int64_t N = std::int64_t(n);

  out.row_start.assign(n + 1, 0);
  out.cols.clear();
  std::vector<std::int32_t> row;
  for (std::int64_t i = 0; i < N; ++i) {
    const std::int64_t last = o.causal ? i : N - 1;  // the last key the row may see
    row.clear();
    if (global[std::size_t(i)]) {
      // a global query sees every key
      for (std::int64_t j = 0; j <= last; ++j) row.push_back(std::int32_t(j));
    } else {
      // local band, global keys and strided keys, merged in ascending order
      const std::int64_t lo = std::max<std::int64_t>(0, i - o.window);
      const std::int64_t hi = std::min(last, i + std::min(o.window, N));
      for (std::int64_t j = lo; j <= hi; ++j) row.push_back(std::int32_t(j));
      for (std::int32_t j : global_cols) {
        if (j <= last) row.push_back(j);
      }
      if (o.stride > 0) {
        for (std::int64_t j = i % o.stride; j <= last; j += o.stride) row.push_back(std::int32_t(j));
      }
      std::sort(row.begin(), row.end());
      row.erase(std::unique(row.begin(), row.end()), row.end());
    }
    out.cols.insert(out.cols.end(), row.begin(), row.end());
    out.row_start[std::size_t(i) + 1] = std::int32_t(out.cols.size());
  }
}

void sparse_attention(const float* q, const float* k, const float* v, std::size_t n,
                      std::size_t dk, std::size_t dv, const SparseOptions& o,
                      SparseResult& out) {
  require_positive("n", n);
  require_positive("dk", dk);
  require_positive("dv", dv);
  require_count("n × dk", n, dk);
  require_count("n × dv", n, dv);
  require_finite("q", q, n * dk, dk);
  require_finite("k", k, n * dk, dk);
  require_finite("v", v, n * dv, dv);
  require_finite_scalar("scale", o.scale);
  require_positive_finite_scalar("temperature", o.temperature);
  sparse_pattern(n, o, out);

  const std::size_t nnz = out.cols.size();
  out.weights.resize(nnz);
  out.output.assign(n * dv, 0.0f);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t begin = std::size_t(out.row_start[i]), end = std::size_t(out.row_start[i + 1]);
    float* w = out.weights.data() + begin;
    // pass 1: scaled scores q_i·k_j × scale of the row's visible keys (the diagonal is always there)
    for (std::size_t e = begin; e < end; ++e) {
      const std::size_t j = std::size_t(out.cols[e]);
      const float score = kernels::dot(dk, q + i * dk, k + j * dk);
      if (!std::isfinite(score)) {
        throw_range("scores: Q·Kᵀ overflows float32 at row " + std::to_string(i) + ", column " +
                    std::to_string(j) + " (" + describe_value(score) + "); use smaller values");
      }
      w[e - begin] = score * o.scale;
      if (!std::isfinite(w[e - begin])) {
        throw_range("scaled: scores × scale overflows float32 at row " + std::to_string(i) +
                    ", column " + std::to_string(j) + " (" + describe_value(w[e - begin]) +
                    "); use smaller values");
      }
    }
    // pass 2: softmax over those keys only
    kernels::softmax_row(end - begin, w, w, o.temperature);
    // pass 3: output_i = Σ_j w_ij v_j   (dv)
    float* o_row = out.output.data() + i * dv;
    for (std::size_t e = begin; e < end; ++e) {
      const float weight = w[e - begin];
      const float* v_row = v + std::size_t(out.cols[e]) * dv;
      for (std::size_t d = 0; d < dv; ++d) o_row[d] += weight * v_row[d];
    }
  }
  require_finite_result("output", "weights · V overflows float32", out.output.data(), n * dv, dv);
}

}  // namespace ax
