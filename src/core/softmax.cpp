// softmax.cpp — row softmax with validation; the row kernel does the work.
#include "core/softmax.h"

#include "core/validate.h"
#include "kernels/select.h"

namespace ax {

void softmax_rows(const float* x, std::size_t rows, std::size_t cols,
                  float temperature, float* y) {
  require_positive("rows", rows);
  require_nonempty("x", cols);
  require_positive_finite_scalar("temperature", temperature);
  require_count("rows × cols", rows, cols);
  for (std::size_t r = 0; r < rows; ++r) {
    // Each row is checked just before it is used, while it is in L1: a
    // separate scan of the whole matrix first cost a full extra pass through
    // memory. On an error, the rows before the bad one are already in y.
    const float* row = x + r * cols;
    if (kernels::vfinite(cols, row) < cols) {
      require_finite("x", x, rows * cols, rows > 1 ? cols : 1);  // throws, naming (row, column)
    }
    kernels::softmax_row(cols, row, y + r * cols, temperature);
  }
}

}  // namespace ax
