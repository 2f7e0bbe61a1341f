// Counts XMLHttpRequest and fetch calls (and fetch bodies being read) in flight on this page, once per page, tells any
// waiting check (``listeners``) when one ends, and logs each (method, URL, status, start
// and duration in ms) for traces where the browser gives no network events (``log``,
// at most 500 entries, emptied by whoever reads it).
// Installed at document start where the driver allows it (a BiDi preload script, or
// Chromium's CDP), otherwise by the first network check; requests started before that
// are not counted.
(function () {
  var w = window;
  if (w.__e2eNetwork) return;
  var state = (w.__e2eNetwork = { inflight: 0, listeners: [], log: [] });
  function ended(entry, status) {
    state.inflight--;
    entry.status = status;
    entry.ms = Math.round((performance.now() - entry.start) * 10) / 10;
    if (state.log.length < 500) state.log.push(entry);
    for (var i = 0; i < state.listeners.length; i++) state.listeners[i]();
  }
  var open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.__e2eRequest = { method: String(method).toUpperCase(), url: String(url) };
    return open.apply(this, arguments);
  };
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function () {
    var xhr = this, info = xhr.__e2eRequest || { method: "GET", url: "" };
    var entry = { method: info.method, url: info.url, start: performance.now() };
    state.inflight++;
    xhr.addEventListener("loadend", function () { ended(entry, xhr.status || null); }, { once: true });
    return send.apply(this, arguments);
  };
  if (w.fetch) {
    var fetch = w.fetch;
    w.fetch = function (input, init) {
      var url = typeof input === "string" ? input : (input && input.url) || String(input);
      var method = (init && init.method) || (input && input.method) || "GET";
      var entry = { method: String(method).toUpperCase(), url: url, start: performance.now() };
      state.inflight++;
      return fetch.apply(this, arguments).then(
        function (response) { ended(entry, response.status); return response; },
        function (error) { ended(entry, null); throw error; });
    };
  }
  // A fetch's body comes after its response: ``r.text()``, ``r.json()`` and the like are
  // in flight too, until the page has the body (and has run what it chained on it: that
  // runs in the same microtask checkpoint, before any check can look).
  if (w.Response && w.Response.prototype) {
    ["text", "json", "arrayBuffer", "blob", "formData", "bytes"].forEach(function (name) {
      var read = w.Response.prototype[name];
      if (typeof read !== "function") return;
      w.Response.prototype[name] = function () {
        state.inflight++;
        var done = function () {
          state.inflight--;
          for (var i = 0; i < state.listeners.length; i++) state.listeners[i]();
        };
        return read.apply(this, arguments).then(
          function (value) { done(); return value; },
          function (error) { done(); throw error; });
      };
    });
  }
})();
