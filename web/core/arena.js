// arena.js — one reusable block of the module's heap for a call's inputs and outputs.
//
// Each call states how many bytes it needs (reset), then takes slices of the
// block in order. The block is only replaced by a larger one, so calls of the
// same or smaller shapes never allocate and the memory size stays constant.

const ALIGN = 8;

export function createArena(wasm) {
  let base = 0; // address of the block
  let capacity = 0; // its size in bytes
  let offset = 0; // next free byte

  function take(bytes) {
    const address = base + offset;
    offset += Math.ceil(bytes / ALIGN) * ALIGN;
    if (offset > capacity) throw new Error('attention core: arena overrun (reset() asked for too few bytes)');
    return address;
  }

  const arena = {
    /** Starts a call that needs at most `bytes` bytes in `slices` slices. */
    reset(bytes, slices) {
      const needed = bytes + slices * ALIGN;
      if (needed > capacity) {
        if (base) wasm._free(base);
        base = 0;
        capacity = 0;
        // Grow geometrically so a slowly growing shape does not reallocate each call.
        const size = Math.max(1024, 2 ** Math.ceil(Math.log2(needed)));
        const address = wasm._malloc(size);
        if (!address) {
          throw new RangeError(`attention core: the inputs need ${needed} bytes, more than the WebAssembly memory can hold`);
        }
        base = address;
        capacity = size;
      }
      offset = 0;
      return arena;
    },
    f32(count) {
      return take(4 * count);
    },
    f64(count) {
      return take(8 * count);
    },
    /** Copies a Uint8Array into the block and returns its address. */
    bytes(values) {
      const address = take(values.length);
      wasm.HEAPU8.set(values, address);
      return address;
    },
    /** The heap as Float32Array (re-read on every use: memory growth replaces it). */
    heapF32() {
      return wasm.HEAPF32;
    },
    readF32(address, count) {
      return wasm.HEAPF32.slice(address >> 2, (address >> 2) + count);
    },
    readF64(address, count) {
      return wasm.HEAPF64.slice(address >> 3, (address >> 3) + count);
    },
  };
  return arena;
}
