// options.js — the embed options: URL options of embed.html, attributes of <attention-explorer>
// and traits of the anywidget. They are the settings of web/app/state.js (PROPS, SCENES), read and
// written by the same functions as the page's hash, so a link copied from the page configures an
// embed too. Nothing is declared here; this module only adapts the tables to one-scene views.
import { PROPS, SCENES, SCENE_IDS, HIDE_FLAGS, OPTION_NAMES, coerce, propOf, readSettings, writeSettings } from '../app/state.js';

export { HIDE_FLAGS, OPTION_NAMES };
export { SCENE_IDS as SCENES };
export const SCENE_TITLES = Object.fromEntries(SCENES.map((s) => [s.id, s.title]));

/** One entry per option: { name, prop, scenes, aliases } (documentation and tests). */
export const OPTIONS = PROPS.filter((p) => p.link !== false && p.name !== 'scene')
  .map((p) => ({ name: p.name, prop: p.name, scenes: p.scene === 'all' ? SCENE_IDS : [p.scene], aliases: p.aliases ?? [] }));

/** "formula, inputs" or "formula inputs" -> ['formula', 'inputs'] (unknown flags dropped). */
export const parseHide = (value) => coerce(propOf('hide'), String(value ?? ''));

/**
 * Options (a Map, [name, value] pairs or an object) to { scene, hide, patch, ignored }: patch is a
 * State patch; names or values that are not understood are listed in ignored.
 */
export function parseOptions(entries) {
  const { scene, patch, ignored } = readSettings(entries, { oneScene: true });
  patch.scene = scene;
  return { scene, hide: patch.hide ?? [], patch, ignored };
}

/** Current state -> option strings for one scene, every option of that scene (reflection, links). */
export function optionsOf(state, scene) {
  const out = Object.fromEntries(writeSettings(state.values, { scene, all: true }));
  delete out.scene;
  return out;
}
