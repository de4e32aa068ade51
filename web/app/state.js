// state.js — the one state object. Every setting is declared once in PROPS and the whole
// state round-trips through location.hash, so any view is a link (cf. tensorflow/playground).
// No DOM here beyond nothing: parse/serialise are pure so they can be tested anywhere.

const SCENES = ['dot', 'weights', 'sum', 'self', 'cost', 'grad'];

/** name, type, default and limits for every setting. Vectors hold 8 numbers; scene 1 uses the first `dim`. */
export const PROPS = [
  { name: 'scene', type: 'enum', values: SCENES, def: 'dot' },
  { name: 'palette', type: 'enum', values: ['viridis', 'cividis'], def: 'viridis' },
  { name: 'paused', type: 'bool', def: false, link: false }, // a viewer's preference: never put into links
  // scene 1 — dot product and alignment
  { name: 'dim', type: 'int', min: 2, max: 8, def: 2 },
  { name: 'q', type: 'vec', len: 8, min: -5, max: 5, def: [2, 1, 0.5, -1, 1.5, 0.2, -0.6, 1] },
  // k keeps 4 decimals: stretching moves it along its exact direction, which a 0.01 grid cannot hold
  { name: 'k', type: 'vec', len: 8, min: -5, max: 5, step: 0.0001, def: [1, 2, -0.5, 0.8, 1, -1.2, 0.4, 0.3] },
  { name: 'mode', type: 'enum', values: ['dot', 'cos', 'scaled'], def: 'dot' },
  // scene 2 — scores to weights
  { name: 'query', type: 'int', min: 0, max: 5, def: 2 },
  { name: 'temp', type: 'num', min: 0.1, max: 5, step: 0.05, def: 1 },
  { name: 'scaling', type: 'bool', def: true },
  { name: 'dk', type: 'int', min: 1, max: 512, def: 64 },
  { name: 'seed', type: 'int', min: 1, max: 9999, def: 1 },
  // scene 3 — weighted sum of values
  // default q: pointing away from the values, so q, the chain and the output do not overlap
  { name: 'q3', type: 'vec', len: 2, min: -3, max: 3, def: [0.4, -2] },
  // scene 4 — self-attention step by step
  { name: 'text', type: 'str', maxLength: 200, def: 'The cat sat' },
  { name: 'step', type: 'int', min: 1, max: 7, def: 1 },
  { name: 'causal', type: 'bool', def: false },
  { name: 'paint', type: 'bool', def: false },
  { name: 'mask', type: 'pairs', def: [] },
  { name: 'fq', type: 'int', min: 0, max: 15, def: 0 },
  { name: 'fk', type: 'int', min: 0, max: 15, def: 1 },
  // scene 7 — what attention costs (issue 10)
  { name: 'costmaxn', type: 'enum', values: ['256', '1024', '4096'], def: '1024', scene: 'cost' },
  { name: 'costwindow', type: 'int', min: 0, max: 128, def: 2, scene: 'cost' },
  { name: 'costglobals', type: 'int', min: 0, max: 16, def: 1, scene: 'cost' },
  // scene 8 — gradients and stability (issue 10); its d_k is scene 2's dk
  { name: 'gradq', type: 'vec', len: 2, min: -5, max: 5, def: [3, 0.5], scene: 'grad' },
  { name: 'gradk', type: 'vec', len: 2, min: -5, max: 5, def: [0.5, 2], scene: 'grad' },
  { name: 'naive', type: 'vec', len: 3, min: -2000, max: 2000, def: [1000, 999, 998], scene: 'grad' },
];

const BY_NAME = new Map(PROPS.map((p) => [p.name, p]));
const clamp = (x, lo, hi) => Math.min(hi, Math.max(lo, x));
// Numbers are kept on a 0.01 grid so that the hash reproduces the view exactly.
const snap = (x, step = 0.01) => Math.round(x / step) / Math.round(1 / step);
const tidy = (x) => Number(x.toFixed(4));

/** Coerce a candidate value to the prop's type; returns undefined when it cannot. */
export function coerce(prop, v) {
  switch (prop.type) {
    case 'enum': return prop.values.includes(v) ? v : undefined;
    case 'bool': return typeof v === 'boolean' ? v : v === '1' || v === 'true' ? true : v === '0' || v === 'false' ? false : undefined;
    case 'int': { const n = Number(v); return Number.isFinite(n) ? clamp(Math.round(n), prop.min, prop.max) : undefined; }
    case 'num': { const n = Number(v); return Number.isFinite(n) ? tidy(clamp(snap(n, prop.step), prop.min, prop.max)) : undefined; }
    case 'str': return typeof v === 'string' ? v.slice(0, prop.maxLength) : undefined;
    case 'vec': {
      const a = typeof v === 'string' ? v.split(',').map(Number) : Array.from(v ?? [], Number);
      if (a.length !== prop.len || !a.every(Number.isFinite)) return undefined;
      return a.map((x) => tidy(clamp(snap(x, prop.step), prop.min, prop.max)));
    }
    case 'pairs': {
      const a = typeof v === 'string' ? (v ? v.split(',').map((s) => s.split('.').map(Number)) : []) : v;
      if (!Array.isArray(a) || !a.every((p) => p.length === 2 && p.every((x) => Number.isInteger(x) && x >= 0 && x < 16))) return undefined;
      const uniq = [...new Set(a.map(([i, j]) => `${i}.${j}`))].sort();
      return uniq.map((s) => s.split('.').map(Number));
    }
    default: return undefined;
  }
}

function encode(prop, v) {
  switch (prop.type) {
    case 'bool': return v ? '1' : '0';
    case 'vec': return v.join(',');
    case 'pairs': return v.map(([i, j]) => `${i}.${j}`).join(',');
    case 'str': return encodeURIComponent(v);
    default: return String(v);
  }
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

export class State {
  constructor() {
    this.values = Object.fromEntries(PROPS.map((p) => [p.name, structuredClone(p.def)]));
    this.listeners = new Set();
  }
  get(name) { return this.values[name]; }
  /** Apply a patch; invalid values are ignored (and reported), listeners get the changed names. */
  set(patch) {
    const changed = new Set(); const rejected = [];
    for (const [name, v] of Object.entries(patch)) {
      const prop = BY_NAME.get(name);
      const c = prop ? coerce(prop, v) : undefined;
      if (c === undefined) { rejected.push(name); continue; }
      if (!same(c, this.values[name])) { this.values[name] = c; changed.add(name); }
    }
    if (changed.size) for (const fn of this.listeners) fn(changed, this);
    return { changed, rejected };
  }
  on(fn) { this.listeners.add(fn); return () => this.listeners.delete(fn); }
  /** Only non-default values go into the hash, keeping links short. */
  toHash() {
    return PROPS.filter((p) => p.link !== false && !same(this.values[p.name], p.def))
      .map((p) => `${p.name}=${encode(p, this.values[p.name])}`).join('&');
  }
  /** Replace the whole state from a hash; unknown or malformed entries are skipped and returned. */
  loadHash(hash) {
    const patch = Object.fromEntries(PROPS.map((p) => [p.name, structuredClone(p.link === false ? this.values[p.name] : p.def)]));
    const bad = [];
    for (const part of hash.replace(/^#/, '').split('&').filter(Boolean)) {
      const eq = part.indexOf('=');
      const name = eq < 0 ? part : part.slice(0, eq);
      let raw = eq < 0 ? '' : part.slice(eq + 1);
      const prop = BY_NAME.get(name);
      if (!prop) { bad.push(name); continue; }
      if (prop.type === 'str') { try { raw = decodeURIComponent(raw); } catch { bad.push(name); continue; } }
      const c = coerce(prop, raw);
      if (c === undefined) bad.push(name); else patch[name] = c;
    }
    this.set(patch);
    return bad;
  }
}
