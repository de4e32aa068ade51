// settings-samples.mjs — a non-default value for every setting (by type), and what a one-scene view
// shows of it; shared by tests/js/settings.test.mjs and tests/browser/settings-roundtrip.test.mjs.
import { PROPS, partsOf, propsOf } from '../../web/app/state.js';

/** A value different from the default, of the prop's type. */
export function other(p, scene) {
  switch (p.type) {
    case 'enum': return p.values.find((v) => v !== p.def && (p.name !== 'scene' || v === scene));
    case 'bool': return !p.def;
    case 'int': return p.def === p.max ? p.min : p.max;
    case 'num': return p.def === p.max ? p.min : Number((p.min + (p.max - p.min) * 0.3).toFixed(1));
    case 'str': return 'A <b>dog</b> & a cat, 100% sure';
    case 'vec': return p.def.map((x, i) => Number(((i % 2 ? -1 : 1) * Math.min(p.max, 1.25 + i / 4)).toFixed(2)));
    case 'pairs': return [[1, 0], [2, 1]];
    case 'flags': return partsOf(scene).slice(0, 2).map((x) => x.flag);
    case 'ids': return `${scene}-a,${scene}-b`;
    case 'origin': return 'https://lms.example.org';
    default: throw new Error(`no sample for type ${p.type} (${p.name}): add one to tests/js-support/settings-samples.mjs`);
  }
}

/** What a one-scene view shows of a setting (vectors: the components on screen). */
export const shown = (values, p) => (p.lenFrom ? values[p.name].slice(0, values[p.lenFrom]) : values[p.name]);

/** The settings one scene's view carries: its own and the linkable ones of every scene. */
export const settingsOf = (scene) => [...propsOf(scene), ...PROPS.filter((p) => p.scene === 'all' && p.link !== false && p.name !== 'scene')];
