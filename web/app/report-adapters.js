// report-adapters.js — attach the report channels a lesson's settings ask for (idempotent):
// postMessage to report-origin when framed; SCORM 1.2 when an LMS API is found. Each channel's
// module loads only when it is used, so a plain lesson does not download them.
import { findScormApi } from './scorm-api.js';

let scorm = null; // the SCORM runtime's loading, once an LMS API was found

export function attachReporting(state) {
  const origin = state.get('report-origin');
  // statements sent before it attaches are replayed to it (report.js onStatement replay)
  if (origin) import('./report-postmessage.js').then((m) => m.attachPostMessage(origin));
  if (!scorm && findScormApi()) scorm = import('./report-scorm.js');
  scorm?.then((m) => m.attachScorm({ mastery: state.get('mastery') }))
    .catch((e) => console.warn('attention-explorer: SCORM reporting is off:', e.message));
}
