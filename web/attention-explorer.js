// attention-explorer.js — <attention-explorer scene="dot" q="2,1" k="1,2" hide="formula">: one
// scene of Attention Explorer on any page.
//
//   <script type="module" src="…/attention-explorer.js"></script>
//   <attention-explorer scene="self" sentence="The dog chased the cat" step="6"></attention-explorer>
//
// Attributes are the embed options of embed.html (web/embed/options.js) and are reflected: when a
// student drags or types, the attributes follow and a `change` event carries { scene, options }.
// Lifecycle: connected (first time) -> shadow root with scoped styles -> the core is loaded once
// for every instance on the page (loadCore shares it) -> the scene element mounts with this
// element's own State, so instances never share settings. Scenes stop animating off screen.
import { loadCore } from './attention-core.js';
import { State, propOf } from './app/state.js';
import { h } from './app/dom.js';
import { loadTex } from './app/tex.js';
import { SCENE_TITLES, OPTIONS, OPTION_NAMES, parseOptions, optionsOf } from './embed/options.js';

// Styles: <link>s next to this module, or CSS text from a classic bundle, which has no
// import.meta.url to find them by (web/embed/bundle-styles.js: { shadow: [css…], document: css }).
const HERE = import.meta.url;
const inline = globalThis.attentionExplorerBundle?.styles ?? null;

function shadowStyles(root) {
  if (inline) {
    inline.sheets ??= inline.shadow.map((css) => { const sheet = new CSSStyleSheet(); sheet.replaceSync(css); return sheet; });
    root.adoptedStyleSheets = inline.sheets; // constructed sheets: allowed under style-src 'self'
    return [];
  }
  return ['./styles/main.css', './vendor/katex/katex.min.css', './embed/element.css']
    .map((href) => h('link', { rel: 'stylesheet', href: new URL(href, HERE).href }));
}

// @font-face does not work inside a shadow root, so KaTeX's fonts are declared once per document.
let fontsDeclared = false;
function declareFonts() {
  if (fontsDeclared) return;
  fontsDeclared = true;
  if (inline) {
    if (!inline.document) return;
    const sheet = new CSSStyleSheet(); sheet.replaceSync(inline.document);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  } else {
    const href = new URL('./vendor/katex/katex.min.css', HERE).href;
    if (![...document.querySelectorAll('link[rel="stylesheet"]')].some((l) => l.href === href)) {
      document.head.append(h('link', { rel: 'stylesheet', href, 'data-attention-explorer': '' }));
    }
  }
}

const sceneTag = (id) => `ae-scene-${id}`; // every scene id in SCENES (app/state.js) has its element
let scenesReady = null;

export class AttentionExplorerElement extends HTMLElement {
  static observedAttributes = OPTION_NAMES;

  connectedCallback() {
    if (this.shadowRoot) return;
    declareFonts();
    const root = this.attachShadow({ mode: 'open' });
    this.frame = h('div.ae-root', { part: 'root' });
    this.titleEl = h('h2.ae-title');
    this.status = h('p.ae-status', { role: 'status' }, 'Loading the computing core…');
    this.frame.append(this.titleEl, this.status);
    root.append(...shadowStyles(root), this.frame);
    this.start();
  }

  disconnectedCallback() {
    // the scene element tears itself down (scene-base.js); a pending change event is dropped
    clearTimeout(this.changeTimer);
  }

  /** The options as the attributes give them now. */
  readOptions() {
    return new Map(OPTION_NAMES.filter((n) => this.hasAttribute(n)).map((n) => [n, this.getAttribute(n)]));
  }

  async start() {
    try {
      scenesReady ??= import('./scenes/index.js');
      const [core] = await Promise.all([loadCore(), scenesReady, loadTex().catch(() => {})]);
      this.core = core;
      this.dataset.core = core.simd ? 'simd' : 'baseline';
      this.status.remove();
      this.build();
    } catch (e) {
      this.dataset.core = 'unavailable';
      this.status.textContent = `This figure needs WebAssembly, which could not be loaded here (${e.message}).`;
      this.status.classList.add('unavailable');
    }
  }

  /** (Re)build the scene from the attributes: a new State, a new scene element. */
  build() {
    const { scene, patch, ignored } = parseOptions(this.readOptions());
    this.currentScene = scene;
    this.frame.dataset.scene = scene;
    this.titleEl.textContent = SCENE_TITLES[scene];
    this.state = new State();
    this.state.set(patch);
    if (ignored.length) this.dataset.ignored = ignored.join(' ');
    this.sceneEl?.remove();
    this.frame.dataset.hide = this.state.get('hide').join(' ');
    this.frame.dataset.present = this.state.get('present') ? '1' : '0';
    this.sceneEl = document.createElement(sceneTag(scene));
    this.sceneEl.setAttribute('aria-label', SCENE_TITLES[scene]);
    this.frame.append(this.sceneEl);
    this.sceneEl.mount({ state: this.state, core: this.core });
    this.state.on((changed) => {
      if (changed.has('hide')) this.frame.dataset.hide = this.state.get('hide').join(' ');
      if (changed.has('present')) this.frame.dataset.present = this.state.get('present') ? '1' : '0';
      this.reflect();
    });
  }

  attributeChangedCallback(name, before, after) {
    if (this.reflecting || before === after || !this.state) return;
    // the scene, or which questions it asks, shapes what is built: build again
    if (name === 'scene' || name === 'questions') { this.build(); return; }
    if (after === null) { this.build(); return; } // an option removed: back to its default
    const { patch } = parseOptions(new Map([['scene', this.currentScene], [name, after]]));
    delete patch.scene;
    this.state.set(patch);
  }

  /** state -> attributes (only those already present or no longer at their default), then `change`. */
  reflect() {
    const now = optionsOf(this.state, this.currentScene);
    const defaults = optionsOf(new State(), this.currentScene);
    this.reflecting = true;
    for (const [canonical, value] of Object.entries(now)) {
      // a page that wrote an old name (temp=, or q= in scene sum) sees that attribute follow
      const name = this.attributeFor(canonical);
      if (this.getAttribute(name) === value) continue;
      if (this.hasAttribute(name) || value !== defaults[canonical]) this.setAttribute(name, value);
    }
    this.reflecting = false;
    clearTimeout(this.changeTimer);
    this.changeTimer = setTimeout(() => this.dispatchEvent(new CustomEvent('change', { detail: { scene: this.currentScene, options: now } })), 100);
  }

  /** The attribute a setting is reflected to: its public name, or the old name the page used. */
  attributeFor(name) {
    if (this.hasAttribute(name)) return name;
    const prop = propOf(name);
    const old = [...(prop?.aliases ?? []), ...(prop?.sceneAlias && prop.scene === this.currentScene ? [prop.sceneAlias] : [])];
    return old.find((n) => this.hasAttribute(n)) ?? name;
  }

  /** The current option strings of the shown scene (what a link or the attributes would say). */
  get options() { return this.state ? optionsOf(this.state, this.currentScene) : {}; }
}
// Properties mirror the attributes: el.scene = 'sum' is el.setAttribute('scene', 'sum').
for (const name of ['scene', ...OPTIONS.map((o) => o.name)]) {
  Object.defineProperty(AttentionExplorerElement.prototype, name, {
    get() { return this.getAttribute(name); },
    set(v) { if (v === null || v === undefined) this.removeAttribute(name); else this.setAttribute(name, String(v)); },
  });
}

if (!customElements.get('attention-explorer')) customElements.define('attention-explorer', AttentionExplorerElement);
