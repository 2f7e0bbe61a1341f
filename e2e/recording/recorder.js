// The recorder in the page (e2e codegen, e2e.Recorder): installed in every document before
// the page's own scripts, by e2e/recording/channel.py, as
//     (function (send, options) { ... })(send, options)
// with the query engine (E2E_QUERIES, whose choose() picks each element's locator) defined
// before it. `send(text)` hands one JSON event to Python (a DevTools binding or a BiDi
// channel). Nothing here waits or sleeps: it only says what the person (or WebDriver, whose
// actions arrive as trusted events) did.
//
// Events: {type: "page", url, title, navigation}
//         {type: "click"|"dblclick"|"rightclick"|"check"|"uncheck", target}
//         {type: "fill", target, value | secret: true}     one per input event; Python
//                                                         keeps the last of a run
//         {type: "select", target, values}  {type: "upload", target, files}
//         {type: "press", target, key}      {type: "drag", target, to}
//         {type: "assert", mode, target, text?, value?, count?}
//         {type: "save"}
// `target` is choose(el) with `known`: the ids of the suite's existing locators that find
// exactly this element (options.known: [{id, node}]).
(function (send, options) {
  if (window.__e2eRecorder) return;
  window.__e2eRecorder = true;
  const Q = E2E_QUERIES;
  const STATE_KEY = "__e2e_recorder";
  const state = (() => {
    try { return JSON.parse(sessionStorage.getItem(STATE_KEY)) || { on: true, mode: "" }; }
    catch (e) { return { on: true, mode: "" }; }
  })();
  function keep() { try { sessionStorage.setItem(STATE_KEY, JSON.stringify(state)); } catch (e) { /* opaque origin */ } }
  const top = window.top === window;
  let toolbarHost = null;

  function emit(event) {
    event.top = top;  // actions in frames are not written yet (docs/recording.md)
    try { send(JSON.stringify(event)); } catch (e) { /* the channel is gone: recording stopped */ }
  }

  function known(el) {
    const out = [];
    for (const k of options.known || []) {
      try {
        const found = Q.query(k.node, [el.ownerDocument], Q.findAllBy);
        if (found.length === 1 && found[0] === el) out.push(k.id);
      } catch (e) { /* a locator that does not parse here */ }
    }
    return out;
  }

  function target(el) {
    const choice = Q.choose(el);
    choice.known = known(el);
    choice.tag = el.localName;
    choice.type = (el.getAttribute("type") || "").toLowerCase();
    choice.role = Q.roleOf(el) || "";
    choice.submits = el.type === "submit" || (el.localName === "button" && !el.getAttribute("type") && !!el.form);
    choice.link = !!(el.closest && el.closest("a[href]"));
    choice.container = "";
    const ancestor = el.closest && el.closest("dialog, [role=dialog], form, nav, header");
    if (ancestor) choice.container = ancestor.localName === "nav" || ancestor.localName === "header" ? "navigation" : (ancestor.localName === "form" ? "form" : "dialog");
    return choice;
  }

  function ours(event) {
    return toolbarHost && event.composedPath && event.composedPath().includes(toolbarHost);
  }

  // The element a person meant: a click on the icon inside a button is the button's.
  const ACTIONABLE = "button, a[href], input, select, textarea, label, summary, [role=button], [role=link], [role=checkbox], [role=radio], [role=tab], [role=menuitem], [role=option], [role=switch], [contenteditable=''], [contenteditable=true]";
  function actionable(el) {
    if (!el || el.nodeType !== 1) return null;
    return (el.closest && el.closest(ACTIONABLE)) || el;
  }

  function secret(el) {
    if ((el.type || "").toLowerCase() === "password" || el.hasAttribute("data-e2e-secret")) return true;
    if ((options.secrets || []).includes(el.name || el.id || "")) return true;
    return (state.secrets || []).length > 0 && state.secrets.includes(Q.choose(el).python);
  }

  function textField(el) {
    return el.localName === "textarea" || el.isContentEditable ||
      (el.localName === "input" && !["checkbox", "radio", "file", "submit", "button", "reset", "image", "range", "color"].includes((el.type || "").toLowerCase()));
  }

  function assertion(el) {
    const t = target(el);
    const event = { type: "assert", mode: state.mode, target: t };
    if (state.mode === "text") event.text = Q.norm(el.innerText || el.textContent);
    if (state.mode === "value") event.value = el.value;
    if (state.mode === "count") {
      // How many elements the same locator, without .within(), finds: a list's rows.
      event.count = Q.query(t.node, [el.ownerDocument], Q.findAllBy).length;
    }
    emit(event);
  }

  addEventListener("click", (event) => {
    if (ours(event)) return;
    const el = actionable(event.composedPath ? event.composedPath()[0] : event.target);
    if (!el) return;
    if (state.mode === "pick") {
      event.preventDefault(); event.stopImmediatePropagation();
      const choice = Q.choose(el);
      if (navigator.clipboard) navigator.clipboard.writeText(choice.python).catch(() => {});
      showPicked(choice.python);
      return;
    }
    if (state.mode === "secret") {
      // "Mark secret": what is typed in this field is never sent; the test reads it from
      // the environment.
      event.preventDefault(); event.stopImmediatePropagation();
      const field = el.localName === "label" && el.control ? el.control : el;
      state.secrets = (state.secrets || []).concat([Q.choose(field).python]);
      field.setAttribute("data-e2e-secret", "");
      state.mode = ""; keep(); paint();
      return;
    }
    if (state.mode && state.mode !== "pick") {
      event.preventDefault(); event.stopImmediatePropagation();
      if (state.on) assertion(el);
      state.mode = ""; keep(); paint();
      return;
    }
    if (!state.on || event.button !== 0) return;
    const input = el.localName === "label" && el.control ? el.control : el;
    const type = (input.type || "").toLowerCase();
    if (input.localName === "input" && (type === "checkbox" || type === "radio")) {
      // After the click the box has its new state; a label's click reaches the box too.
      if (el.localName === "label") return;
      emit({ type: input.checked ? "check" : "uncheck", target: target(input) });
      return;
    }
    if (input.localName === "input" && type === "file") return;  // recorded as the upload
    if (textField(input) || el.localName === "select" || el.localName === "option") return;
    emit({ type: event.detail === 2 ? "dblclick-second" : "click", target: target(el) });
  }, true);

  addEventListener("dblclick", (event) => {
    if (ours(event) || !state.on || state.mode) return;
    const el = actionable(event.target);
    if (el) emit({ type: "dblclick", target: target(el) });
  }, true);

  addEventListener("contextmenu", (event) => {
    if (ours(event) || !state.on || state.mode) return;
    const el = actionable(event.target);
    if (el) emit({ type: "rightclick", target: target(el) });
  }, true);

  addEventListener("input", (event) => {
    if (ours(event) || !state.on) return;
    const el = event.composedPath ? event.composedPath()[0] : event.target;
    if (!el || !textField(el)) return;
    if (secret(el)) emit({ type: "fill", target: target(el), secret: true });
    else emit({ type: "fill", target: target(el), value: el.isContentEditable ? el.innerText : el.value });
  }, true);

  addEventListener("change", (event) => {
    if (ours(event) || !state.on) return;
    const el = event.composedPath ? event.composedPath()[0] : event.target;
    if (!el) return;
    if (el.localName === "select") {
      const values = Array.from(el.selectedOptions).map((o) => Q.norm(o.label || o.textContent));
      emit({ type: "select", target: target(el), values });
    } else if (el.localName === "input" && (el.type || "").toLowerCase() === "file") {
      const files = Array.from(el.files || []).map((f) => f.name);
      // Dropzone.js keeps its input outside the zone, at the end of <body>: the zone is
      // what a person aims at, and what the page object hands to add_dropzone_attachment.
      const zones = (window.Dropzone && window.Dropzone.instances) || [];
      const zone = zones.find((z) => z.hiddenFileInput === el);
      if (zone) emit({ type: "upload", target: Object.assign(target(zone.element), { dropzone: true }), files });
      else emit({ type: "upload", target: target(el), files });
    }
  }, true);

  const KEYS = new Set(["Enter", "Escape", "Tab", "ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "PageUp", "PageDown", "Home", "End", "Delete", "Backspace", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9", "F10", "F11", "F12"]);
  addEventListener("keydown", (event) => {
    if (ours(event) || !state.on || state.mode) return;
    const el = event.composedPath ? event.composedPath()[0] : event.target;
    const chord = event.ctrlKey || event.metaKey || event.altKey;
    const editing = el && el.nodeType === 1 && textField(el);
    if (!chord && !KEYS.has(event.key)) return;
    if (editing && !chord && ["Backspace", "Delete", "ArrowLeft", "ArrowRight", "Home", "End", "Tab"].includes(event.key)) return;
    // Enter in a textarea (or an editable element) is a line of the text, not a key press.
    if (editing && !chord && (event.key === "Enter" || event.key.startsWith("Arrow")) && el.localName !== "input") return;
    if (["Control", "Meta", "Alt", "Shift"].includes(event.key)) return;
    const parts = [];
    if (event.ctrlKey) parts.push("Control");
    if (event.metaKey) parts.push("Meta");
    if (event.altKey) parts.push("Alt");
    if (event.shiftKey && chord) parts.push("Shift");
    parts.push(event.key.length === 1 ? event.key.toUpperCase() : event.key);
    const on = el && el.nodeType === 1 && el !== document.body && el !== document.documentElement ? target(el) : null;
    emit({ type: "press", target: on, key: parts.join("+") });
  }, true);

  // "Pick a locator": hovering shows the locator the recorder would write.
  let outlined = null;
  addEventListener("mouseover", (event) => {
    if (state.mode !== "pick" || ours(event)) return;
    const el = actionable(event.composedPath ? event.composedPath()[0] : event.target);
    if (!el || el === outlined) return;
    if (outlined) outlined.style.outline = outlined.dataset.e2eOutline || "";
    outlined = el;
    el.dataset.e2eOutline = el.style.outline;
    el.style.outline = "2px solid #fc0";
    if (picked) picked.textContent = Q.choose(el).python;
  }, true);

  let dragged = null;
  addEventListener("dragstart", (event) => { if (state.on && !ours(event)) dragged = actionable(event.target); }, true);
  addEventListener("drop", (event) => {
    if (!state.on || !dragged || ours(event)) return;
    const onto = event.target.nodeType === 1 ? event.target : event.target.parentElement;
    emit({ type: "drag", target: target(dragged), to: target(onto) });
    dragged = null;
  }, true);

  // -- the toolbar (top document only): record/pause, assert modes, pick, save ----------
  let bar = null;
  let picked = null;
  function button(label, title, onclick) {
    const b = document.createElement("button");
    b.textContent = label; b.title = title; b.type = "button";
    b.addEventListener("click", (e) => {
      e.preventDefault(); e.stopPropagation();
      if (outlined) { outlined.style.outline = outlined.dataset.e2eOutline || ""; outlined = null; }
      onclick(); paint();
    });
    return b;
  }
  function paint() {
    if (!bar) return;
    for (const b of bar.querySelectorAll("button[data-mode]")) b.setAttribute("aria-pressed", String(state.mode === b.dataset.mode));
    const rec = bar.querySelector("#e2e-record");
    rec.textContent = state.on ? "Pause" : "Record";
    rec.setAttribute("aria-pressed", String(state.on));
  }
  function showPicked(text) {
    if (picked) picked.textContent = text;
    emit({ type: "picked", python: text });
  }
  function toolbar() {
    if (!top || toolbarHost || !document.body) return;
    toolbarHost = document.createElement("e2e-recorder");
    toolbarHost.style.cssText = "position:fixed;top:4px;right:4px;z-index:2147483647;";
    const root = toolbarHost.attachShadow({ mode: "open" });
    root.innerHTML = "<style>div{font:12px sans-serif;background:#222;color:#fff;padding:4px;border-radius:4px;display:flex;gap:4px;align-items:center;opacity:.9}button{font:inherit}button[aria-pressed=true]{background:#fc0}output{max-width:28em;overflow:hidden;white-space:nowrap;text-overflow:ellipsis}</style>";
    bar = document.createElement("div");
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "e2e recorder");
    const rec = button("Pause", "Record or pause", () => { state.on = !state.on; state.mode = ""; keep(); });
    rec.id = "e2e-record";
    bar.append(rec);
    for (const [mode, label] of [["visible", "Assert visible"], ["text", "Assert text"], ["value", "Assert value"], ["count", "Assert count"], ["pick", "Pick locator"], ["secret", "Mark secret"]]) {
      const b = button(label, label, () => { state.mode = state.mode === mode ? "" : mode; keep(); });
      b.dataset.mode = mode;
      bar.append(b);
    }
    bar.append(button("Save", "Write the page objects and the test", () => emit({ type: "save" })));
    picked = document.createElement("output");
    bar.append(picked);
    root.append(bar);
    document.documentElement.append(toolbarHost);
    paint();
  }

  // Python's "anything still on its way?": answered after every event sent before it.
  addEventListener("e2e-recorder-flush", (event) => emit({ type: "flush", id: String(event.detail) }));

  // The links and buttons of the page's navigation and header: what a component shared
  // by every page is made of (the writer keeps those present on every page after it).
  function landmarks() {
    const items = [];
    const shared = "nav a[href], nav button, header a[href], header button, [role=navigation] a[href], [role=navigation] button, [role=banner] a[href], [role=banner] button";
    for (const el of document.querySelectorAll(shared)) {
      if (items.length >= 40) break;
      if (toolbarHost && toolbarHost.contains(el)) continue;
      try { items.push(Q.choose(el).python); } catch (e) { /* an element the chooser cannot name */ }
    }
    return items;
  }

  function announce() {
    const entry = performance.getEntriesByType && performance.getEntriesByType("navigation")[0];
    emit({ type: "page", url: location.href, title: document.title, top, referrer: document.referrer, navigation: entry ? entry.type : "navigate", landmarks: top ? landmarks() : [] });
    toolbar();
  }
  if (document.readyState === "loading") addEventListener("DOMContentLoaded", announce, { once: true });
  else announce();
})
