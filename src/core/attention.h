// attention.h — scaled dot-product attention with every intermediate kept.
//
//   scores  = Q · Kᵀ                          (n, m)
//   scaled  = scores × scale                  (n, m)   scale defaults to 1/√dk
//   weights = softmax(scaled / T) per row,    (n, m)   over visible keys only
//   output  = weights · V                     (n, dv)
//
// Q is (n, dk), K is (m, dk), V is (m, dv); m ≠ n is cross-attention.
// Masked (hidden) keys get weight exactly 0. A row with every key hidden gets
// all-zero weights and an all-zero output row, never NaN. scores and scaled
// are reported for every pair, hidden or not, so a page can show what the mask
// removed.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/workspace.h"

namespace ax {

struct AttentionShape {
  std::size_t n = 0;   // queries
  std::size_t m = 0;   // keys and values
  std::size_t dk = 0;  // query/key width
  std::size_t dv = 0;  // value width
};

enum class MaskKind { none, causal, explicit_values };

struct AttentionOptions {
  float scale = 0.0f;        // the caller passes 1/√dk for the textbook case
  float temperature = 1.0f;  // > 0; divides the scaled scores before softmax
  MaskKind mask = MaskKind::none;
  const std::uint8_t* mask_values = nullptr;  // (n, m), 1 visible, 0 hidden
};

struct AttentionOutputs {
  float* scores;   // (n, m)
  float* scaled;   // (n, m)
  float* weights;  // (n, m)
  float* output;   // (n, dv)
};

// 1/√dk, the scale of "Attention Is All You Need".
float default_scale(std::size_t dk);

// The input checks of attention() alone (shapes, finiteness, mask, scale,
// temperature); the tiled path runs the same ones.
void validate_attention(const float* q, const float* k, const float* v,
                        const AttentionShape& shape, const AttentionOptions& options);

// Validates every input (shape, finiteness, mask values, scale, temperature)
// and throws ax::InputError naming the argument; throws it too if Q·Kᵀ or the
// scaled scores overflow float32.
void attention(const float* q, const float* k, const float* v,
               const AttentionShape& shape, const AttentionOptions& options,
               const AttentionOutputs& out, Workspace& workspace);

}  // namespace ax
