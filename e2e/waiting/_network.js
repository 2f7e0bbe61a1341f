// Keeps the XMLHttpRequest and fetch calls (and fetch bodies being read) in flight on this
// page, once per page, tells any waiting check (``listeners``) when one ends, and logs
// each (method, URL, status, start and duration in ms) for traces where the browser
// gives no network events (``log``, at most 500 entries, emptied by whoever reads it).
// Installed at document start where the driver allows it (a BiDi preload script, or
// Chromium's CDP), otherwise by the first network check; requests started before that
// are not seen.
//
// Each request in flight (``pending``) carries what the settle check needs to decide
// whether to wait for it (``_page_state.js``, function network):
//   foreground: started in answer to the user (a click, key or input in the second
//     before, or right after a foreground request ended), not by the page on its own;
//   poll: the same method and URL started again within 500 ms of its last end with no
//     input in between (a long poll re-issued at once), or a URL learnt as one;
//   stream: its headers said it is a stream (text/event-stream, NDJSON,
//     multipart/x-mixed-replace): done waiting once the headers are in.
// EventSource and WebSocket connections are never counted.
(function () {
  var w = window;
  if (w.__e2eNetwork) return;
  var INPUT_MS = 1000, REISSUE_MS = 500, CHAIN_MS = 200, LONG_MS = 1000;
  var state = (w.__e2eNetwork = {
    pending: [], listeners: [], log: [],
    inputAt: -1e12, foregroundUntil: -1e12, ended: {}, polls: {}, streaks: {}
  });
  ["pointerdown", "mousedown", "click", "keydown", "input", "change", "submit",
   "touchstart", "drop"].forEach(function (name) {
    w.addEventListener(name, function () { state.inputAt = performance.now(); }, true);
  });
  var STREAM = /^\s*(text\/event-stream|application\/(x-)?ndjson|application\/stream\+json|application\/jsonl|multipart\/x-mixed-replace)/i;
  function absolute(url) {
    try { return new URL(url, document.baseURI).href; } catch (e) { return String(url); }
  }
  // ``owner``: the request whose body this is (the body is judged as its request was).
  function begin(method, url, kind, owner) {
    var now = performance.now(), key = method + " " + url, last = state.ended[key];
    var entry = { method: method, url: url, kind: kind, start: now,
                  foreground: now - state.inputAt < INPUT_MS || now < state.foregroundUntil };
    if (owner) {
      entry.foreground = owner.foreground;
      entry.poll = owner.poll;
    } else {
      // Re-issued: again within REISSUE_MS of its last end, with no input in between.
      // A poll: re-issued after being held open LONG_MS or more (a long poll), or
      // re-issued twice in a row (a heartbeat); two widgets loading the same URL one
      // after the other are neither.
      var reissued = last !== undefined && now - last.at < REISSUE_MS && state.inputAt < last.at;
      var streak = reissued ? last.streak + 1 : 0;
      state.streaks[key] = streak;
      if (reissued && (last.ms >= LONG_MS || streak >= 2)) state.polls[key] = true;
      // A learnt poll, unless the user just asked for this URL (a Refresh button).
      entry.poll = !!state.polls[key] && (reissued || !entry.foreground);
      if (entry.poll) entry.foreground = false;
    }
    state.pending.push(entry);
    return entry;
  }
  function changed() {
    for (var i = 0; i < state.listeners.length; i++) state.listeners[i]();
  }
  function finish(entry) {
    var at = state.pending.indexOf(entry);
    if (at < 0) return false;
    state.pending.splice(at, 1);
    var now = performance.now();
    var key = entry.method + " " + entry.url;
    // A body read moves its request's end (the page re-issues once it has the body).
    if (entry.kind === "body") {
      if (state.ended[key]) state.ended[key].at = now;
    } else {
      state.ended[key] = { at: now, ms: now - entry.start, streak: state.streaks[key] || 0 };
    }
    if (entry.foreground) state.foregroundUntil = Math.max(state.foregroundUntil, now + CHAIN_MS);
    return true;
  }
  function ended(entry, status) {
    if (!finish(entry)) return;
    var logged = { method: entry.method, url: entry.url, start: entry.start, status: status,
                   ms: Math.round((performance.now() - entry.start) * 10) / 10 };
    if (state.log.length < 500) state.log.push(logged);
    changed();
  }
  var open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.__e2eRequest = { method: String(method).toUpperCase(), url: absolute(url) };
    return open.apply(this, arguments);
  };
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function () {
    var xhr = this, info = xhr.__e2eRequest || { method: "GET", url: "" };
    var entry = begin(info.method, info.url, "xhr");
    xhr.addEventListener("readystatechange", function () {
      if (xhr.readyState === 2 && STREAM.test(xhr.getResponseHeader("content-type") || "")) {
        entry.stream = true;
        changed();
      }
    });
    xhr.addEventListener("loadend", function () { ended(entry, xhr.status || null); }, { once: true });
    return send.apply(this, arguments);
  };
  var owners = typeof WeakMap === "function" ? new WeakMap() : null;
  if (w.fetch) {
    var fetch = w.fetch;
    w.fetch = function (input, init) {
      var url = typeof input === "string" ? input : (input && input.url) || String(input);
      var method = (init && init.method) || (input && input.method) || "GET";
      var entry = begin(String(method).toUpperCase(), absolute(url), "fetch");
      return fetch.apply(w, arguments).then(
        function (response) {
          if (owners && response && typeof response === "object") owners.set(response, entry);
          ended(entry, response.status);
          return response;
        },
        function (error) { ended(entry, null); throw error; });
    };
  }
  // A fetch's body comes after its response: ``r.text()``, ``r.json()`` and the like are
  // in flight too, until the page has the body (and has run what it chained on it: that
  // runs in the same microtask checkpoint, before any check can look). A stream's body
  // is not (it may never end), nor a body read through ``r.body.getReader()``.
  if (w.Response && w.Response.prototype) {
    ["text", "json", "arrayBuffer", "blob", "formData", "bytes"].forEach(function (name) {
      var read = w.Response.prototype[name];
      if (typeof read !== "function") return;
      w.Response.prototype[name] = function () {
        var type = (this.headers && this.headers.get("content-type")) || "";
        if (STREAM.test(type)) return read.apply(this, arguments);
        // The body belongs to its request: a background request's body is background too.
        var owner = (owners && owners.get(this)) || { method: "GET", foreground: true, poll: false };
        var entry = begin(owner.method, this.url || "", "body", owner);
        var done = function () { if (finish(entry)) changed(); };
        return read.apply(this, arguments).then(
          function (value) { done(); return value; },
          function (error) { done(); throw error; });
      };
    });
  }
})();
