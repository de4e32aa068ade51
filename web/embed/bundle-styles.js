// bundle-styles.js — CSS text for <attention-explorer> in a classic bundle (no import.meta.url to
// find the stylesheets by): shadow-root sheets, and KaTeX's @font-face (fonts as data: URLs) for
// the document. Must run before attention-explorer.js defines the element.
import mainCss from 'inline:main.css';
import katexCss from 'inline:katex.css';
import elementCss from 'inline:element.css';
import fontsCss from 'inline:katex-fonts.css';

globalThis.attentionExplorerBundle = { styles: { shadow: [mainCss, katexCss, elementCss], document: fontsCss } };
