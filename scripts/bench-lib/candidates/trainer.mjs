// trainer.mjs — steps per second of the one-head trainer (core.createTrainer, issue 12) at its
// default size (length 6, vocab 8, dModel 16, batch 32): our SIMD build, our baseline build, and
// a plain-JS twin of the same model (same forward, backward and Adam, written with loops over
// Float64Arrays). Before it is timed, each candidate must train 'reverse' to ≥ 95 % batch accuracy
// within 3000 steps (the check that its gradients are right); the twin's own gradient is also
// checked against central finite differences of its loss.

const TASK_TARGET = {
  copy: (x) => x.slice(),
  previous: (x) => x.map((_, i) => x[Math.max(0, i - 1)]),
  reverse: (x) => x.map((_, i) => x[x.length - 1 - i]),
  max: (x) => x.map(() => Math.max(...x)),
};

/** The plain-JS twin: h = E[x] + P; Q, K, V = h·W; o = softmax(QKᵀ/√d)·V; logits = o·W_O·U. */
export function createJsTrainer({ task = 'reverse', length: L = 6, vocab: V = 8, dModel: d = 16, batch: B = 32, lr = 0.01, seed = 1 } = {}) {
  let s = seed >>> 0; // mulberry32: the twin's own stream
  const rand = () => { s = (s + 0x6d2b79f5) >>> 0; let t = s; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
  const init = (n, bound) => Float64Array.from({ length: n }, () => (2 * rand() - 1) * bound);
  const w = Math.sqrt(3 / d);
  const P = { embed: init(V * d, 1), pos: init(L * d, 1), wq: init(d * d, w), wk: init(d * d, w), wv: init(d * d, w), wo: init(d * d, w), unembed: init(d * V, w) };
  const names = Object.keys(P);
  const M = Object.fromEntries(names.map((k) => [k, new Float64Array(P[k].length)]));
  const Vv = Object.fromEntries(names.map((k) => [k, new Float64Array(P[k].length)]));
  const scale = 1 / Math.sqrt(d);
  let steps = 0;

  // y = a (r×k) · b (k×c), optionally with b transposed (b given as c×k) or a transposed (a given as k×r)
  const mm = (a, b, r, k, c, { ta = false, tb = false } = {}) => {
    const y = new Float64Array(r * c);
    for (let i = 0; i < r; i++) for (let l = 0; l < k; l++) {
      const av = ta ? a[l * r + i] : a[i * k + l];
      if (av === 0) continue;
      for (let j = 0; j < c; j++) y[i * c + j] += av * (tb ? b[j * k + l] : b[l * c + j]);
    }
    return y;
  };

  function lossAndGrad(tokens, wantGrad = true) {
    const G = Object.fromEntries(names.map((k) => [k, new Float64Array(P[k].length)]));
    let loss = 0; let right = 0;
    for (let b = 0; b < tokens.length / L; b++) {
      const x = tokens.slice(b * L, (b + 1) * L); const y = TASK_TARGET[task](x);
      const h = new Float64Array(L * d);
      for (let i = 0; i < L; i++) for (let c = 0; c < d; c++) h[i * d + c] = P.embed[x[i] * d + c] + P.pos[i * d + c];
      const Q = mm(h, P.wq, L, d, d), K = mm(h, P.wk, L, d, d), Vm = mm(h, P.wv, L, d, d);
      const W = mm(Q, K, L, d, L, { tb: true });
      for (let i = 0; i < L; i++) {
        let top = -Infinity; for (let j = 0; j < L; j++) top = Math.max(top, W[i * L + j] * scale);
        let sum = 0; for (let j = 0; j < L; j++) { W[i * L + j] = Math.exp(W[i * L + j] * scale - top); sum += W[i * L + j]; }
        for (let j = 0; j < L; j++) W[i * L + j] /= sum;
      }
      const O = mm(W, Vm, L, L, d), Y = mm(O, P.wo, L, d, d), Z = mm(Y, P.unembed, L, d, V);
      const dZ = new Float64Array(L * V);
      for (let i = 0; i < L; i++) {
        let top = -Infinity; let arg = 0;
        for (let j = 0; j < V; j++) if (Z[i * V + j] > top) { top = Z[i * V + j]; arg = j; }
        let sum = 0; for (let j = 0; j < V; j++) sum += Math.exp(Z[i * V + j] - top);
        loss += Math.log(sum) - (Z[i * V + y[i]] - top);
        if (arg === y[i]) right++;
        for (let j = 0; j < V; j++) dZ[i * V + j] = Math.exp(Z[i * V + j] - top) / sum - (j === y[i] ? 1 : 0);
      }
      if (!wantGrad) continue;
      const rows = tokens.length;
      for (let i = 0; i < dZ.length; i++) dZ[i] /= rows;
      const add = (g, v) => { for (let i = 0; i < v.length; i++) g[i] += v[i]; };
      add(G.unembed, mm(Y, dZ, d, L, V, { ta: true }));
      const dY = mm(dZ, P.unembed, L, V, d, { tb: true });
      add(G.wo, mm(O, dY, d, L, d, { ta: true }));
      const dO = mm(dY, P.wo, L, d, d, { tb: true });
      const dV = mm(W, dO, L, L, d, { ta: true });
      const dW = mm(dO, Vm, L, d, L, { tb: true });
      const dS = new Float64Array(L * L);
      for (let i = 0; i < L; i++) {
        let dot = 0; for (let j = 0; j < L; j++) dot += W[i * L + j] * dW[i * L + j];
        for (let j = 0; j < L; j++) dS[i * L + j] = scale * W[i * L + j] * (dW[i * L + j] - dot);
      }
      const dQ = mm(dS, K, L, L, d), dK = mm(dS, Q, L, L, d, { ta: true });
      add(G.wq, mm(h, dQ, d, L, d, { ta: true })); add(G.wk, mm(h, dK, d, L, d, { ta: true })); add(G.wv, mm(h, dV, d, L, d, { ta: true }));
      const dh = mm(dQ, P.wq, L, d, d, { tb: true }); add(dh, mm(dK, P.wk, L, d, d, { tb: true })); add(dh, mm(dV, P.wv, L, d, d, { tb: true }));
      for (let i = 0; i < L; i++) for (let c = 0; c < d; c++) { G.embed[x[i] * d + c] += dh[i * d + c]; G.pos[i * d + c] += dh[i * d + c]; }
    }
    return { loss: loss / tokens.length, accuracy: right / tokens.length, G };
  }

  function step() {
    const tokens = Array.from({ length: B * L }, () => Math.floor(rand() * V));
    const { loss, accuracy, G } = lossAndGrad(tokens);
    steps++;
    const c1 = 1 / (1 - 0.9 ** steps), c2 = 1 / (1 - 0.999 ** steps);
    for (const k of names) {
      const p = P[k], g = G[k], m = M[k], v = Vv[k];
      for (let i = 0; i < p.length; i++) {
        m[i] = 0.9 * m[i] + 0.1 * g[i]; v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
        p[i] -= lr * (m[i] * c1) / (Math.sqrt(v[i] * c2) + 1e-8);
      }
    }
    return { step: steps, loss, accuracy };
  }

  /** Largest ‖g − fd‖ / ‖fd‖ over the tensors, central differences of the loss (h = 1e-6). */
  function gradientError(tokens) {
    const { G } = lossAndGrad(tokens);
    let worst = 0;
    for (const k of names) {
      let num = 0; let den = 0;
      for (let i = 0; i < P[k].length; i++) {
        const keep = P[k][i];
        P[k][i] = keep + 1e-6; const up = lossAndGrad(tokens, false).loss;
        P[k][i] = keep - 1e-6; const down = lossAndGrad(tokens, false).loss;
        P[k][i] = keep;
        const fd = (up - down) / 2e-6;
        num += (G[k][i] - fd) ** 2; den += fd ** 2;
      }
      worst = Math.max(worst, Math.sqrt(num / den));
    }
    return worst;
  }

  return { step, gradientError };
}

/** Steps until accuracy ≥ 95 % (at most 3000); returns the step count, or Infinity. */
export function stepsToLearn(trainer) {
  for (let i = 0; i < 3000; i++) if (trainer.step().accuracy >= 0.95) return i + 1;
  return Infinity;
}
