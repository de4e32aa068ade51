// report-adapters.js — attach the report channels a lesson's settings ask for (idempotent):
// postMessage to report-origin when framed; SCORM 1.2 when an LMS API is found.
import { attachPostMessage } from './report-postmessage.js';
import { attachScorm } from './report-scorm.js';

export function attachReporting(state) {
  const origin = state.get('report-origin');
  if (origin) attachPostMessage(origin);
  try { attachScorm({ mastery: state.get('mastery') }); } catch (e) { console.warn('attention-explorer: SCORM reporting is off:', e.message); }
}
