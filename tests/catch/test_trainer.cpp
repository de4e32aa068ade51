// test_trainer.cpp — the one-head trainer: gradients, determinism, bad options.
//
// Gradients are checked for every parameter tensor against central finite
// differences of the float64 reference loss (reference/trainer_reference.h):
// the reference's own analytic gradient to 1e-7 (double rounding only), the
// core's float32 gradient to 1e-3, both as ‖g − fd‖ / ‖fd‖ per tensor.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "core/trainer.h"
#include "reference/reference.h"
#include "reference/trainer_reference.h"
#include "support/errors.h"
#include "support/random.h"

namespace {

using ax::Positions;
using ax::Task;
using ax::test::input_error;
using ax::test::names;
using Eigen::MatrixXd;

MatrixXd to_matrix(const std::vector<float>& x, std::size_t rows, std::size_t cols) {
  return x.empty() ? MatrixXd() : ax::ref::matrix(x.data(), rows, cols);
}

ax::ref::Model to_model(const ax::ModelParameters& p, const ax::TrainerOptions& o) {
  const std::size_t d = o.d_model;
  return {to_matrix(p.wq, d, d), to_matrix(p.wk, d, d), to_matrix(p.wv, d, d),
          to_matrix(p.wo, d, d), to_matrix(p.embed, o.vocab, d),
          to_matrix(p.pos, o.length, d), to_matrix(p.unembed, d, o.vocab)};
}

ax::ref::RefTask ref_task(Task t) {
  switch (t) {
    case Task::copy: return ax::ref::RefTask::copy;
    case Task::previous: return ax::ref::RefTask::previous;
    case Task::reverse: return ax::ref::RefTask::reverse;
    case Task::max: return ax::ref::RefTask::max;
  }
  return ax::ref::RefTask::copy;
}

std::vector<std::int32_t> random_tokens(std::size_t count, std::size_t vocab) {
  std::vector<std::int32_t> x(count);
  for (auto& t : x) t = std::int32_t(ax::test::random_size(0, vocab - 1));
  return x;
}

// Central differences of the reference loss for every entry of every tensor.
ax::ref::Model finite_differences(ax::ref::Model m, ax::ref::RefTask task,
                                  const std::vector<std::int32_t>& x, int batch, int L) {
  const double h = 1e-5;
  ax::ref::Model fd = m;
  for (MatrixXd* pair : {&m.wq, &m.wk, &m.wv, &m.wo, &m.embed, &m.pos, &m.unembed}) {
    MatrixXd* out = pair == &m.wq ? &fd.wq : pair == &m.wk ? &fd.wk : pair == &m.wv ? &fd.wv
                  : pair == &m.wo ? &fd.wo : pair == &m.embed ? &fd.embed
                  : pair == &m.pos ? &fd.pos : &fd.unembed;
    for (Eigen::Index i = 0; i < pair->size(); ++i) {
      const double keep = pair->data()[i];
      pair->data()[i] = keep + h;
      const double up = ax::ref::model_loss(m, task, x.data(), batch, L);
      pair->data()[i] = keep - h;
      const double down = ax::ref::model_loss(m, task, x.data(), batch, L);
      pair->data()[i] = keep;
      out->data()[i] = (up - down) / (2 * h);
    }
  }
  return fd;
}

double relative(const MatrixXd& g, const MatrixXd& fd) {
  return (g - fd).norm() / fd.norm();
}

const char* const kTensorNames[] = {"wq", "wk", "wv", "wo", "embed", "pos", "unembed"};

template <class F>
void each_tensor(const ax::ref::Model& a, const ax::ref::Model& b, F&& f) {
  const MatrixXd* as[] = {&a.wq, &a.wk, &a.wv, &a.wo, &a.embed, &a.pos, &a.unembed};
  const MatrixXd* bs[] = {&b.wq, &b.wk, &b.wv, &b.wo, &b.embed, &b.pos, &b.unembed};
  for (int t = 0; t < 7; ++t) f(kTensorNames[t], *as[t], *bs[t]);
}

ax::TrainerOptions small_options(Task task, Positions positions) {
  ax::TrainerOptions o;
  o.task = task;
  o.length = 5;
  o.vocab = 6;
  o.d_model = 9;  // not a multiple of the 8-column panel: exercises the tile edges
  o.positions = positions;
  o.seed = std::uint32_t(ax::test::random_size(1, 1000000));
  o.batch = 3;
  return o;
}

}  // namespace

TEST_CASE("trainer: reference gradient against finite differences", "[trainer][gradient]") {
  for (Task task : {Task::copy, Task::previous, Task::reverse, Task::max}) {
    const auto o = small_options(task, Positions::learned);
    ax::Trainer t(o);
    const auto x = random_tokens(o.batch * o.length, o.vocab);
    const ax::ref::Model m = to_model(t.parameters(), o);
    ax::ref::Model grad;
    ax::ref::model_loss(m, ref_task(task), x.data(), int(o.batch), int(o.length), &grad);
    const auto fd = finite_differences(m, ref_task(task), x, int(o.batch), int(o.length));
    each_tensor(grad, fd, [&](const char* name, const MatrixXd& g, const MatrixXd& f) {
      CAPTURE(int(task), name, relative(g, f));
      REQUIRE(relative(g, f) <= 1e-7);
    });
  }
}

TEST_CASE("trainer: core gradient (float32) against finite differences", "[trainer][gradient]") {
  for (Positions positions : {Positions::learned, Positions::sinusoidal, Positions::none}) {
    for (Task task : {Task::copy, Task::previous, Task::reverse, Task::max}) {
      const auto o = small_options(task, positions);
      ax::Trainer t(o);
      t.step(3);  // away from the initialisation, so Adam's moments have moved every tensor
      const auto x = random_tokens(o.batch * o.length, o.vocab);
      ax::ModelParameters grads;
      const double loss = t.loss_and_gradients(x.data(), o.batch, grads);
      const ax::ref::Model m = to_model(t.parameters(), o);
      const double ref_loss =
          ax::ref::model_loss(m, ref_task(task), x.data(), int(o.batch), int(o.length));
      CAPTURE(int(task), int(positions), loss, ref_loss);
      REQUIRE(std::fabs(loss - ref_loss) <= 1e-5 * std::fabs(ref_loss));
      ax::ref::Model fd = finite_differences(m, ref_task(task), x, int(o.batch), int(o.length));
      if (positions != Positions::learned) fd.pos = MatrixXd();  // fixed, not trained
      each_tensor(to_model(grads, o), fd, [&](const char* name, const MatrixXd& g, const MatrixXd& f) {
        if (f.size() == 0) {
          REQUIRE(g.size() == 0);  // no gradient for fixed or absent positions
          return;
        }
        CAPTURE(name, relative(g, f));
        REQUIRE(relative(g, f) <= 1e-3);
      });
    }
  }
}

TEST_CASE("trainer: evaluate matches the reference forward pass", "[trainer]") {
  auto o = small_options(Task::reverse, Positions::learned);
  o.length = 9;
  ax::Trainer t(o);
  t.step(20);
  const auto x = random_tokens(o.length, o.vocab);
  std::vector<float> weights(o.length * o.length);
  std::vector<std::int32_t> predicted(o.length);
  t.evaluate(x.data(), x.size(), weights.data(), predicted.data());
  const auto& p = t.parameters();
  const std::size_t d = o.d_model;
  MatrixXd h(Eigen::Index(o.length), Eigen::Index(d));
  const MatrixXd embed = to_matrix(p.embed, o.vocab, d), pos = to_matrix(p.pos, o.length, d);
  for (std::size_t i = 0; i < o.length; ++i) h.row(Eigen::Index(i)) = embed.row(x[i]) + pos.row(Eigen::Index(i));
  const MatrixXd Q = h * to_matrix(p.wq, d, d), K = h * to_matrix(p.wk, d, d);
  const MatrixXd W = ax::ref::softmax_rows(Q * K.transpose() / std::sqrt(double(d)), 1.0);
  for (std::size_t i = 0; i < o.length; ++i) {
    for (std::size_t j = 0; j < o.length; ++j) {
      CAPTURE(i, j, weights[i * o.length + j], W(Eigen::Index(i), Eigen::Index(j)));
      REQUIRE(std::fabs(weights[i * o.length + j] - W(Eigen::Index(i), Eigen::Index(j))) <=
              1e-4 * W(Eigen::Index(i), Eigen::Index(j)) + 1e-7);
    }
    REQUIRE(predicted[i] >= 0);
    REQUIRE(predicted[i] < std::int32_t(o.vocab));
  }
}

TEST_CASE("trainer: deterministic, bit for bit", "[trainer]") {
  for (Positions positions : {Positions::learned, Positions::sinusoidal, Positions::none}) {
    ax::TrainerOptions o;
    o.task = Task::max;
    o.positions = positions;
    o.seed = 77;
    ax::Trainer a(o), b(o);
    o.seed = 78;
    ax::Trainer c(o);
    bool differs = false;
    for (int i = 0; i < 30; ++i) {
      const auto ra = a.step(), rb = b.step(), rc = c.step();
      REQUIRE(std::memcmp(&ra.loss, &rb.loss, sizeof ra.loss) == 0);
      REQUIRE(ra.accuracy == rb.accuracy);
      REQUIRE(ra.step == std::uint64_t(i + 1));
      differs = differs || ra.loss != rc.loss;
    }
    REQUIRE(differs);  // another seed, another run
    REQUIRE(std::memcmp(a.parameters().wq.data(), b.parameters().wq.data(),
                        a.parameters().wq.size() * sizeof(float)) == 0);
  }
}

TEST_CASE("trainer: copy is learned", "[trainer]") {
  ax::TrainerOptions o;
  o.task = Task::copy;
  o.seed = 5;
  ax::Trainer t(o);
  const auto first = t.step();
  ax::StepResult last = first;
  for (int i = 0; i < 40 && last.accuracy < 0.99; ++i) last = t.step(25);
  CAPTURE(first.loss, last.loss, last.accuracy, last.step);
  REQUIRE(last.loss < first.loss * 0.5);
  REQUIRE(last.accuracy >= 0.95);
}

TEST_CASE("trainer: tasks, positions and the sinusoidal table", "[trainer]") {
  const std::int32_t x[] = {3, 1, 4, 1, 5};
  std::int32_t y[5];
  ax::task_targets(Task::copy, x, 5, y);
  REQUIRE(std::vector<std::int32_t>(y, y + 5) == std::vector<std::int32_t>{3, 1, 4, 1, 5});
  ax::task_targets(Task::previous, x, 5, y);
  REQUIRE(std::vector<std::int32_t>(y, y + 5) == std::vector<std::int32_t>{3, 3, 1, 4, 1});
  ax::task_targets(Task::reverse, x, 5, y);
  REQUIRE(std::vector<std::int32_t>(y, y + 5) == std::vector<std::int32_t>{5, 1, 4, 1, 3});
  ax::task_targets(Task::max, x, 5, y);
  REQUIRE(std::vector<std::int32_t>(y, y + 5) == std::vector<std::int32_t>{5, 5, 5, 5, 5});

  std::vector<float> pe(3 * 6);
  ax::sinusoidal_positions(3, 6, pe.data());
  for (std::size_t p = 0; p < 3; ++p)
    for (std::size_t c = 0; c < 6; ++c) {
      const double a = double(p) / std::pow(10000.0, double(c - c % 2) / 6.0);
      REQUIRE(pe[p * 6 + c] == Approx(c % 2 ? std::cos(a) : std::sin(a)).margin(1e-7));
    }

  ax::TrainerOptions o;
  o.positions = Positions::none;
  REQUIRE(ax::Trainer(o).parameters().pos.empty());
  o.positions = Positions::sinusoidal;
  REQUIRE(ax::Trainer(o).parameters().pos.size() == o.length * o.d_model);
}

TEST_CASE("trainer: bad options and input are named", "[trainer][validation]") {
  REQUIRE_THAT(input_error([] { ax::parse_task("sort"); }), names("task"));
  REQUIRE_THAT(input_error([] { ax::parse_positions("rope"); }), names("positions"));
  auto with = [](auto edit) {
    ax::TrainerOptions o;
    edit(o);
    return input_error([&] { ax::Trainer t(o); });
  };
  REQUIRE_THAT(with([](auto& o) { o.length = 1; }), names("length"));
  REQUIRE_THAT(with([](auto& o) { o.length = 17; }), names("length"));
  REQUIRE_THAT(with([](auto& o) { o.vocab = 1; }), names("vocab"));
  REQUIRE_THAT(with([](auto& o) { o.vocab = 65; }), names("vocab"));
  REQUIRE_THAT(with([](auto& o) { o.d_model = 3; }), names("dModel"));
  REQUIRE_THAT(with([](auto& o) { o.d_model = 65; }), names("dModel"));
  REQUIRE_THAT(with([](auto& o) { o.batch = 0; }), names("batch"));
  REQUIRE_THAT(with([](auto& o) { o.lr = 0.0f; }), names("lr"));
  REQUIRE_THAT(with([](auto& o) { o.lr = -0.01f; }), names("lr"));
  REQUIRE_THAT(with([](auto& o) { o.lr = NAN; }), names("lr"));
  REQUIRE_THAT(with([](auto& o) { o.lr = INFINITY; }), names("lr"));

  ax::TrainerOptions o;
  ax::Trainer t(o);
  std::vector<float> w(o.length * o.length);
  std::vector<std::int32_t> pred(o.length);
  std::vector<std::int32_t> x(o.length, 0);
  x[3] = std::int32_t(o.vocab);
  REQUIRE_THAT(input_error([&] { t.evaluate(x.data(), x.size(), w.data(), pred.data()); }),
               names("tokens"));
  x[3] = -1;
  REQUIRE_THAT(input_error([&] { t.evaluate(x.data(), x.size(), w.data(), pred.data()); }),
               names("tokens"));
  x[3] = 0;
  REQUIRE_THAT(input_error([&] { t.evaluate(x.data(), x.size() - 1, w.data(), pred.data()); }),
               names("tokens"));
  REQUIRE_THAT(input_error([&] { t.step(0); }), names("count"));
  t.evaluate(x.data(), x.size(), w.data(), pred.data());  // still works

  const int handle = ax::trainers::create(o);
  const std::size_t live = ax::trainers::live();
  ax::trainers::get(handle).step();
  ax::trainers::dispose(handle);
  REQUIRE(ax::trainers::live() == live - 1);
  REQUIRE_THAT(input_error([&] { ax::trainers::get(handle); }), names("trainer"));
  ax::trainers::dispose(handle);  // twice is harmless
}
