#!/usr/bin/env bash
# check-wasm-isa.sh SIMD_WASM BASELINE_WASM
#
# The SIMD module must contain f32x4 arithmetic (the kernels' mul/add/max and
# the exp polynomial); the baseline module must contain no v128 instruction at
# all, or it would fail to load on an engine without SIMD.
set -euo pipefail
simd="$1" baseline="$2"
count() { wasm-objdump -d "$1" | grep -cE "$2" || true; }

simd_f32x4=$(count "$simd" '\bf32x4\.(mul|add)\b')
simd_splat=$(count "$simd" '\bv128\.load32_splat\b')
base_v128=$(count "$baseline" '\b(v128|f32x4|i32x4|i64x2|f64x2|i8x16|i16x8)\.')
echo "SIMD build:     $simd_f32x4 f32x4.mul/add, $simd_splat v128.load32_splat (the gemm's loadsplat)"
echo "baseline build: $base_v128 SIMD instructions"
fail=0
if (( simd_f32x4 < 50 )); then echo "FAIL: expected the SIMD kernels' f32x4 arithmetic in $simd"; fail=1; fi
if (( simd_splat < 4 )); then echo "FAIL: expected load32_splat from f32-gemm-4x8-wasmsimd-loadsplat in $simd"; fail=1; fi
if (( base_v128 != 0 )); then echo "FAIL: the baseline build $baseline contains SIMD instructions"; fail=1; fi
exit $fail
