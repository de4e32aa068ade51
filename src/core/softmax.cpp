// softmax.cpp — row softmax with validation; the row kernel does the work.
#include "core/softmax.h"

#include "core/validate.h"
#include "kernels/select.h"

namespace ax {

void softmax_rows(const float* x, std::size_t rows, std::size_t cols,
                  float temperature, float* y) {
  require_positive("rows", rows);
  require_nonempty("x", cols);
  require_finite("x", x, rows * cols, rows > 1 ? cols : 1);
  require_positive_finite_scalar("temperature", temperature);
  for (std::size_t r = 0; r < rows; ++r) {
    kernels::softmax_row(cols, x + r * cols, y + r * cols, temperature);
  }
}

}  // namespace ax
