// Counts XMLHttpRequest and fetch calls in flight on this page, once per page, and
// tells any waiting check (``listeners``) when one ends.
// Installed at document start where the driver allows it (Chromium's CDP), otherwise
// by the first network check; requests started before that are not counted.
(function () {
  var w = window;
  if (w.__e2eNetwork) return;
  var state = (w.__e2eNetwork = { inflight: 0, listeners: [] });
  function ended() {
    state.inflight--;
    for (var i = 0; i < state.listeners.length; i++) state.listeners[i]();
  }
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function () {
    state.inflight++;
    this.addEventListener("loadend", ended, { once: true });
    return send.apply(this, arguments);
  };
  if (w.fetch) {
    var fetch = w.fetch;
    w.fetch = function () {
      state.inflight++;
      return fetch.apply(this, arguments).finally(ended);
    };
  }
})();
