// boot.js — embed.html's one script (classic, so it also runs where modules cannot be fetched).
// Same-origin or cross-origin iframe: import the ES modules. Sandboxed iframe without
// allow-same-origin (origin "null"): module and .wasm fetches would need CORS headers, so load
// the classic bundle instead (one script, the core inlined; scripts/standalone builds it).
(function () {
  var base = document.currentScript.src;
  var start = function () {
    if (self.origin === 'null') {
      var s = document.createElement('script');
      s.src = new URL('../build/attention-explorer.classic.js', base).href;
      s.onload = function () { self.AttentionExplorer.startEmbed(); };
      s.onerror = function () { document.body.textContent = 'The embedded figure could not be loaded (build/attention-explorer.classic.js is missing).'; };
      document.head.appendChild(s);
    } else {
      import(new URL('../attention-explorer.js', base).href)
        .then(function () { return import(new URL('./embed.js', base).href); })
        .then(function (m) { m.startEmbed(); });
    }
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
