// scorm-package.js — the SCORM 1.2 package: one SCO whose launch page is the standalone lesson file,
// optionally preset to a view (its settings as a page hash). Used by scripts/build (the default
// package) and by the "Embed this view" dialog (a package preset to the view on screen). Pure.
import { zip } from './zip.js';

export const LAUNCH = 'attention-explorer-standalone.html';
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** imsmanifest.xml, schemaversion 1.2; masteryscore is the pass mark in % the LMS hands back. */
export function scormManifest({ title = 'Attention Explorer', mastery = 80 } = {}) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="attention-explorer-scorm12" version="1.0"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="attention-explorer-org">
    <organization identifier="attention-explorer-org">
      <title>${esc(title)}</title>
      <item identifier="attention-explorer-item" identifierref="attention-explorer-sco" isvisible="true">
        <title>${esc(title)}</title>
        <adlcp:masteryscore>${Math.round(mastery)}</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="attention-explorer-sco" type="webcontent" adlcp:scormtype="sco" href="${LAUNCH}">
      <file href="${LAUNCH}"/>
    </resource>
  </resources>
</manifest>
`;
}

/** The standalone file with a preset view: the page reads it when its address has no hash. */
export function presetHtml(html, hash) {
  if (!hash) return html;
  const json = JSON.stringify(String(hash).replace(/^#/, '')).replace(/</g, '\\u003c');
  return html.replace('</head>', `<script type="application/json" id="attention-explorer-preset">${json}</script>\n</head>`);
}

/** The package bytes. html: the standalone file's text; hash: the view (page-hash form). */
export function scormPackage({ html, hash = '', title, mastery = 80 }) {
  return zip([{ name: 'imsmanifest.xml', data: scormManifest({ title, mastery }) }, { name: LAUNCH, data: presetHtml(html, hash) }]);
}
