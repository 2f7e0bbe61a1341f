// Counts XMLHttpRequest and fetch calls in flight on this page, once per page.
// Installed at document start where the driver allows it (Chromium's CDP), otherwise
// by the first network check; requests started before that are not counted.
(function () {
  var w = window;
  if (w.__e2eNetwork) return;
  var state = (w.__e2eNetwork = { inflight: 0 });
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function () {
    state.inflight++;
    this.addEventListener("loadend", function () { state.inflight--; }, { once: true });
    return send.apply(this, arguments);
  };
  if (w.fetch) {
    var fetch = w.fetch;
    w.fetch = function () {
      state.inflight++;
      return fetch.apply(this, arguments).finally(function () { state.inflight--; });
    };
  }
})();
