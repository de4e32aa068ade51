// attention_kinds.cpp — attention on any scoring function; see attention_kinds.h.
#include "core/attention_kinds.h"

#include "core/validate.h"

namespace ax {

float default_scale(ScoreKind kind, std::size_t dk) {
  return kind == ScoreKind::dot ? default_scale(dk) : 1.0f;
}

void attention(const float* q, const float* k, const float* v, ScoreKind kind,
               const ScoreShape& s, std::size_t dv, const ScoreParams& p,
               const AttentionOptions& o, const AttentionOutputs& out, Workspace& ws) {
  // v's shape before validate_scores reads q and k: no value is read until every product fits
  require_positive("dv", dv);
  require_count("m × dv", s.m, dv);
  require_count("n × dv", s.n, dv);
  validate_scores(q, k, kind, s, p);
  require_finite("v", v, s.m * dv, dv);
  require_finite_scalar("scale", o.scale);
  require_positive_finite_scalar("temperature", o.temperature);
  if (o.mask == MaskKind::explicit_values) require_mask_values("mask", o.mask_values, s.n, s.m);

  // step 1: scores by kind   (n, m)
  scores_unchecked(q, k, kind, s, p, out.scores, ws);
  require_finite_result("scores", "the scores overflow float32", out.scores, s.n * s.m, s.m);
  // steps 2–4 as in scaled dot-product attention
  attention_from_scores(v, {s.n, s.m, s.dk, dv}, o, out, ws);
}

}  // namespace ax
