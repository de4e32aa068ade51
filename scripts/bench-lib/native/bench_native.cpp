// bench_native — the attention core and Eigen compiled natively: the ceiling row
// of scripts/bench.
//
//   ax_bench_native attention N D DIR MIN_MS ROUNDS   reads DIR/{q,k,v}.f32 (N×D),
//       writes DIR/{core,eigen}-{weights,output}.f32 for the caller to check
//       against its float64 reference, prints one JSON line of timings.
//   ax_bench_native softmax ROWS COLS DIR MIN_MS ROUNDS  reads DIR/x.f32,
//       writes DIR/{core,eigen}-softmax.f32.
//   ax_bench_native exp-ulp STRIDE   max ulp of the exp kernel over [−87.33, 0].
//
// Timing: every round runs each candidate for ≥ MIN_MS, candidates alternate
// within a round; the JSON lists the per-call times of every round.
#include <Eigen/Dense>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "core/attention.h"
#include "core/softmax.h"
#include "kernels/kernels.h"

namespace {

using Clock = std::chrono::steady_clock;
using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

std::vector<float> read_f32(const std::string& path, std::size_t count) {
  std::vector<float> v(count);
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f || std::fread(v.data(), sizeof(float), count, f) != count) {
    std::fprintf(stderr, "bench_native: cannot read %zu floats from %s\n", count, path.c_str());
    std::exit(2);
  }
  std::fclose(f);
  return v;
}

void write_f32(const std::string& path, const float* data, std::size_t count) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f || std::fwrite(data, sizeof(float), count, f) != count) {
    std::fprintf(stderr, "bench_native: cannot write %s\n", path.c_str());
    std::exit(2);
  }
  std::fclose(f);
}

// Calls per sample so that one sample lasts ≥ min_ms.
long calibrate(const std::function<void()>& body, double min_ms) {
  long reps = 1;
  for (;;) {
    const auto t0 = Clock::now();
    for (long i = 0; i < reps; ++i) body();
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    if (ms >= min_ms || reps > (1L << 30)) return reps;
    reps = ms <= 0 ? reps * 10 : std::max(reps * 2, long(reps * min_ms * 1.2 / ms));
  }
}

// Interleaved rounds; returns per-call milliseconds of each round per candidate.
std::vector<std::vector<double>> time_rounds(const std::vector<std::function<void()>>& bodies,
                                             double min_ms, int rounds) {
  std::vector<long> reps;
  for (const auto& b : bodies) reps.push_back(calibrate(b, min_ms));
  std::vector<std::vector<double>> out(bodies.size());
  for (int r = 0; r < rounds; ++r) {
    for (std::size_t j = 0; j < bodies.size(); ++j) {
      const std::size_t c = (j + r) % bodies.size();  // rotate the order each round
      const auto t0 = Clock::now();
      for (long i = 0; i < reps[c]; ++i) bodies[c]();
      out[c].push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count() / reps[c]);
    }
  }
  return out;
}

void print_json(const char* op, const std::vector<std::string>& names,
                const std::vector<std::vector<double>>& samples) {
  std::printf("{\"op\":\"%s\",\"results\":{", op);
  for (std::size_t c = 0; c < names.size(); ++c) {
    std::printf("%s\"%s\":[", c ? "," : "", names[c].c_str());
    for (std::size_t i = 0; i < samples[c].size(); ++i) std::printf("%s%.9g", i ? "," : "", samples[c][i]);
    std::printf("]");
  }
  std::printf("}}\n");
}

// Eigen float attention, the textbook way: S = Q Kᵀ · scale, row softmax, O = W V.
void eigen_attention(const RowMatrix& q, const RowMatrix& k, const RowMatrix& v, float scale,
                     RowMatrix& scores, RowMatrix& weights, RowMatrix& output) {
  scores.noalias() = q * k.transpose();
  weights = scores * scale;
  for (Eigen::Index i = 0; i < weights.rows(); ++i) {
    auto row = weights.row(i);
    row = (row.array() - row.maxCoeff()).exp().matrix();
    row /= row.sum();
  }
  output.noalias() = weights * v;
}

void eigen_softmax(const RowMatrix& x, RowMatrix& y) {
  y = x;
  for (Eigen::Index i = 0; i < y.rows(); ++i) {
    auto row = y.row(i);
    row = (row.array() - row.maxCoeff()).exp().matrix();
    row /= row.sum();
  }
}

int run_attention(std::size_t n, std::size_t d, const std::string& dir, double min_ms, int rounds) {
  const auto q = read_f32(dir + "/q.f32", n * d), k = read_f32(dir + "/k.f32", n * d),
             v = read_f32(dir + "/v.f32", n * d);
  std::vector<float> out(3 * n * n + n * d);
  const ax::AttentionOutputs o{out.data(), out.data() + n * n, out.data() + 2 * n * n, out.data() + 3 * n * n};
  ax::AttentionOptions options;
  options.scale = ax::default_scale(d);
  ax::Workspace ws;
  auto core = [&] { ax::attention(q.data(), k.data(), v.data(), {n, n, d, d}, options, o, ws); };

  const Eigen::Map<const RowMatrix> mq(q.data(), n, d), mk(k.data(), n, d), mv(v.data(), n, d);
  RowMatrix eq = mq, ek = mk, ev = mv, scores(n, n), weights(n, n), output(n, d);
  auto eigen = [&] { eigen_attention(eq, ek, ev, options.scale, scores, weights, output); };

  core();
  eigen();
  write_f32(dir + "/core-weights.f32", o.weights, n * n);
  write_f32(dir + "/core-output.f32", o.output, n * d);
  write_f32(dir + "/eigen-weights.f32", weights.data(), n * n);
  write_f32(dir + "/eigen-output.f32", output.data(), n * d);
  print_json("attention", {"core", "eigen"}, time_rounds({core, eigen}, min_ms, rounds));
  return 0;
}

int run_softmax(std::size_t rows, std::size_t cols, const std::string& dir, double min_ms, int rounds) {
  const auto x = read_f32(dir + "/x.f32", rows * cols);
  std::vector<float> y(rows * cols);
  auto core = [&] { ax::softmax_rows(x.data(), rows, cols, 1.0f, y.data()); };
  const RowMatrix ex = Eigen::Map<const RowMatrix>(x.data(), rows, cols);
  RowMatrix ey(rows, cols);
  auto eigen = [&] { eigen_softmax(ex, ey); };
  core();
  eigen();
  write_f32(dir + "/core-softmax.f32", y.data(), rows * cols);
  write_f32(dir + "/eigen-softmax.f32", ey.data(), rows * cols);
  print_json("softmax", {"core", "eigen"}, time_rounds({core, eigen}, min_ms, rounds));
  return 0;
}

// Distance in representable floats between a and b (both finite, same sign or 0).
std::int64_t ulp_distance(float a, float b) {
  std::int32_t ia, ib;
  std::memcpy(&ia, &a, 4);
  std::memcpy(&ib, &b, 4);
  if (ia < 0) ia = std::int32_t(0x80000000u) - ia;
  if (ib < 0) ib = std::int32_t(0x80000000u) - ib;
  return std::llabs(std::int64_t(ia) - std::int64_t(ib));
}

// Every STRIDE-th float bit pattern in [−87.33, 0] (−0 to −87.33 in bit order).
int run_exp_ulp(std::uint32_t stride) {
  const float lowest = -87.33f;
  std::uint32_t lo_bits;
  std::memcpy(&lo_bits, &lowest, 4);
  const std::uint32_t start = 0x80000000u;  // −0
  std::vector<float> x, y;
  x.reserve(1 << 16);
  std::int64_t max_ulp = 0;
  float worst = 0.0f;
  std::uint64_t count = 0;
  auto flush = [&] {
    y.resize(x.size());
    ax_f32_vexp_ukernel_x1__scalar_rr2_p5(x.size(), x.data(), y.data());
    for (std::size_t i = 0; i < x.size(); ++i) {
      const float ref = float(std::exp(double(x[i])));
      const std::int64_t u = ulp_distance(y[i], ref);
      if (u > max_ulp) max_ulp = u, worst = x[i];
    }
    count += x.size();
    x.clear();
  };
  for (std::uint64_t b = start; b <= lo_bits; b += stride) {
    float f;
    const std::uint32_t b32 = std::uint32_t(b);
    std::memcpy(&f, &b32, 4);
    x.push_back(f);
    if (x.size() == (1 << 16)) flush();
  }
  flush();
  std::printf("{\"op\":\"exp-ulp\",\"max_ulp\":%lld,\"worst_x\":%.9g,\"points\":%llu,\"stride\":%u}\n",
              (long long)max_ulp, double(worst), (unsigned long long)count, stride);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string op = argc > 1 ? argv[1] : "";
  try {
    if (op == "attention" && argc == 7) {
      return run_attention(std::stoul(argv[2]), std::stoul(argv[3]), argv[4], std::stod(argv[5]), std::stoi(argv[6]));
    }
    if (op == "softmax" && argc == 7) {
      return run_softmax(std::stoul(argv[2]), std::stoul(argv[3]), argv[4], std::stod(argv[5]), std::stoi(argv[6]));
    }
    if (op == "exp-ulp" && argc == 3) return run_exp_ulp(std::uint32_t(std::stoul(argv[2])));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_native: %s\n", e.what());
    return 1;
  }
  std::fprintf(stderr,
               "usage: ax_bench_native attention N D DIR MIN_MS ROUNDS\n"
               "       ax_bench_native softmax ROWS COLS DIR MIN_MS ROUNDS\n"
               "       ax_bench_native exp-ulp STRIDE\n");
  return 2;
}
