// matmul.cpp — C = A · B through the packed gemm kernels.
#include "core/matmul.h"

#include "core/validate.h"
#include "kernels/select.h"

namespace ax {

void matmul(const float* a, const float* b, std::size_t n, std::size_t k,
            std::size_t m, float* c, Workspace& workspace) {
  require_positive("n", n);
  require_positive("k", k);
  require_positive("m", m);
  require_count("n × k", n, k);
  require_count("k × m", k, m);
  require_count("n × m", n, m);
  require_finite("a", a, n * k, k);
  require_finite("b", b, k * m, m);
  // B (k, m) into 8-column panels, then C (n, m) = A (n, k) · B.
  float* w = workspace.packed(ax_f32_gemm_packed_size(k, m));
  ax_f32_gemm_pack_kxn_x8(k, m, b, w);
  kernels::gemm_rows(n, m, k, a, w, c);
  require_finite_result("c", "A · B overflows float32", c, n * m, m);
}

}  // namespace ax
