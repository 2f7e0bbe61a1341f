// One browser round trip that looks at every match of every "settle" locator, at the
// page's network activity and, optionally, at one target element; with a budget it
// also waits, event-driven, until the page is settled and the target is ready, or
// the budget runs out. Called through execute_async_script:
//   arguments = [locators [[by, value], ...], checkNetwork, budgetMs, target, app, done]
//   target = null | {by, value, need, prepare, notDocument}
//     need: "present" | "visible" | "enabled" | "click" | "edit" | "all"
//     prepare: "select" (focus the field and select its content once it is ready) or
//       "focus" (only focus it)
//     need "fill": as "edit", but of the editor's own field when the element holds one
//     read: "value" | "checked" | "selected" | "text" | "textContent" | "texts" (returned as
//       target.read once the element is ready: a form read in the same round trip)
//     notDocument: a document token (see documentToken): not ready while the browser is
//       still on that document, i.e. until a navigation has replaced it
//   app = {readyWhen: bool, quietMs, ignore: [glob tokens], backgroundMs}: readyWhen says the page class's ready_when
//     expression is appended to this script as __e2eAppReady(); quietMs > 0 asks for a DOM
//     unchanged for that long in every same-origin document; ignore and backgroundMs say
//     which requests are not waited for (function leftOut)
// Overlays, busy widgets and requests are looked for in the same-origin top document and
// every same-origin frame; the target only in the current document.
var locators = arguments[0], checkNetwork = arguments[1], budget = arguments[2];
var target = arguments[3], app = arguments[4] || {};
var done = arguments[arguments.length - 1];

// The requests the check leaves out: those matching a glob of the page's ignore_requests
// (and the run's), streams past their headers, polls, and requests the page started on
// its own once they are older than app.backgroundMs (see _network.js for each).
// A glob comes as tokens ("**", "*", "?" or one character) and is matched as url_globs.py
// does: one step per URL character over the set of token positions reached, so no glob
// can make the match slower than linear in the URL (a RegExp of several .* backtracks).
function globMatches(tokens, url) {
  var n = tokens.length, state = new Uint8Array(n + 1), next = new Uint8Array(n + 1);
  function close(s) {
    for (var k = 0; k < n; k++) if (s[k] && (tokens[k] === "*" || tokens[k] === "**")) s[k + 1] = 1;
  }
  state[0] = 1;
  close(state);
  for (var i = 0; i < url.length; i++) {
    var c = url.charAt(i), any = false;
    next.fill(0);
    for (var k = 0; k < n; k++) {
      if (!state[k]) continue;
      var t = tokens[k];
      if (t === "**" || (t === "*" && c !== "/")) { next[k] = 1; any = true; }
      else if ((t === "?" && c !== "/") || t === c) { next[k + 1] = 1; any = true; }
    }
    if (!any) return false;
    close(next);
    var swap = state; state = next; next = swap;
  }
  return state[n] === 1;
}
var ignored = app.ignore || [];
function leftOut(entry, now) {
  for (var i = 0; i < ignored.length; i++) if (globMatches(ignored[i], entry.url)) return "ignored";
  if (entry.stream) return "stream";
  if (entry.poll) return "poll";
  if (!entry.foreground && app.backgroundMs != null && now - entry.start > app.backgroundMs) {
    return "background";
  }
  return null;
}

function network(docs) {
  var out = { jquery: 0, inflight: 0, loading: 0, requests: [], leftOut: [] };
  if (!checkNetwork) return out;
  for (var i = 0; i < docs.length; i++) {
    var win = docs[i].defaultView;
    if (!win) continue;
    // A document still parsing, or whose jQuery has not run its ready handlers yet (jQuery
    // 3 runs them a task after DOMContentLoaded): the AJAX they start is still to come.
    // Frames are not waited for by WebDriver's navigation; on Firefox, entering a frame
    // often lands there.
    if (docs[i].readyState === "loading" || (win.jQuery && win.jQuery.isReady === false)) out.loading++;
    var net = win.__e2eNetwork, skippedXhr = 0;
    if (net && net.pending) {
      var now = win.performance.now();
      for (var p = 0; p < net.pending.length; p++) {
        var entry = net.pending[p], why = leftOut(entry, now);
        var seen = { method: entry.method, url: entry.url, ms: Math.round(now - entry.start),
                     why: why };
        if (why) {
          if (entry.kind === "xhr") skippedXhr++;
          if (out.leftOut.length < 20) out.leftOut.push(seen);
          continue;
        }
        out.inflight++;
        if (out.requests.length < 5) out.requests.push(seen);
      }
    }
    // jQuery counts its own requests (also those begun before the page was instrumented):
    // less the XHRs left out above, which are its own when jQuery made them.
    out.jquery += Math.max(0, ((win.jQuery && win.jQuery.active) || 0) - skippedXhr);
  }
  return out;
}

var TEXT_INPUTS = ["", "text", "search", "url", "tel", "email", "password", "number",
                   "date", "datetime-local", "month", "time", "week"];

function describe(el) {
  var out = "<" + el.tagName.toLowerCase();
  if (el.id) out += ' id="' + el.id + '"';
  var cls = typeof el.className === "string" ? el.className.trim() : "";
  if (cls) out += ' class="' + cls + '"';
  return out + ">";
}

// Still moving: a jQuery animation or a finite CSS/Web animation on it or an ancestor.
function animating(el) {
  var jq = window.jQuery;
  if (jq && jq.timers && jq.timers.length) {
    for (var i = 0; i < jq.timers.length; i++) {
      var elem = jq.timers[i].elem;
      if (elem && elem.nodeType === 1 && elem.contains(el)) return true;
    }
  }
  if (document.getAnimations) {
    var running = document.getAnimations();
    for (var j = 0; j < running.length; j++) {
      var a = running[j], effect = a.effect, node = effect && effect.target;
      if (a.playState !== "running" || !node || !node.contains || !node.contains(el)) continue;
      if (effect.getComputedTiming().endTime !== Infinity) return true;
    }
  }
  return false;
}

// Where a click lands (the centre of the first box, clipped to the viewport), scrolling
// the element into view first when that point is outside it.
function hitTarget(el) {
  function centre() {
    var r = el.getClientRects()[0];
    var left = Math.max(r.left, 0), right = Math.min(r.right, window.innerWidth);
    var top = Math.max(r.top, 0), bottom = Math.min(r.bottom, window.innerHeight);
    if (right <= left || bottom <= top) return null;
    return [(left + right) / 2, (top + bottom) / 2];
  }
  var point = centre();
  if (!point) {
    el.scrollIntoView({ block: "center", inline: "center", behavior: "instant" });
    point = centre();
  }
  if (!point) return { problem: "it is outside the window even after scrolling" };
  // Ask the element's own tree: in a shadow root, the document would answer the host.
  var root = el.getRootNode && el.getRootNode().elementFromPoint ? el.getRootNode() : document;
  var hit = root.elementFromPoint(point[0], point[1]);
  if (hit === el || (hit && el.contains(hit))) return { at: hit };
  if (hit && hit.tagName === "LABEL" && hit.control === el) return { at: hit };
  return { problem: "it is covered by " + (hit ? describe(hit) : "nothing that takes clicks") };
}

// fill() also sets what has a value but no text to type into (a slider, a colour).
var VALUE_INPUTS = ["range", "color"];

function editable(el, filling) {
  if (el.tagName === "TEXTAREA" || el.isContentEditable) return true;
  if (el.tagName !== "INPUT") return false;
  var type = (el.getAttribute("type") || "").toLowerCase();
  return TEXT_INPUTS.indexOf(type) >= 0 || (filling && VALUE_INPUTS.indexOf(type) >= 0);
}

// The action to use on a control that takes no text, for the sentence that refuses it.
function otherAction(el) {
  var type = el.tagName === "INPUT" ? (el.getAttribute("type") || "").toLowerCase() : "";
  if (type === "checkbox" || type === "radio") return "use set_checked() to tick or clear it";
  if (type === "file") return "use upload_file() to give it files";
  if (el.tagName === "SELECT") return "use select() to choose an option";
  if (type === "submit" || type === "button" || type === "reset" || type === "image" ||
      el.tagName === "BUTTON") return "use click()";
  return null;
}

// The element that takes an editor's text: the element itself when it is a field, a
// CodeMirror 5 instance's input, or the first contenteditable element, textarea or text
// input inside (CodeMirror 6, ProseMirror, Monaco's hidden textarea).
function editorOf(el) {
  if (editable(el, true)) return el;
  if (el.CodeMirror && typeof el.CodeMirror.getInputField === "function") return el.CodeMirror.getInputField();
  var inside = el.querySelectorAll('[contenteditable]:not([contenteditable="false"]), textarea, input');
  for (var i = 0; i < inside.length; i++) if (editable(inside[i], true)) return inside[i];
  return null;
}

function targetState() {
  if (!target) return { ok: true };
  if (target.notDocument && documentToken() === target.notDocument) {
    return { ok: false, problem: "the browser is still on the document of the last action " +
             "(no navigation has replaced it)", stillOld: true,
             matches: 0, shown: 0 };
  }
  var els;
  try { els = findAll(target.by, target.value); }
  catch (e) { return { ok: false, invalid: String((e && e.message) || e) }; }
  var need = target.need, shown = [];
  for (var i = 0; i < els.length; i++) if (displayed(els[i])) shown.push(els[i]);
  var out = { ok: false, matches: els.length, shown: shown.length };
  // Strictness: a query locator (role, label, text…) that matches several elements names
  // them all rather than acting on the first (no wait makes one of them go).
  if (target.strict && need !== "all" && els.length > 1) {
    out.ambiguous = els.slice(0, 5).map(function (e) { return E2E_QUERIES.describeMatch(e); });
    out.problem = els.length + " elements match";
    out.fatal = true;
    return out;
  }
  if (els.length) out.what = describe(need === "present" || !shown.length ? els[0] : shown[0]);
  if (need === "all") { out.ok = true; out.elements = els; return out; }
  if (!els.length) { out.problem = "no element matches"; return out; }
  var el = need === "present" ? els[0] : shown[0];
  if (!el) { out.problem = els.length + " match(es), none displayed"; return out; }
  if (need !== "present" && need !== "visible") {
    if (el.matches(":disabled") || el.getAttribute("aria-disabled") === "true") {
      out.problem = "it is disabled"; return out;
    }
  }
  var field = need === "fill" ? editorOf(el) : el;
  if (need === "edit" || need === "fill") {
    if (!field || !editable(field, need === "fill")) {
      var instead = otherAction(el);
      out.problem = "it is " + describe(el) + (instead ? ": " + instead :
        need === "fill" ? ", not a text field, and holds no contenteditable element or textarea"
          : ", not a text field");
      out.fatal = true;  // no wait makes it one
      return out;
    }
    if (field.readOnly || field.getAttribute("aria-readonly") === "true") {
      out.problem = "it is read-only"; return out;
    }
  }
  if (need === "click" || need === "edit" || need === "fill") {
    if (animating(el)) { out.problem = "it is still moving (animated)"; return out; }
    if (el.tagName !== "OPTION") {
      var hit = hitTarget(el);
      if (hit.problem) { out.problem = hit.problem; return out; }
      out.hit = hit.at;  // what is under the centre point: el, or a child of it
    }
  }
  out.ok = true;
  out.element = field;
  out.inEditor = field !== el;  // the editor's own field, inside the element named
  out.fileInput = field.tagName === "INPUT" && (field.type || "").toLowerCase() === "file";
  out.multiline = field.tagName === "TEXTAREA" || field.isContentEditable;
  return out;
}

// The page class's own readiness (ready_when): a thrown error counts as "not yet".
function appReady() {
  if (!app.readyWhen) return { ok: true };
  try { return { ok: !!__e2eAppReady() }; }
  catch (e) { return { ok: false, error: String((e && e.message) || e) }; }
}

// How long every document's DOM has gone unchanged (ms); the first look starts the clock.
function quietFor(docs) {
  var now = performance.now(), since = Infinity;
  for (var i = 0; i < docs.length; i++) {
    var win = docs[i].defaultView;
    if (!win) continue;
    if (!win.__e2eQuiet) {
      var q = win.__e2eQuiet = { last: now };
      new MutationObserver(function () { q.last = performance.now(); }).observe(
        docs[i].documentElement, { subtree: true, childList: true, attributes: true, characterData: true });
    }
    since = Math.min(since, now - win.__e2eQuiet.last);
  }
  return since;
}

// The browser's own error page in place of the document (a navigation it refused):
// Chromium's chrome-error://, Firefox's about:neterror, WebKit's blank page whose only
// content is the error's text.
function loadError() {
  var uri = document.documentURI || "", body = document.body;
  if (uri.indexOf("chrome-error://") === 0) {
    var code = body && /\b(net::)?ERR_[A-Z_0-9]+/.exec(body.innerText || "");
    return { kind: "chromium", code: code ? "net::" + code[0].replace(/^net::/, "") : null };
  }
  if (uri.indexOf("about:neterror") === 0 || uri.indexOf("about:certerror") === 0) {
    return { kind: "firefox", uri: uri };
  }
  if (!app.blankOk && location.href === "about:blank" && window.top === window && body &&
      body.children.length === 0 && (body.textContent || "").trim()) {
    return { kind: "webkit", text: body.textContent.trim().slice(0, 300) };
  }
  return null;
}

function state() {
  var failed = loadError();
  if (failed) return { loadError: failed, counts: [], ready: true, settled: false };
  var counts = [], shown = 0, docs = allDocuments();
  for (var i = 0; i < locators.length; i++) {
    var n = 0;
    try {
      for (var d = 0; d < docs.length; d++) {
        var els = findAll(locators[i][0], locators[i][1], docs[d]);
        for (var j = 0; j < els.length; j++) if (displayed(els[j])) n++;
      }
    } catch (e) { n = -1; }
    counts.push(n);
    shown += Math.max(n, 0);
  }
  var net = network(docs), own = appReady();
  var quiet = app.quietMs > 0 ? quietFor(docs) : Infinity;
  var s = {
    counts: counts,
    jquery: net.jquery,
    inflight: net.inflight,
    requests: net.requests,
    leftOut: net.leftOut,
    loading: net.loading,
    appReady: own.ok,
    appError: own.error || null,
    quietMs: quiet === Infinity ? null : Math.round(quiet),
    settled: shown === 0 && net.jquery === 0 && net.inflight === 0 && net.loading === 0 &&
      counts.indexOf(-1) < 0 && own.ok && quiet >= (app.quietMs || 0),
    readyState: document.readyState,
    blank: location.href === "about:blank",
    document: documentToken()
  };
  // The target is looked at only on a settled page: an overlay would cover it anyway.
  s.target = s.settled && target ? targetState() : null;
  s.ready = s.settled && (!target || s.target.ok || !!s.target.invalid || !!s.target.fatal);
  return s;
}

function readOf(found, what) {
  var el = found.element;
  if (what === "texts") {
    return found.elements.map(function (e) { return displayed(e) ? visibleText(e).trim() : ""; });
  }
  if (what === "value") {
    var editor = el.CodeMirror || (el.closest && el.closest(".CodeMirror") || {}).CodeMirror;
    if (editor && typeof editor.getValue === "function") return editor.getValue();
    // An editor named by its outer element (CodeMirror 6's .cm-editor): its field's text,
    // from CodeMirror 6's own document where it can be reached (innerText adds line ends).
    var field = "value" in el || el.isContentEditable ? el : (editorOf(el) || el);
    var cm6 = field.cmView || field.cmTile;
    var view = cm6 && (cm6.view || (cm6.rootView && cm6.rootView.view));
    if (view && view.state && view.state.doc) return view.state.doc.toString();
    return field.isContentEditable ? field.innerText : String(field.value == null ? "" : field.value);
  }
  if (what === "attribute") return el.getAttribute(target.attribute);
  if (what === "checked") return !!el.checked;
  if (what === "selected") {
    return Array.prototype.filter.call(el.options || [], function (o) { return o.selected; })
      .map(function (o) { return (o.label || o.text || "").trim(); });
  }
  if (what === "textContent") return (el.textContent || "").replace(/\s+/g, " ").trim();
  // What a user sees, as expect() reads it (WebKitWebDriver's own Get Element Text
  // answers "" for some displayed elements: Lumino's tab labels, JupyterLab's prompts):
  // innerText (a <pre>'s indentation kept), no-break spaces as spaces, the ends trimmed.
  if (what === "text") return visibleText(el).replace(/\u00a0/g, " ").trim();
  return null;
}

function prepared(s) {
  if (s.target && s.target.ok && target.read) s.target.read = readOf(s.target, target.read);
  var el = s.target && s.target.element;
  if (el && target.prepare === "focus" && el.ownerDocument.activeElement !== el) el.focus();
  if (el && target.prepare === "select" && s.target.inEditor) {
    el.focus();  // the editor selects its own text (gestures.select_all)
    s.target.hadValue = true;
  } else if (el && target.prepare === "select") {
    el.focus();
    s.target.hadValue = el.isContentEditable ? el.textContent !== "" : el.value !== "";
    if (typeof el.select === "function") el.select();
    else if (el.isContentEditable) {
      var range = document.createRange();
      range.selectNodeContents(el);
      var sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
    }
  }
  return s;
}

// When a wait saw the page ready, on the page's clock: for tests and benchmarks that
// measure how soon after an overlay goes a wait notices it.
function ready(s) { if (s.ready) window.__e2eReadyAt = performance.now(); return s; }

// A role query that found nothing, at the end of a check: the elements the user most
// likely meant (the role under other names, the name under other roles).
function hinted(s) {
  var t = s.target;
  if (t && !t.ok && t.matches === 0 && !t.stillOld && target && target.by === "e2e query") {
    var near = [];
    try { near = E2E_QUERIES.candidates(JSON.parse(target.value), [document], findAll); } catch (e) {}
    if (near.length) {
      t.problem += "; closest on the page: " + near.map(function (m) {
        return m.role + (m.name ? " " + JSON.stringify(m.name) : " (no name)");
      }).join(", ");
    }
  }
  return s;
}

var first = state();
if (first.ready || !(budget > 0)) { done(prepared(ready(first.ready ? first : hinted(first)))); return; }

var finished = false, observers = [], timer = null, poll = null, watched = allDocuments();
function nets() {
  return watched.map(function (d) { return d.defaultView && d.defaultView.__e2eNetwork; })
    .filter(function (n) { return n && n.listeners; });
}
function finish(result) {
  if (finished) return;
  finished = true;
  observers.forEach(function (o) { o.disconnect(); });
  clearTimeout(timer);
  clearInterval(poll);
  watched.forEach(function (d) {
    d.removeEventListener("transitionend", later, true);
    d.removeEventListener("animationend", later, true);
  });
  nets().forEach(function (n) { var at = n.listeners.indexOf(later); if (at >= 0) n.listeners.splice(at, 1); });
  jqueries().forEach(function (pair) { pair[0](pair[1]).off(".e2eSettle"); });
  done(prepared(ready(result)));
}
function check() { if (finished) return; var s = state(); if (s.ready) finish(s); }
// After the task that fired the event, so that callbacks of a finished request run first.
function later() { setTimeout(check, 0); }
watched.forEach(function (d) {
  var o = new MutationObserver(check);
  o.observe(d.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });
  observers.push(o);
  d.addEventListener("transitionend", later, true);
  d.addEventListener("animationend", later, true);
});
nets().forEach(function (n) { n.listeners.push(later); });
// jQuery's own end of a request: also for one started before this page was instrumented
// (the counter above only sees requests begun after the first check, except on local
// Chromium); jQuery lowers $.active right after its callbacks and then says ajaxStop.
function jqueries() {
  return watched.map(function (d) { var jq = d.defaultView && d.defaultView.jQuery; return [jq, d]; })
    .filter(function (pair) { return pair[0] && pair[0].fn && typeof pair[0].fn.on === "function"; });
}
jqueries().forEach(function (pair) { pair[0](pair[1]).on("ajaxStop.e2eSettle ajaxComplete.e2eSettle", later); });
// A safety net for what changes with no event at all (a style rule toggled elsewhere).
poll = setInterval(check, 50);
timer = setTimeout(function () { var s = state(); finish(s.ready ? s : hinted(s)); }, budget);
