// write-docs.mjs — puts the measured tables into docs/PERFORMANCE.md between
// its <!-- bench:results --> and <!-- bench:page --> markers.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const doc = new URL('../../docs/PERFORMANCE.md', import.meta.url);
let text = readFileSync(doc, 'utf8');
for (const [marker, file] of [['results', process.argv[2]], ['page', process.argv[3]]]) {
  if (!file || !existsSync(file)) continue;
  const re = new RegExp(`(<!-- bench:${marker} -->\\n)[\\s\\S]*?(<!-- /bench:${marker} -->)`);
  if (!re.test(text)) throw new Error(`docs/PERFORMANCE.md has no bench:${marker} markers`);
  text = text.replace(re, (_, open, close) => `${open}${readFileSync(file, 'utf8')}${close}`);
}
writeFileSync(doc, text);
