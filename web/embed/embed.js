// embed.js — embed.html: one scene, chosen by URL options, that sizes itself and tells its parent.
//   embed.html?scene=self&sentence=The%20dog%20chased%20the%20cat&step=6&hide=title,steps
// Options are the attributes of <attention-explorer> (options.js); they may also follow '#'.
// Height goes to the parent three ways, whenever it changes:
//   { type: 'attention-explorer:resize', height, scene, id }         generic (any page)
//   '{"subject":"lti.frameResize","height":…}'                        Canvas (JSON string)
//   { context: 'h5p', action: 'hello' | 'prepareResize' | 'resize' }  H5P's h5p-resizer.js protocol
import { OPTION_NAMES } from './options.js';

export function startEmbed({ element = document.querySelector('attention-explorer'), parent = window.parent } = {}) {
  const params = new URLSearchParams(location.search);
  for (const [name, value] of new URLSearchParams(location.hash.slice(1))) params.set(name, value);
  for (const name of OPTION_NAMES) if (params.has(name)) element.setAttribute(name, params.get(name));
  // presentation mode enlarges rem-based text too, so the embed page's root follows the option
  if (['1', 'true'].includes(params.get('present'))) document.documentElement.dataset.present = '1';
  const id = params.get('id') ?? '';
  const framed = parent && parent !== window;
  if (!framed) return { height: () => pageHeight() };

  const post = (message) => { try { parent.postMessage(message, '*'); } catch { /* parent gone */ } };
  const h5p = (action, data = {}) => post({ ...data, context: 'h5p', action });

  // H5P: say hello until the resizer answers; then prepareResize -> resizePrepared -> resize.
  let h5pFriendly = false;
  window.addEventListener('message', (ev) => {
    if (ev.source !== parent || ev.data?.context !== 'h5p') return;
    if (ev.data.action === 'ready') h5p('hello');
    else if (ev.data.action === 'hello') { h5pFriendly = true; document.body.style.overflow = 'hidden'; send(true); }
    else if (ev.data.action === 'resizePrepared') h5p('resize', { scrollHeight: document.body.scrollHeight });
    else if (ev.data.action === 'resize') send(true);
  });

  let last = -1;
  const send = (force = false) => {
    const height = pageHeight();
    if (!force && height === last) return;
    last = height;
    post({ type: 'attention-explorer:resize', height, scene: element.getAttribute('scene') ?? 'dot', id });
    post(JSON.stringify({ subject: 'lti.frameResize', height }));
    if (h5pFriendly) h5p('prepareResize', { scrollHeight: document.body.scrollHeight, clientHeight: document.body.clientHeight });
    else h5p('hello');
  };
  let timer = 0;
  const soon = () => { clearTimeout(timer); timer = setTimeout(send, 50); };
  new ResizeObserver(soon).observe(document.body);
  new ResizeObserver(soon).observe(element);
  // the parent changed the frame's size: tell it again what the content needs
  window.addEventListener('resize', () => { clearTimeout(timer); timer = setTimeout(() => send(true), 50); });
  send();
  return { height: () => pageHeight(), send };
}

const pageHeight = () => Math.ceil(Math.max(document.body.scrollHeight, document.body.getBoundingClientRect().height));
