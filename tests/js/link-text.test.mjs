// link-text.test.mjs — text that reaches links and notices (issue 14, items 4 and 5):
// cut by code point, no lone surrogates, a hash that always encodes, notices of bounded length,
// and toy-model look-ups that ignore Object.prototype.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { State } from '../../web/app/state.js';
import { summarise } from '../../web/app/format.js';
import { embed } from '../../web/app/toy-model.js';



test('text is cut by code point and keeps no lone surrogate', () => {
  const s = new State();
  const emoji = '\u{1F600}';
  s.set({ sentence: `${'a'.repeat(199)}${emoji}` });
  assert.equal(s.get('sentence'), `${'a'.repeat(199)}${emoji}`);
  s.set({ sentence: `b${'a'.repeat(199)}${emoji}` });
  assert.equal(s.get('sentence'), `b${'a'.repeat(199)}`);
  s.set({ sentence: 'x\uD83Dy\uDE00z' });
  assert.equal(s.get('sentence'), 'xyz');
  assert.doesNotThrow(() => s.toHash());
  assert.match(s.toHash(), /sentence=xyz/);
});

test('the hash round-trips emoji text', () => {
  const a = new State(); a.set({ sentence: 'The \u{1F408} sat' });
  const b = new State(); assert.deepEqual(b.loadHash(`#${a.toHash()}`), []);
  assert.equal(b.get('sentence'), 'The \u{1F408} sat');
});

test('summarise shows a few short names and counts the rest', () => {
  assert.equal(summarise(['a', 'b']), 'a, b');
  const many = Array.from({ length: 300 }, (_, i) => `${'x'.repeat(900)}${i}`);
  const s = summarise(many);
  assert.ok(s.length < 200, `${s.length} characters`);
  assert.match(s, /and 295 more$/);
  assert.equal(summarise(['', '']), '(empty)');
});

test('toy-model words that are Object.prototype members get ordinary embeddings', () => {
  for (const word of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf']) {
    const { X, known } = embed([word, 'cat']);
    assert.equal(known[0], false, word);
    assert.equal(known[1], true);
    assert.ok([...X].every(Number.isFinite), `${word}: ${[...X]}`);
  }
});
