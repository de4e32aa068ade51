// trainer.h — a one-layer, one-head, attention-only model trained with Adam.
//
//   h      = embed[x] + pos                  (L, d)   pos: learned, sinusoidal or none
//   Q, K, V = h · W_Q, h · W_K, h · W_V       (L, d)
//   o      = attention(Q, K, V), scale 1/√d   (L, d)   the same forward as ax::attention
//   logits = (o · W_O) · unembed             (L, vocab)
//   loss   = mean cross-entropy over every position of every sequence
//
// There is no residual stream and no MLP: every token the model predicts has
// to be fetched by the attention pattern, so the pattern it learns is the
// whole story (a diagonal for copy, an anti-diagonal for reverse, …).
// Tasks on x (tokens uniform in [0, vocab)):
//   copy      y_i = x_i
//   previous  y_i = x_{i−1}, y_0 = x_0
//   reverse   y_i = x_{L−1−i}
//   max       y_i = max_j x_j
// Deterministic: its own PCG32 stream, seeded by `seed`, draws the initial
// parameters and every batch, so a build repeats its losses bit for bit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/attention_backward.h"
#include "core/gemm_ops.h"

namespace ax {

enum class Task { copy, previous, reverse, max };
enum class Positions { learned, sinusoidal, none };

// "copy" | "previous" | "reverse" | "max"; throws ax::InputError naming "task".
Task parse_task(const std::string& name);
// "learned" | "sinusoidal" | "none"; throws naming "positions".
Positions parse_positions(const std::string& name);

struct TrainerOptions {
  Task task = Task::copy;
  std::size_t length = 6;     // 2 … 16
  std::size_t vocab = 8;      // 2 … 64
  std::size_t d_model = 16;   // 4 … 64
  Positions positions = Positions::learned;
  std::uint32_t seed = 1;
  std::size_t batch = 32;     // 1 … 512
  float lr = 0.01f;           // finite, > 0
};

// Every limit above; throws ax::InputError naming the option.
void validate_trainer_options(const TrainerOptions& options);

// Targets y (length) of one sequence x (length) for a task.
void task_targets(Task task, const std::int32_t* x, std::size_t length, std::int32_t* y);

// The sinusoidal table of "Attention Is All You Need", (length, d):
// PE(p, 2i) = sin(p / 10000^(2i/d)), PE(p, 2i+1) = cos(p / 10000^(2i/d)).
void sinusoidal_positions(std::size_t length, std::size_t d, float* out);

// All trainable tensors, row-major. pos is (L, d) for learned and sinusoidal
// (fixed, not trained), empty for none.
struct ModelParameters {
  std::vector<float> wq, wk, wv, wo;  // (d, d) each
  std::vector<float> embed;           // (vocab, d)
  std::vector<float> pos;             // (L, d) or empty
  std::vector<float> unembed;         // (d, vocab)
};

struct StepResult {
  std::uint64_t step;  // Adam steps taken so far
  double loss;         // mean cross-entropy of the last batch
  double accuracy;     // share of positions of the last batch predicted right
};

class Pcg32 {
 public:
  explicit Pcg32(std::uint64_t seed);
  std::uint32_t next();
  float uniform(float lo, float hi);       // [lo, hi)
  std::uint32_t below(std::uint32_t n);    // [0, n)
 private:
  std::uint64_t state_ = 0, inc_ = 0;
};

class Trainer {
 public:
  explicit Trainer(const TrainerOptions& options);  // validates the options

  const TrainerOptions& options() const { return options_; }
  std::uint64_t steps() const { return steps_; }

  // `count` Adam steps (1 … 100000), each on a fresh batch.
  StepResult step(std::size_t count = 1);

  // One sequence of `length` tokens (each in [0, vocab); count must equal
  // length): its attention weights (L, L) and the predicted token per position.
  void evaluate(const std::int32_t* tokens, std::size_t count, float* weights,
                std::int32_t* predicted);

  const ModelParameters& parameters() const { return params_; }
  ModelParameters& mutable_parameters() { return params_; }  // tests

  // Loss of the current parameters on `batch` sequences (batch × L tokens,
  // checked), and its gradient in `grads` (same shapes; pos empty unless
  // learned). Returns the mean loss; `correct` gets the count of right argmaxes.
  double loss_and_gradients(const std::int32_t* tokens, std::size_t batch,
                            ModelParameters& grads, std::size_t* correct = nullptr);

 private:
  double forward(const std::int32_t* tokens, std::size_t batch, std::size_t* correct,
                 bool keep_probabilities);
  void backward(const std::int32_t* tokens, std::size_t batch, ModelParameters& grads);
  void adam_update();
  void check_tokens(const std::int32_t* tokens, std::size_t count) const;

  TrainerOptions options_;
  Pcg32 rng_;
  std::uint64_t steps_ = 0;
  ModelParameters params_, grads_, adam_m_, adam_v_;

  // Activations of the last forward pass (rows = batch × L).
  std::vector<std::int32_t> tokens_, targets_;
  std::vector<float> h_, q_, k_, v_, o_, y_, logits_, probs_;
  std::vector<float> scores_, scaled_, weights_;  // (batch, L, L)
  // Backward scratch.
  std::vector<float> d_logits_, d_y_, d_o_, d_q_, d_k_, d_v_, d_h_, tmp_;
  Workspace workspace_;
  BackwardWorkspace backward_ws_;
  GemmScratch gemm_;
};

// Trainers owned by the core and reached by handle (the JS API's createTrainer).
namespace trainers {
int create(const TrainerOptions& options);
// Throws ax::InputError naming "trainer" for a disposed or unknown handle.
Trainer& get(int handle);
void dispose(int handle);  // disposing twice is harmless
std::size_t live();        // trainers not yet disposed
}  // namespace trainers

}  // namespace ax
