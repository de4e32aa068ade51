// main.js — entry of index.html: the page's wiring lives in page.js (shared with the standalone build).
import { startPage } from './page.js';

startPage();
