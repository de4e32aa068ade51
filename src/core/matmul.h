// matmul.h — C = A · B, used for the projections Q = X·W_Q, K = X·W_K, V = X·W_V.
#pragma once

#include <cstddef>

#include "core/workspace.h"

namespace ax {

// A (n, k), B (k, m), C (n, m), all row-major. Validates shapes and values.
void matmul(const float* a, const float* b, std::size_t n, std::size_t k,
            std::size_t m, float* c, Workspace& workspace);

}  // namespace ax
