// standalone-entry.js — the lesson page (index.html) as one classic script for
// build/attention-explorer-standalone.html, which opens from file:// (no ES modules there).
import './bundle-core.js';
import { startPage } from '../app/page.js';

startPage();
