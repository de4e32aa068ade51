// build.mjs — the course packages, from the standalone builds (run by scripts/build after
// scripts/standalone):
//   web/build/attention-explorer-scorm12.zip   SCORM 1.2: one SCO, the standalone lesson as launch page
//   web/build/h5p/                             H5P.AttentionExplorer, extracted (h5p.json, content/, library)
//   web/build/attention-explorer.h5p           the same as one .h5p file (upload to Moodle / an H5P host)
import { readFile, writeFile, mkdir, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { scormPackage } from '../../web/lms/scorm-package.js';
import { h5pFiles } from '../../web/lms/h5p-package.js';
import { zip } from '../../web/lms/zip.js';

const WEB = fileURLToPath(new URL('../../web/', import.meta.url));
const OUT = path.join(WEB, 'build');
const read = (p) => readFile(path.join(WEB, p), 'utf8');
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;

const html = await read('build/attention-explorer-standalone.html');
const scorm = scormPackage({ html, title: 'Attention Explorer', mastery: 80 });
await writeFile(path.join(OUT, 'attention-explorer-scorm12.zip'), scorm);
console.log(`scripts/build: web/build/attention-explorer-scorm12.zip ${kb(scorm.length)}`);

const files = h5pFiles({ classicJs: await read('build/attention-explorer.classic.js'), runtimeJs: await read('h5p/h5p-attention-explorer.js'), runtimeCss: await read('h5p/h5p-attention-explorer.css') });
const dir = path.join(OUT, 'h5p');
await rm(dir, { recursive: true, force: true });
for (const f of files) { await mkdir(path.dirname(path.join(dir, f.name)), { recursive: true }); await writeFile(path.join(dir, f.name), f.data); }
const h5p = zip(files);
await writeFile(path.join(OUT, 'attention-explorer.h5p'), h5p);
console.log(`scripts/build: web/build/attention-explorer.h5p ${kb(h5p.length)} (and web/build/h5p/, extracted)`);
