// arena.js — one reusable block of the module's heap for a call's inputs and outputs.
//
// A call states what it needs as typed requests and gets back one address per
// request; no API method computes a byte offset by hand:
//
//   const at = arena.layout({ q: ['f32', n * dk], mask: ['u8', n * m], out: ['f64', 1] });
//   // -> { q: address, mask: address, out: address }, each 16-byte aligned
//
// The block is only replaced by a larger one, so calls of the same or smaller
// shapes never allocate and the memory size stays constant. A call too large
// for WebAssembly memory is refused with a RangeError before anything is
// allocated, so the arena (and every later call) stays intact.
//
// Methods use call(request, body), which releases the arena however body ends.
// One call at a time: layout() marks the arena busy until release(). A call
// that arrives while another is still copying its inputs (a getter inside an
// input calling the core) is refused, rather than overwriting that call's data.

const ALIGN = 16;
const BYTES = Object.freeze({ u8: 1, f32: 4, f64: 8 });

/** "3 GiB", "512 KiB": byte counts for messages. */
export function formatBytes(bytes) {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} bytes` : `${Number(value.toPrecision(3))} ${units[unit]}`;
}

/**
 * @param {import('./embind').AttentionCoreModule} wasm
 */
export function createArena(wasm) {
  const heapMax = wasm.HEAP_MAX_BYTES;
  let base = 0; // address of the block
  let capacity = 0; // its size in bytes
  let busy = false;
  let generation = 0; // bumped whenever the block moves: a remembered layout is then stale

  function refuseReentry() {
    throw new Error('attention core: a call started while another was still reading its inputs ' +
      '(a getter inside an input called the core); call the core from outside such getters');
  }

  function grow(needed) {
    generation += 1;
    if (base) wasm._free(base);
    base = 0;
    capacity = 0;
    // Grow geometrically so a slowly growing shape does not reallocate each call,
    // but never ask for more than the heap can hold (or than _malloc's 32-bit size).
    const rounded = Math.min(Math.max(1024, 2 ** Math.ceil(Math.log2(needed))), heapMax);
    let address = wasm._malloc(rounded);
    let size = rounded;
    if (!address && rounded > needed) {
      address = wasm._malloc(needed);
      size = needed;
    }
    if (!address) return false;
    base = address;
    capacity = size;
    return true;
  }

  const arena = {
    /**
     * Reserves one slice per request ({ name: [type, count, shape?] }, type 'u8' | 'f32' | 'f64',
     * shape a constant label such as 'n × m' that a too-large error quotes) and returns
     * { name: address }. A count of 0 gives address 0.
     */
    layout(request) {
      if (busy) refuseReentry();
      // Own keys in insertion order; entries read by index (no iterator a page could replace).
      const names = Object.keys(request);
      const offsets = new Array(names.length);
      let bytes = 0;
      let largest = -1;
      let largestSize = -1;
      for (let i = 0; i < names.length; i += 1) {
        const entry = request[names[i]];
        const count = entry[1];
        const size = BYTES[entry[0]] * count;
        if (!Number.isSafeInteger(count) || count < 0 || !(size >= 0)) {
          throw new Error(`attention core: layout of ${names[i]} asked for ${count} ${entry[0]} values`);
        }
        offsets[i] = size === 0 ? -1 : bytes;
        bytes += Math.ceil(size / ALIGN) * ALIGN;
        if (size > largestSize) {
          largest = i;
          largestSize = size;
        }
      }
      const needed = bytes + ALIGN; // + ALIGN: room to align the block's start
      if (needed > heapMax) {
        const [type, count, shape] = request[names[largest]];
        const what = shape ? `${shape} = ${count}` : `${count}`; // shape: 'n × m'
        throw new RangeError(`${names[largest]}: ${what} ${type} values take ${formatBytes(largestSize)}; ` +
          `this call needs ${needed} bytes (${formatBytes(needed)}) in all, more than the ${heapMax} bytes ` +
          `(${formatBytes(heapMax)}) a WebAssembly core can hold`);
      }
      if (needed > capacity && !grow(needed)) {
        throw new RangeError(`${names[largest]}: this call needs ${formatBytes(needed)} of WebAssembly memory, ` +
          'more than is free; use smaller inputs');
      }
      const start = Math.ceil(base / ALIGN) * ALIGN;
      const at = {};
      for (let i = 0; i < names.length; i += 1) {
        at[names[i]] = offsets[i] < 0 ? 0 : start + offsets[i];
      }
      busy = true;
      return at;
    },
    /**
     * layout() for a request made before in this generation: `memo` ({ at, generation }) is what
     * remember() kept of that layout. Returns memo.at (the call is then busy as after layout()),
     * or null if the block has moved since and the request must be laid out again. The hot
     * teaching calls repeat one shape; this skips re-deriving the same addresses every time.
     */
    reuse(memo) {
      if (memo === null || memo.generation !== generation) return null;
      if (busy) refuseReentry();
      busy = true;
      return memo.at;
    },
    /** What reuse() needs to hand `at` (from layout()) back while the block stays put. */
    remember(at) {
      return { at, generation };
    },
    /** Ends the call that layout() started (always: put it in a finally). */
    release() {
      busy = false;
    },
    /** layout(request), then body(addresses), then release(), whatever body throws. */
    call(request, body) {
      const at = arena.layout(request);
      try {
        return body(at);
      } finally {
        busy = false;
      }
    },
    /** The block's address (0 before the first call), for an owner that frees it. */
    base() {
      return base;
    },
    /** The heap views (re-read on every use: memory growth replaces them). */
    heapU8() {
      return wasm.HEAPU8;
    },
    /** The index of the first NaN or ±Infinity among count floats at address, or count. */
    firstNonFinite(address, count) {
      return wasm._ax_first_nonfinite(address, count);
    },
    heapF32() {
      return wasm.HEAPF32;
    },
    /**
     * Copies several f32 slices of one layout, given in layout order as { name: count }, out
     * of the heap with one allocation: { name: Float32Array }, views of one new ArrayBuffer.
     * (Each ArrayBuffer costs an allocation; for small results that is most of a call.)
     */
    readF32Views(at, counts) {
      const names = Object.keys(counts);
      const first = at[names[0]];
      const last = names[names.length - 1];
      const buffer = wasm.HEAPF32.slice(first >> 2, (at[last] >> 2) + counts[last]).buffer;
      const views = {};
      for (let i = 0; i < names.length; i += 1) {
        views[names[i]] = new Float32Array(buffer, at[names[i]] - first, counts[names[i]]);
      }
      return views;
    },
    /** Copies count values at address out of the heap. */
    readF32(address, count) {
      return wasm.HEAPF32.slice(address >> 2, (address >> 2) + count);
    },
    readF64(address, count) {
      return wasm.HEAPF64.slice(address >> 3, (address >> 3) + count);
    },
  };
  return arena;
}
