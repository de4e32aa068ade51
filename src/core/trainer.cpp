// trainer.cpp — forward, backward and Adam for the one-head model; see trainer.h.
#include "core/trainer.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "core/errors.h"
#include "core/positional_encoding.h"
#include "core/validate.h"
#include "kernels/select.h"

namespace ax {
namespace {

constexpr double kBeta1 = 0.9, kBeta2 = 0.999, kEpsilon = 1e-8;  // Adam defaults

std::string str(std::size_t v) { return std::to_string(v); }

void require_in_range(const char* name, std::size_t value, std::size_t lo, std::size_t hi) {
  if (value < lo || value > hi) {
    throw_range(std::string(name) + ": must be an integer from " + str(lo) + " to " +
                str(hi) + ", got " + str(value));
  }
}

float* grow(std::vector<float>& buffer, std::size_t count) {
  if (buffer.size() < count) buffer.resize(count);
  return buffer.data();
}

// Visits the tensors of a ModelParameters that training updates, in one fixed order.
template <class F>
void for_each_trained(ModelParameters& p, Positions positions, F&& f) {
  f(p.wq); f(p.wk); f(p.wv); f(p.wo); f(p.embed);
  if (positions == Positions::learned) f(p.pos);
  f(p.unembed);
}

// Training that diverged: the parameters have grown until float32 overflows. Named after
// lr, the option that sets how far each Adam step moves them (the other inputs are tokens).
[[noreturn]] void throw_diverged(const std::string& what, std::uint64_t steps, float lr) {
  throw_range("lr: training diverged after " + std::to_string(steps) + " steps: " + what +
              " overflows float32 at lr = " + describe_value(lr) +
              "; the trainer keeps the parameters of its last finite step (create one with a smaller lr)");
}

void require_training_finite(const char* what, const float* values, std::size_t count,
                             std::uint64_t steps, float lr) {
  if (kernels::vfinite(count, values) < count) throw_diverged(what, steps, lr);
}

// grads with the same shapes as the trained tensors, all zero.
void shape_like(ModelParameters& g, const TrainerOptions& o) {
  const std::size_t d = o.d_model;
  g.wq.assign(d * d, 0.0f); g.wk.assign(d * d, 0.0f);
  g.wv.assign(d * d, 0.0f); g.wo.assign(d * d, 0.0f);
  g.embed.assign(o.vocab * d, 0.0f);
  g.pos.assign(o.positions == Positions::learned ? o.length * d : 0, 0.0f);
  g.unembed.assign(d * o.vocab, 0.0f);
}

}  // namespace

// ---- options -------------------------------------------------------------------

Task parse_task(const std::string& name) {
  if (name == "copy") return Task::copy;
  if (name == "previous") return Task::previous;
  if (name == "reverse") return Task::reverse;
  if (name == "max") return Task::max;
  throw_range("task: unknown task '" + name + "' (expected copy, previous, reverse or max)");
}

Positions parse_positions(const std::string& name) {
  if (name == "learned") return Positions::learned;
  if (name == "sinusoidal") return Positions::sinusoidal;
  if (name == "none") return Positions::none;
  throw_range("positions: unknown kind '" + name + "' (expected learned, sinusoidal or none)");
}

void validate_trainer_options(const TrainerOptions& o) {
  require_in_range("length", o.length, 2, 16);
  require_in_range("vocab", o.vocab, 2, 64);
  require_in_range("dModel", o.d_model, 4, 64);
  require_in_range("batch", o.batch, 1, 512);
  require_positive_finite_scalar("lr", o.lr);
}

void task_targets(Task task, const std::int32_t* x, std::size_t n, std::int32_t* y) {
  switch (task) {
    case Task::copy:
      for (std::size_t i = 0; i < n; ++i) y[i] = x[i];
      return;
    case Task::previous:
      y[0] = x[0];
      for (std::size_t i = 1; i < n; ++i) y[i] = x[i - 1];
      return;
    case Task::reverse:
      for (std::size_t i = 0; i < n; ++i) y[i] = x[n - 1 - i];
      return;
    case Task::max: {
      const std::int32_t top = *std::max_element(x, x + n);
      for (std::size_t i = 0; i < n; ++i) y[i] = top;
      return;
    }
  }
}

void sinusoidal_positions(std::size_t length, std::size_t d, float* out) {
  positional_encoding(length, d, out);  // the core's table (scene 4 uses the same one)
}

// ---- PCG32 (O'Neill, pcg32_random_r) -------------------------------------------

Pcg32::Pcg32(std::uint64_t seed) : inc_((seed << 1u) | 1u) {
  next();
  state_ += 0x853c49e6748fea9bULL ^ seed;
  next();
}

std::uint32_t Pcg32::next() {
  const std::uint64_t old = state_;
  state_ = old * 6364136223846793005ULL + inc_;
  const std::uint32_t shifted = std::uint32_t(((old >> 18u) ^ old) >> 27u);
  const std::uint32_t rot = std::uint32_t(old >> 59u);
  return (shifted >> rot) | (shifted << ((32u - rot) & 31u));
}

float Pcg32::uniform(float lo, float hi) {
  const float unit = float(next() >> 8) * (1.0f / 16777216.0f);  // 24 bits, [0, 1)
  return lo + (hi - lo) * unit;
}

std::uint32_t Pcg32::below(std::uint32_t n) {
  return std::uint32_t((std::uint64_t(next()) * n) >> 32u);
}

// ---- the model ------------------------------------------------------------------

Trainer::Trainer(const TrainerOptions& options) : options_(options), rng_(options.seed) {
  validate_trainer_options(options);
  const std::size_t d = options.d_model, L = options.length, nv = options.vocab;
  // Uniform initialisation with variance 1/fan-in for the matrices, 1/3 for
  // the embeddings; drawn in one fixed order from the trainer's own stream.
  auto fill = [&](std::vector<float>& t, std::size_t count, float bound) {
    t.resize(count);
    for (float& x : t) x = rng_.uniform(-bound, bound);
  };
  const float w = float(std::sqrt(3.0 / double(d)));
  fill(params_.embed, nv * d, 1.0f);
  if (options.positions == Positions::learned) fill(params_.pos, L * d, 1.0f);
  if (options.positions == Positions::sinusoidal) {
    params_.pos.resize(L * d);
    sinusoidal_positions(L, d, params_.pos.data());
  }
  fill(params_.wq, d * d, w);
  fill(params_.wk, d * d, w);
  fill(params_.wv, d * d, w);
  fill(params_.wo, d * d, w);
  fill(params_.unembed, d * nv, w);
  shape_like(grads_, options_);
  shape_like(adam_m_, options_);
  shape_like(adam_v_, options_);
}

void Trainer::check_tokens(const std::int32_t* tokens, std::size_t count) const {
  for (std::size_t i = 0; i < count; ++i) {
    if (tokens[i] < 0 || std::size_t(tokens[i]) >= options_.vocab) {
      throw_range("tokens: value " + std::to_string(tokens[i]) + " at index " + str(i) +
                  " is outside [0, vocab) = [0, " + str(options_.vocab) + ")");
    }
  }
}

double Trainer::forward(const std::int32_t* x, std::size_t batch, std::size_t* correct,
                        bool keep) {
  (void)keep;
  const std::size_t d = options_.d_model, L = options_.length, nv = options_.vocab;
  const std::size_t rows = batch * L;
  tokens_.assign(x, x + rows);
  targets_.resize(rows);
  for (std::size_t b = 0; b < batch; ++b) {
    task_targets(options_.task, x + b * L, L, targets_.data() + b * L);
  }

  // h = embed[x] + pos   (rows, d)
  float* h = grow(h_, rows * d);
  const bool has_pos = !params_.pos.empty();
  for (std::size_t r = 0; r < rows; ++r) {
    const float* e = params_.embed.data() + std::size_t(x[r]) * d;
    const float* p = has_pos ? params_.pos.data() + (r % L) * d : nullptr;
    for (std::size_t c = 0; c < d; ++c) h[r * d + c] = has_pos ? e[c] + p[c] : e[c];
  }

  // Q, K, V = h · W   (rows, d) · (d, d)
  float* q = grow(q_, rows * d);
  float* k = grow(k_, rows * d);
  float* v = grow(v_, rows * d);
  matmul_nn(h, params_.wq.data(), rows, d, d, q, gemm_);
  matmul_nn(h, params_.wk.data(), rows, d, d, k, gemm_);
  matmul_nn(h, params_.wv.data(), rows, d, d, v, gemm_);
  // huge (finite) parameters can still overflow here; attention would then blame its q, k or v
  require_training_finite("embed + pos", h, rows * d, steps_, options_.lr);
  require_training_finite("h · W_Q", q, rows * d, steps_, options_.lr);
  require_training_finite("h · W_K", k, rows * d, steps_, options_.lr);
  require_training_finite("h · W_V", v, rows * d, steps_, options_.lr);

  // o = attention(Q, K, V) per sequence   (L, d) each
  float* o = grow(o_, rows * d);
  float* scores = grow(scores_, batch * L * L);
  float* scaled = grow(scaled_, batch * L * L);
  float* weights = grow(weights_, batch * L * L);
  const AttentionShape shape{L, L, d, d};
  AttentionOptions attn;
  attn.scale = default_scale(d);
  for (std::size_t b = 0; b < batch; ++b) {
    const std::size_t at = b * L * d, aw = b * L * L;
    try {
      attention(q + at, k + at, v + at, shape, attn,
                {scores + aw, scaled + aw, weights + aw, o + at}, workspace_);
    } catch (const InputError&) {
      // q, k and v were checked finite just above, so attention can only refuse an overflow of
      // its own results (Q·Kᵀ, the scaled scores, the output): the same divergence, named
      // after lr and not after arguments the caller never passed (found by fuzz_trainer)
      throw_diverged("attention (Q·Kᵀ or its output)", steps_, options_.lr);
    }
  }

  // logits = (o · W_O) · unembed   (rows, vocab)
  float* y = grow(y_, rows * d);
  float* logits = grow(logits_, rows * nv);
  matmul_nn(o, params_.wo.data(), rows, d, d, y, gemm_);
  matmul_nn(y, params_.unembed.data(), rows, d, nv, logits, gemm_);
  require_training_finite("the model's output (logits)", logits, rows * nv, steps_, options_.lr);

  // cross-entropy: loss_r = log Σ exp(z − z_max) − (z_t − z_max), and log Σ = −log p(argmax)
  float* probs = grow(probs_, rows * nv);
  double loss = 0.0;
  std::size_t right = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    const float* z = logits + r * nv;
    float* p = probs + r * nv;
    kernels::softmax_row(nv, z, p, 1.0f);
    const std::size_t top = std::size_t(std::max_element(z, z + nv) - z);
    const std::size_t t = std::size_t(targets_[r]);
    loss += double(z[top] - z[t]) - std::log(double(p[top]));
    if (top == t) ++right;
  }
  if (correct) *correct = right;
  return loss / double(rows);
}

void Trainer::backward(const std::int32_t* x, std::size_t batch, ModelParameters& g) {
  const std::size_t d = options_.d_model, L = options_.length, nv = options_.vocab;
  const std::size_t rows = batch * L;

  // d logits = (p − onehot(y)) / rows   (rows, vocab)
  float* dz = grow(d_logits_, rows * nv);
  const float inv_rows = 1.0f / float(rows);
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t j = 0; j < nv; ++j) {
      const float onehot = std::size_t(targets_[r]) == j ? 1.0f : 0.0f;
      dz[r * nv + j] = (probs_[r * nv + j] - onehot) * inv_rows;
    }
  }

  // unembed: d unembed = yᵀ · dz (d, vocab);  dy = dz · unembedᵀ (rows, d)
  matmul_tn(y_.data(), dz, d, rows, nv, g.unembed.data(), gemm_);
  float* dy = grow(d_y_, rows * d);
  matmul_nt(dz, params_.unembed.data(), rows, nv, d, dy, gemm_);

  // W_O: d W_O = oᵀ · dy (d, d);  do = dy · W_Oᵀ (rows, d)
  matmul_tn(o_.data(), dy, d, rows, d, g.wo.data(), gemm_);
  float* d_o = grow(d_o_, rows * d);
  matmul_nt(dy, params_.wo.data(), rows, d, d, d_o, gemm_);

  // attention backward per sequence -> dQ, dK, dV   (rows, d) each
  float* dq = grow(d_q_, rows * d);
  float* dk = grow(d_k_, rows * d);
  float* dv = grow(d_v_, rows * d);
  const AttentionShape shape{L, L, d, d};
  AttentionOptions attn;
  attn.scale = default_scale(d);
  for (std::size_t b = 0; b < batch; ++b) {
    const std::size_t at = b * L * d;
    attention_backward_from_weights(q_.data() + at, k_.data() + at, v_.data() + at,
                                    weights_.data() + b * L * L, d_o + at, shape, attn,
                                    {dq + at, dk + at, dv + at}, backward_ws_);
  }

  // projections: d W = hᵀ · d(Q|K|V) (d, d);  dh = dQ·W_Qᵀ + dK·W_Kᵀ + dV·W_Vᵀ
  matmul_tn(h_.data(), dq, d, rows, d, g.wq.data(), gemm_);
  matmul_tn(h_.data(), dk, d, rows, d, g.wk.data(), gemm_);
  matmul_tn(h_.data(), dv, d, rows, d, g.wv.data(), gemm_);
  float* dh = grow(d_h_, rows * d);
  float* tmp = grow(tmp_, rows * d);
  matmul_nt(dq, params_.wq.data(), rows, d, d, dh, gemm_);
  matmul_nt(dk, params_.wk.data(), rows, d, d, tmp, gemm_);
  for (std::size_t i = 0; i < rows * d; ++i) dh[i] += tmp[i];
  matmul_nt(dv, params_.wv.data(), rows, d, d, tmp, gemm_);
  for (std::size_t i = 0; i < rows * d; ++i) dh[i] += tmp[i];

  // embeddings: each row of dh goes to its token's row (and its position's row)
  std::fill(g.embed.begin(), g.embed.end(), 0.0f);
  std::fill(g.pos.begin(), g.pos.end(), 0.0f);
  const bool learned = options_.positions == Positions::learned;
  for (std::size_t r = 0; r < rows; ++r) {
    float* e = g.embed.data() + std::size_t(x[r]) * d;
    for (std::size_t c = 0; c < d; ++c) e[c] += dh[r * d + c];
    if (learned) {
      float* p = g.pos.data() + (r % L) * d;
      for (std::size_t c = 0; c < d; ++c) p[c] += dh[r * d + c];
    }
  }
}

double Trainer::loss_and_gradients(const std::int32_t* tokens, std::size_t batch,
                                   ModelParameters& grads, std::size_t* correct) {
  require_in_range("batch", batch, 1, 512);
  check_tokens(tokens, batch * options_.length);
  shape_like(grads, options_);
  const double loss = forward(tokens, batch, correct, true);
  backward(tokens, batch, grads);
  return loss;
}

void Trainer::adam_update() {
  const double t = double(steps_ + 1);
  const float lr = options_.lr;
  const float c1 = float(1.0 / (1.0 - std::pow(kBeta1, t)));  // bias corrections
  const float c2 = float(1.0 / (1.0 - std::pow(kBeta2, t)));
  std::vector<std::vector<float>*> ps, gs, ms, vs;
  for_each_trained(params_, options_.positions, [&](std::vector<float>& x) { ps.push_back(&x); });
  for_each_trained(grads_, options_.positions, [&](std::vector<float>& x) { gs.push_back(&x); });
  for_each_trained(adam_m_, options_.positions, [&](std::vector<float>& x) { ms.push_back(&x); });
  for_each_trained(adam_v_, options_.positions, [&](std::vector<float>& x) { vs.push_back(&x); });
  const float b1 = float(kBeta1), b2 = float(kBeta2), eps = float(kEpsilon);
  // Two passes: the first only checks that every new moment and parameter is finite, so a
  // step that would overflow changes nothing (the trainer keeps its last finite state).
  for (const bool write : {false, true}) {
    for (std::size_t t_i = 0; t_i < ps.size(); ++t_i) {
      float* p = ps[t_i]->data();
      const float* g = gs[t_i]->data();
      float* m = ms[t_i]->data();
      float* v = vs[t_i]->data();
      for (std::size_t i = 0; i < ps[t_i]->size(); ++i) {
        const float m_new = b1 * m[i] + (1.0f - b1) * g[i];
        const float v_new = b2 * v[i] + (1.0f - b2) * (g[i] * g[i]);
        const float p_new = p[i] - lr * (m_new * c1) / (std::sqrt(v_new * c2) + eps);
        if (write) {
          m[i] = m_new;
          v[i] = v_new;
          p[i] = p_new;
        } else if (!(std::isfinite(m_new) && std::isfinite(v_new) && std::isfinite(p_new))) {
          require_training_finite("an Adam update", &p_new, 1, steps_, lr);
          require_training_finite("an Adam update (the gradient)", &m_new, 1, steps_, lr);
          require_training_finite("an Adam update (the squared gradient)", &v_new, 1, steps_, lr);
        }
      }
    }
  }
  ++steps_;
}

StepResult Trainer::step(std::size_t count) {
  require_in_range("count", count, 1, 100000);
  const std::size_t rows = options_.batch * options_.length;
  std::vector<std::int32_t> batch(rows);
  double loss = 0.0;
  std::size_t correct = 0;
  for (std::size_t s = 0; s < count; ++s) {
    for (auto& token : batch) token = std::int32_t(rng_.below(std::uint32_t(options_.vocab)));
    loss = forward(batch.data(), options_.batch, &correct, true);
    backward(batch.data(), options_.batch, grads_);
    adam_update();
  }
  return {steps_, loss, double(correct) / double(rows)};
}

void Trainer::evaluate(const std::int32_t* tokens, std::size_t count, float* weights,
                       std::int32_t* predicted) {
  const std::size_t L = options_.length, nv = options_.vocab;
  if (count != L) {
    throw_range("tokens: expected " + str(L) + " values (length), got " + str(count));
  }
  check_tokens(tokens, count);
  forward(tokens, 1, nullptr, false);
  std::copy(weights_.begin(), weights_.begin() + std::ptrdiff_t(L * L), weights);
  for (std::size_t i = 0; i < L; ++i) {
    const float* z = logits_.data() + i * nv;
    predicted[i] = std::int32_t(std::max_element(z, z + nv) - z);
  }
}

// ---- handles --------------------------------------------------------------------

namespace trainers {
namespace {
std::map<int, std::unique_ptr<Trainer>>& table() {
  static std::map<int, std::unique_ptr<Trainer>> t;
  return t;
}
int next_handle = 1;
}  // namespace

int create(const TrainerOptions& options) {
  auto trainer = std::make_unique<Trainer>(options);
  const int handle = next_handle++;
  table().emplace(handle, std::move(trainer));
  return handle;
}

Trainer& get(int handle) {
  const auto it = table().find(handle);
  if (it == table().end()) {
    throw_range("trainer: this trainer was disposed (or never created)");
  }
  return *it->second;
}

void dispose(int handle) { table().erase(handle); }

std::size_t live() { return table().size(); }

}  // namespace trainers
}  // namespace ax
