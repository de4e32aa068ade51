// h5p-package.js — the H5P content type H5P.AttentionExplorer: library.json, semantics.json (scene,
// settings, hidden parts, questions, mastery) and a default content, as files for a .h5p archive or
// an extracted folder (h5p-standalone). Used by scripts/build. Pure.
import { SCENES, PARTS } from '../app/state.js';

export const LIBRARY = { machineName: 'H5P.AttentionExplorer', majorVersion: 1, minorVersion: 0, patchVersion: 0 };
export const LIBRARY_DIR = `${LIBRARY.machineName}-${LIBRARY.majorVersion}.${LIBRARY.minorVersion}`;

export const libraryJson = () => ({
  title: 'Attention Explorer',
  description: 'Scaled dot-product attention to see, touch and predict; reports answers and a score through xAPI.',
  ...LIBRARY,
  runnable: 1,
  author: 'Attention Explorer',
  license: 'MIT',
  embedTypes: ['iframe'],
  fullscreen: 0,
  coreApi: { majorVersion: 1, minorVersion: 19 },
  preloadedJs: [{ path: 'attention-explorer.classic.js' }, { path: 'h5p-attention-explorer.js' }],
  preloadedCss: [{ path: 'h5p-attention-explorer.css' }],
});

export const semanticsJson = () => [
  { name: 'scene', type: 'select', label: 'Scene', importance: 'high', default: 'dot',
    options: SCENES.map((s) => ({ value: s.id, label: `${s.number}. ${s.title}` })) },
  { name: 'settings', type: 'text', label: 'Settings', importance: 'medium', optional: true, default: '',
    description: 'The scene’s settings as in a link (for example temperature=2&query=1): copy them from the lesson’s “Embed this view” dialog.' },
  { name: 'hide', type: 'text', label: 'Hidden parts', importance: 'low', optional: true, default: '',
    description: `Comma-separated parts to hide: ${PARTS.map((p) => p.flag).join(', ')}.` },
  { name: 'questions', type: 'text', label: 'Questions', importance: 'medium', optional: true, default: 'all',
    description: '“all”, “off”, or the ids of the questions to ask, comma-separated.' },
  { name: 'mastery', type: 'number', label: 'Pass mark (%)', importance: 'low', default: 80, min: 0, max: 100 },
];

export const h5pJson = ({ title = 'Attention Explorer' } = {}) => ({
  title, language: 'en', mainLibrary: LIBRARY.machineName, embedTypes: ['iframe'], license: 'U',
  preloadedDependencies: [{ machineName: LIBRARY.machineName, majorVersion: String(LIBRARY.majorVersion), minorVersion: String(LIBRARY.minorVersion) }],
});

export const defaultContent = () => ({ scene: 'dot', settings: '', hide: '', questions: 'all', mastery: 80 });

/** [{ name, data }] of an extracted .h5p (h5p.json, content/, the library folder). */
export function h5pFiles({ classicJs, runtimeJs, runtimeCss, content = defaultContent(), title }) {
  return [
    { name: 'h5p.json', data: JSON.stringify(h5pJson({ title }), null, 2) },
    { name: 'content/content.json', data: JSON.stringify(content, null, 2) },
    { name: `${LIBRARY_DIR}/library.json`, data: JSON.stringify(libraryJson(), null, 2) },
    { name: `${LIBRARY_DIR}/semantics.json`, data: JSON.stringify(semanticsJson(), null, 2) },
    { name: `${LIBRARY_DIR}/attention-explorer.classic.js`, data: classicJs },
    { name: `${LIBRARY_DIR}/h5p-attention-explorer.js`, data: runtimeJs },
    { name: `${LIBRARY_DIR}/h5p-attention-explorer.css`, data: runtimeCss },
  ];
}
