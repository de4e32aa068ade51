// dom.js — tiny element builders. Text always goes in through textContent, never as HTML.
const SVG_NS = 'http://www.w3.org/2000/svg';

/** h('p.note', { id: 'x' }, 'text', child) — attrs set as attributes; strings become text nodes. */
export function h(tag, attrs = {}, ...children) {
  const [name, ...classes] = tag.split('.');
  const el = document.createElement(name);
  if (classes.length) el.className = classes.join(' ');
  return fill(el, attrs, children);
}

export function s(tag, attrs = {}, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), attrs, children);
}

function fill(el, attrs, children) {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== undefined && c !== null && c !== false) el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return el;
}

/** Set an attribute only when it changed: keeps per-frame redraws cheap. */
export function attr(el, name, value) {
  const v = String(value);
  if (el.getAttribute(name) !== v) el.setAttribute(name, v);
}

/** Show or hide an element, touching it only when that changes (re-setting hidden restyles it). */
export function hide(el, hidden) {
  if (el.hidden !== Boolean(hidden)) el.hidden = Boolean(hidden);
}

export function text(el, value) {
  const v = String(value);
  if (el.textContent !== v) el.textContent = v;
}

/** True when `el` has focus, also inside a shadow root (where document.activeElement is the host). */
export const isFocused = (el) => el.getRootNode().activeElement === el;

let uid = 0;
export const nextId = (prefix) => `${prefix}-${++uid}`;
