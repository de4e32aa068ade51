#!/usr/bin/env bash
# check-relaxed-module.sh MODULE_WASM [TEST_MODULE_WASM ...]
#
# attention-kernels-relaxed.wasm runs on the SIMD core's memory, so it must
# own none of it: no data segment, no global (a shadow-stack pointer would
# write below the core's own data), and its only import is the memory. Its
# gemm and exp must use f32x4.relaxed_madd (standard opcode 0xfd 0x85 0x02).
set -euo pipefail
fail=0
for module in "$@"; do
  details=$(wasm-objdump -x "$module")
  code=$(wasm-objdump -d "$module")
  madd=$(grep -c 'f32x4\.relaxed_madd' <<<"$code" || true)
  globals=$(grep -cE '\bglobal\.(get|set)\b' <<<"$code" || true)
  data=$(grep -cE '^Data\[' <<<"$details" || true)
  imports=$(grep -E '^ - (func|global|table|memory)\[[0-9]+\].*<- ' <<<"$details" | grep -vc 'memory\[0\].*<- env.memory' || true)
  echo "$(basename "$module"): $madd f32x4.relaxed_madd, $globals global.get/set, $data data sections, $imports imports besides env.memory"
  if (( madd < 20 )); then echo "FAIL: expected the FMA gemm and exp in $module"; fail=1; fi
  if (( globals != 0 )); then echo "FAIL: $module uses a global (shadow stack?)"; fail=1; fi
  if (( data != 0 )); then echo "FAIL: $module has a data segment"; fail=1; fi
  if (( imports != 0 )); then echo "FAIL: $module imports more than the memory"; fail=1; fi
done
exit $fail
