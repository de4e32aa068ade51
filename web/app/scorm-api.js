// scorm-api.js — finds a SCORM 1.2 LMS's API object (window.API) in this window's parents, then in
// the opener's. Small on purpose: the lesson loads the SCORM runtime (report-scorm.js) only when
// one is found.

/** The SCORM 1.2 API: window.API in this window's parents, then in the opener's. */
export function findScormApi(win = globalThis.window) {
  const search = (w) => {
    for (let i = 0; w && i < 12; i++) {
      try { if (w.API && typeof w.API.LMSInitialize === 'function') return w.API; } catch { /* another origin */ }
      let up = null; try { up = w.parent; } catch { return null; }
      if (!up || up === w) break;
      w = up;
    }
    return null;
  };
  let api = search(win);
  if (!api) { try { if (win.opener) api = search(win.opener); } catch { /* closed */ } }
  return api;
}
