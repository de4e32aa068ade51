// softmax.h — numerically stable softmax over the rows of a matrix.
//
// For each row: subtract the row's maximum, exponentiate, sum, divide by the
// sum (the max-subtraction keeps exp from overflowing even for inputs of 1e30).
// The temperature T divides the shifted inputs: softmax(x / T).
#pragma once

#include <cstddef>
#include <cstdint>

namespace ax {

// x, y: (rows, cols). T must be finite and > 0; x must be finite. x and y may
// alias. On an error the rows before the offending one may already be written.
void softmax_rows(const float* x, std::size_t rows, std::size_t cols,
                  float temperature, float* y);

}  // namespace ax
