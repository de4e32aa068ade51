// h5p-attention-explorer.js — the runtime of the H5P content type H5P.AttentionExplorer (a classic
// script, loaded after attention-explorer.classic.js). attach() puts one <attention-explorer> in the
// H5P container, configured from the content's parameters (semantics.json); the lesson's statement
// stream becomes H5P xAPI events: 'answered' per question (sub-content), then 'answered' and
// 'completed' for the whole content with setScoredResult(correct, total), which is what Moodle's
// H5P activity records as the grade.
var H5P = window.H5P = window.H5P || {};
H5P.AttentionExplorer = (function (EventDispatcher) {
  function AttentionExplorerContent(params, contentId) {
    EventDispatcher.call(this);
    this.params = params || {};
    this.contentId = contentId;
    this.score = 0; this.maxScore = 0;
  }
  AttentionExplorerContent.prototype = Object.create(EventDispatcher.prototype);
  AttentionExplorerContent.prototype.constructor = AttentionExplorerContent;

  AttentionExplorerContent.prototype.attach = function ($container) {
    var self = this; var p = this.params;
    var box = $container && $container.get ? $container.get(0) : $container;
    box.classList.add('h5p-attention-explorer');
    var el = document.createElement('attention-explorer');
    el.setAttribute('scene', p.scene || 'dot');
    new URLSearchParams(String(p.settings || '').replace(/^[?#]/, '')).forEach(function (value, name) {
      if (name !== 'scene') el.setAttribute(name, value);
    });
    if (p.hide) el.setAttribute('hide', p.hide);
    if (p.questions) el.setAttribute('questions', p.questions);
    if (p.mastery !== undefined && p.mastery !== null) el.setAttribute('mastery', String(p.mastery));
    box.appendChild(el);
    var mastery = Number(p.mastery === undefined ? 80 : p.mastery);
    window.AttentionExplorer.onStatement(function (st) {
      var verb = st.verb.display['en-US'];
      if (verb === 'answered') {
        var qid = st.object.id.split('/').pop();
        var ev = self.createXAPIEventTemplate('answered');
        ev.setScoredResult(st.result.score.raw, st.result.score.max, self, true, st.result.success);
        ev.data.statement.result.response = st.result.response;
        var object = ev.data.statement.object;
        object.id = object.id + '?subContentId=' + encodeURIComponent(qid);
        object.definition = Object.assign({}, object.definition || {}, st.object.definition);
        ev.data.statement.context = ev.data.statement.context || {};
        ev.data.statement.context.contextActivities = { parent: [{ id: object.id.split('?')[0], objectType: 'Activity' }] };
        self.trigger(ev);
      } else if (verb === 'completed') {
        self.score = st.result.score.raw; self.maxScore = st.result.score.max;
        var passed = self.maxScore > 0 && self.score * 100 >= mastery * self.maxScore;
        ['answered', 'completed'].forEach(function (name) {
          var done = self.createXAPIEventTemplate(name);
          done.setScoredResult(self.score, self.maxScore, self, true, passed);
          self.trigger(done);
        });
      }
    }, { replay: true });
    // H5P sizes its iframe from the content: tell it when the scene changes height
    if (window.ResizeObserver) new ResizeObserver(function () { self.trigger('resize'); }).observe(box);
  };
  AttentionExplorerContent.prototype.getScore = function () { return this.score; };
  AttentionExplorerContent.prototype.getMaxScore = function () { return this.maxScore; };
  return AttentionExplorerContent;
})(H5P.EventDispatcher);
