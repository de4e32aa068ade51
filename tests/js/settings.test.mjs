// settings.test.mjs — the one settings vocabulary (web/app/state.js): the tables are consistent,
// and for every setting of every scene, page hash -> embed options -> element attributes -> state
// gives back the same state; old names still open.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PROPS, SCENES, SCENE_IDS, PARTS, State, propOf, propsOf, partsOf, fromQuery, toQuery, readSettings, writeSettings } from '../../web/app/state.js';
import { parseOptions, optionsOf, OPTION_NAMES, OPTIONS } from '../../web/embed/options.js';
import { other, shown as shownValues, settingsOf } from '../js-support/settings-samples.mjs';

const shown = (state, p) => shownValues(state.values, p);

/** page hash -> embed.html query -> element attributes -> a new element's state. */
function roundTrip(page, scene) {
  const hash = `#${page.toHash()}`;
  const embed = new State(); embed.set(parseOptions(new URLSearchParams(hash.slice(1))).patch);
  const attributes = optionsOf(embed, scene); attributes.scene = scene;
  const element = new State(); element.set(parseOptions(attributes).patch);
  return { hash, embed, attributes, element };
}

describe('settings vocabulary: the tables', () => {
  it('every scene has an id, a number and a title; ids and numbers are unique', () => {
    assert.equal(new Set(SCENES.map((s) => s.id)).size, SCENES.length);
    // unique and in order; scenes land in any order, so a number may be missing for a while
    assert.deepEqual(SCENES.map((s) => s.number), [...new Set(SCENES.map((s) => s.number))].sort((a, b) => a - b));
    for (const s of SCENES) assert.ok(s.title && s.nav && /^[a-z]+$/.test(s.id), s.id);
  });
  it('every public name and alias is unique, lower-case, and names a known scene and hide flag', () => {
    const names = PROPS.flatMap((p) => [p.name, ...(p.aliases ?? [])]);
    assert.equal(new Set(names).size, names.length, `duplicates in ${names}`);
    for (const p of PROPS) {
      assert.match(p.name, /^[a-z][a-z0-9_-]*$/, p.name);
      assert.ok(p.scene === 'all' || SCENE_IDS.includes(p.scene), `${p.name}: scene ${p.scene}`);
      if (p.hide) assert.ok(PARTS.some((x) => x.flag === p.hide) && partsOf(p.scene).some((x) => x.flag === p.hide), `${p.name}: hide flag ${p.hide} is not in PARTS`);
      if (p.lenFrom) assert.equal(propOf(p.lenFrom).scene, p.scene);
    }
    for (const part of PARTS) assert.ok(part.scenes === 'all' || part.scenes.every((s) => SCENE_IDS.includes(s)), part.flag);
  });
  it('the embed options are the linkable PROPS, aliases included', () => {
    assert.deepEqual(OPTIONS.map((o) => o.name), PROPS.filter((p) => p.link !== false && p.name !== 'scene').map((p) => p.name));
    for (const p of PROPS) for (const n of [p.name, ...(p.aliases ?? [])]) assert.equal(OPTION_NAMES.includes(n), p.link !== false, n);
  });
  it('every default coerces to itself', () => {
    const s = new State();
    for (const p of PROPS) assert.deepEqual(s.get(p.name), p.def, p.name);
    assert.equal(s.toHash(), '');
  });
});

describe('settings vocabulary: page hash -> embed options -> element attributes -> the same state', () => {
  for (const { id: scene } of SCENES) {
    const mine = settingsOf(scene);
    for (const p of mine) {
      it(`${scene}: ${p.name}`, () => {
        const page = new State();
        const value = other(p, scene);
        page.set({ [p.name]: value });
        page.set({ scene });
        assert.notDeepEqual(page.get(p.name), p.def, `${p.name}: the sample differs from the default`);
        const { hash, embed, attributes, element } = roundTrip(page, scene);
        assert.ok(hash.includes(`${p.name}=`), `${hash} names ${p.name}`);
        assert.deepEqual(shown(embed, p), shown(page, p), `${p.name} through embed options (${hash})`);
        assert.deepEqual(shown(element, p), shown(page, p), `${p.name} through attributes ${JSON.stringify(attributes)}`);
        // and back again: the element's own link opens the page at the same view
        const again = new State(); again.loadHash(toQuery(writeSettings(element.values, { scene })));
        assert.deepEqual(shown(again, p), shown(page, p), `${p.name} back to a page hash`);
        assert.equal(again.get('scene'), scene);
      });
    }
    it(`${scene}: every setting at once`, () => {
      const page = new State();
      page.set(Object.fromEntries(mine.map((p) => [p.name, other(p, scene)])));
      page.set({ scene });
      const { embed, element } = roundTrip(page, scene);
      for (const p of mine) {
        assert.deepEqual(shown(embed, p), shown(page, p), p.name);
        assert.deepEqual(shown(element, p), shown(page, p), p.name);
      }
    });
  }
  it('the page hash itself round-trips the whole state (every scene at once)', () => {
    const page = new State();
    for (const p of PROPS) if (p.link !== false && p.name !== 'scene') page.set({ [p.name]: other(p, p.scene === 'all' ? 'self' : p.scene) });
    page.set({ scene: 'sum' });
    const back = new State(); assert.deepEqual(back.loadHash(page.toHash()), []);
    for (const p of PROPS) if (p.link !== false) assert.deepEqual(back.get(p.name), page.get(p.name), p.name);
  });
});

describe('settings vocabulary: old names and tricky links', () => {
  it('old page hash names are aliases: temp, text, d_k, report_origin', () => {
    const s = new State();
    assert.deepEqual(s.loadHash('#scene=self&temp=2&text=A%20dog%20ran&d_k=128&report_origin=https%3A%2F%2Fa.example'), []);
    assert.equal(s.get('temperature'), 2); assert.equal(s.get('sentence'), 'A dog ran'); assert.equal(s.get('dk'), 128);
    assert.equal(s.get('report-origin'), 'https://a.example');
    assert.equal(s.get('temp'), 2, 'state.get accepts an alias');
    assert.match(s.toHash(), /temperature=2/); assert.doesNotMatch(s.toHash(), /temp=/);
  });
  it('old embed links: q in scene sum is the 2-D query; q=2,1 in scene dot sets dim', () => {
    assert.deepEqual(parseOptions({ scene: 'sum', q: '1.5,0.5' }).patch.q3, [1.5, 0.5]);
    const dot = parseOptions({ scene: 'dot', q: '1,2,3', k: '1,0' }).patch;
    assert.equal(dot.dim, 3); assert.deepEqual(dot.q.slice(0, 3), [1, 2, 3]);
    assert.equal(parseOptions({ scene: 'dot', q: '1,2,3', dim: '5' }).patch.dim, 5);
  });
  it('a page link in scene sum with a changed scene-1 q does not move the 2-D query', () => {
    const page = new State(); page.set({ q: [3, 1, 0, 0, 0, 0, 0, 0] }); page.set({ scene: 'sum', q3: [1, 1] });
    const { patch } = parseOptions(new URLSearchParams(page.toHash()));
    assert.deepEqual(patch.q3, [1, 1]); assert.deepEqual(patch.q, [3, 1, 0, 0, 0, 0, 0, 0]);
    const page2 = new State(); page2.set({ q: [3, 1, 0, 0, 0, 0, 0, 0] }); page2.set({ scene: 'sum' });
    assert.equal(parseOptions(new URLSearchParams(page2.toHash())).patch.q3, undefined);
  });
  it('an old page link with 8 numbers and no dim keeps two dimensions', () => {
    const s = new State(); s.loadHash('#q=1,2,3,4,5,-5,0,1');
    assert.equal(s.get('dim'), 2); assert.deepEqual(s.get('q'), [1, 2, 3, 4, 5, -5, 0, 1]);
  });
  it('unknown names, bad values and a bad scene are reported, never applied', () => {
    const { ignored, patch } = parseOptions({ scene: 'nope', bogus: '1', temperature: 'hot', q: '1,x', 'report-origin': '*' });
    assert.deepEqual(ignored.sort(), ['bogus', 'q', 'report-origin', 'scene', 'temperature']);
    assert.deepEqual(patch, { scene: 'dot' });
    const s = new State(); assert.deepEqual(s.loadHash('#paused=1&x=2'), ['paused', 'x']);
  });
  it('report-origin takes an http(s) origin only, never a wildcard or a path', () => {
    const p = propOf('report-origin'); const s = new State();
    for (const bad of ['*', 'null', 'file:///x', 'https://a.example/path', 'javascript:alert(1)']) assert.deepEqual(s.set({ 'report-origin': bad }).rejected, ['report-origin'], bad);
    assert.equal(s.get('report-origin'), p.def);
    s.set({ 'report-origin': 'http://127.0.0.1:8123' }); assert.equal(s.get('report-origin'), 'http://127.0.0.1:8123');
  });
  it('hide flags and question choices', () => {
    assert.deepEqual(parseOptions({ hide: 'formula inputs,nope' }).hide, ['formula', 'inputs']);
    const s = new State();
    for (const [given, want] of [['off', 'off'], ['', 'all'], ['dot-a, dot-b,dot-a', 'dot-a,dot-b']]) { s.set({ questions: given }); assert.equal(s.get('questions'), want); }
    assert.deepEqual(s.set({ questions: '<b>' }).rejected, ['questions']);
  });
  it('fromQuery/toQuery keep text exact, with + read as a space', () => {
    const text = 'a&b=c %, é + ü';
    assert.deepEqual(fromQuery(`#${toQuery([['sentence', text]])}`), [['sentence', text]]);
    assert.deepEqual(fromQuery('?sentence=The+cat'), [['sentence', 'The cat']]);
    assert.deepEqual(readSettings(fromQuery('q=1,2')).patch.dim, 2);
  });
});

describe('settings vocabulary: documented', () => {
  it('docs/EMBEDDING.md lists every public option and hide flag', async () => {
    const { readFile } = await import('node:fs/promises');
    const doc = await readFile(new URL('../../docs/EMBEDDING.md', import.meta.url), 'utf8');
    for (const p of PROPS) if (p.link !== false) assert.ok(doc.includes(`\`${p.name}\``), `option ${p.name}: add a row to docs/EMBEDDING.md's options table`);
    for (const part of PARTS) assert.ok(doc.includes(`\`${part.flag}\``), `hide flag ${part.flag} is documented`);
  });
});
