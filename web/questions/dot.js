// dot.js — questions for scene 1 (dot product). Data: ids never change; truths come from the core.
// Format: web/questions/README.md (types choice | number | target; setup/reveal are state patches).
const v2 = (get, name) => get(name).slice(0, 2);

export default [
  {
    id: 'dot-right-angle',
    type: 'target',
    misconception: 'Only one special k, or only a zero-length k, gives a dot product of zero.',
    prompt: 'Drag the tip of k (or type its components) until q·k is zero. Lock in when you think you are there (within ±0.1 counts).',
    setup: { dim: 2, mode: 'dot', q: [2, 1, 0.5, -1, 1.5, 0.2, -0.6, 1], k: [1, 2, -0.5, 0.8, 1, -1.2, 0.4, 0.3] },
    // graded on q·k itself, the quantity the prompt names (cos θ is shown beside it in the reveal)
    goal: { at: 0, within: 0.1, of: 'q·k' },
    solution: { k: [-1, 2, -0.5, 0.8, 1, -1.2, 0.4, 0.3] }, // one state that reaches the goal (tests; never shown)
    measure: ({ core, get }) => {
      const q = v2(get, 'q'); const k = v2(get, 'k');
      const dot = core.dot(q, k);
      const cos = core.norm(k) > 0 ? core.cosine(q, k) : 0;
      return { value: dot, response: `k=(${k.join(',')}); q·k=${dot.toFixed(3)}`, rows: [{ label: 'q·k at your k', value: dot }, { label: 'cos θ at your k', value: cos }] };
    },
    explain: 'The dot product is zero exactly when the two arrows stand at a right angle, however long they are. Every k on the line through the origin perpendicular to q works, so there are endlessly many answers, not one.',
  },
  {
    id: 'dot-stretch-cosine',
    type: 'choice',
    misconception: 'Making k longer makes it agree more with q in every sense, cosine included.',
    prompt: 'q = (2, 1) and k = (1, 2). If k is stretched to twice its length, what happens to cos θ?',
    setup: { dim: 2, q: [2, 1, 0.5, -1, 1.5, 0.2, -0.6, 1], k: [1, 2, -0.5, 0.8, 1, -1.2, 0.4, 0.3], mode: 'cos' },
    reveal: { k: [2, 4, -0.5, 0.8, 1, -1.2, 0.4, 0.3] },
    options: [{ value: 'doubles', label: 'It doubles' }, { value: 'same', label: 'It stays the same' }, { value: 'halves', label: 'It halves' }],
    truth: ({ core, get, before }) => {
      const q = v2(get, 'q'); const k0 = v2(before, 'k'); const k1 = v2(get, 'k');
      const c0 = core.cosine(q, k0); const c1 = core.cosine(q, k1);
      const d0 = core.dot(q, k0); const d1 = core.dot(q, k1);
      const ratio = c1 / c0;
      const answer = Math.abs(ratio - 1) < 1e-6 ? 'same' : Math.abs(ratio - 2) < 1e-6 ? 'doubles' : 'halves';
      return { answer, rows: [{ label: 'cos θ before', value: c0 }, { label: 'cos θ after', value: c1 }, { label: 'q·k before', value: d0 }, { label: 'q·k after', value: d1 }] };
    },
    explain: 'Cosine similarity divides the dot product by both lengths, so stretching k cancels out and only the angle is left. The dot product itself doubles, which is why attention scores grow with vector length while cosine does not.',
  },
  {
    id: 'dot-compute',
    type: 'number',
    misconception: 'The dot product adds the components instead of multiplying matching pairs.',
    prompt: 'q = (2, 1) and k = (−1, 3). What is q·k?',
    setup: { dim: 2, mode: 'dot', q: [2, 1, 0.5, -1, 1.5, 0.2, -0.6, 1], k: [-1, 3, -0.5, 0.8, 1, -1.2, 0.4, 0.3] },
    tolerance: 0.01,
    truth: ({ core, get }) => {
      const q = v2(get, 'q'); const k = v2(get, 'k');
      const terms = q.map((x, i) => core.dot([x], [k[i]]));
      return { value: core.dot(q, k), rows: [{ label: 'q₁·k₁', value: terms[0] }, { label: 'q₂·k₂', value: terms[1] }] };
    },
    explain: 'Multiply the matching components and add: 2·(−1) + 1·3 = 1. A small positive number means the arrows lean slightly the same way, at an angle a little under 90°.',
  },
];
