  // -- DOM snapshots (inlined into the viewer's script by e2e/trace/file.py) -------------
  // A snapshot is rebuilt with DOM calls (never parsed as HTML) inside an <iframe
  // sandbox="allow-same-origin"> without allow-scripts, under a Content-Security-Policy
  // that allows no request: the recorded page's code never runs, nothing loads from the
  // network, and the viewer's own script can read the rebuilt page (to inspect it and to
  // run a locator in it). The data is treated as hostile whatever made it: scripts, event
  // handler attributes, javascript: URLs, <meta http-equiv>, <base> and resource URLs are
  // left out as it is rebuilt, and a transparent pane over the frame takes every click.
  var SNAPS = TRACE.snapshots || null;
  var CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; " +
            "form-action 'none'; base-uri 'none'";
  var NS = { svg: "http://www.w3.org/2000/svg", math: "http://www.w3.org/1998/Math/MathML" };
  var TAG = /^(?:(svg|math):)?([A-Za-z][A-Za-z0-9._-]*)$/;
  var ATTR = /^[^\s"'>\/=\u0000-\u001f]+$/;
  var DROP = { script: 1, noscript: 1 };
  var RESOURCE = { src: 1, srcset: 1, poster: 1, data: 1, background: 1, "xlink:href": 1, ping: 1 };
  var LINKS = { href: 1, action: 1, formaction: 1 };
  var KINDS = [["before", "Before"], ["action", "Action"], ["after", "After"]];
  var chosenKind = "after";

  function snapshotsOf(index) {
    if (!SNAPS) return [];
    var step = TRACE.steps[index], have = step.snapshots || {};
    return KINDS.filter(function (k) {
      var n = have[k[0]];
      return n !== undefined && SNAPS.list[n] && SNAPS.list[n].root !== null;
    }).map(function (k) { return { kind: k[0], label: k[1], snap: SNAPS.list[have[k[0]]] }; });
  }
  function inertCss(text) {
    return String(text).replace(/url\(\s*(['"]?)([^'")]*)\1\s*\)/gi, function (all, q, url) {
      return /^data:/i.test(url.trim()) ? all : "url(data:,)";
    }).replace(/@import[^;]*;?/gi, "");
  }
  function skeleton(compat) {
    return (compat === "BackCompat" ? "" : "<!DOCTYPE html>") +
      "<html><head><meta http-equiv=\"Content-Security-Policy\" content=\"" + CSP + "\"></head><body></body></html>";
  }
  // An <iframe> that shows the #document node `id`; `done(frame)` once it is rebuilt.
  function frameFor(id, done, marks, prefix) {
    var frame = document.createElement("iframe");
    var node = SNAPS.nodes[id];
    var attrs = pairs(node[1]);
    frame.setAttribute("sandbox", "allow-same-origin");
    frame.setAttribute("srcdoc", skeleton(attrs.compat));
    frame.setAttribute("tabindex", "-1");
    whenLoaded(frame, function () {
      var doc = frame.contentDocument;
      if (!doc) { done(frame); return; }
      var pending = { n: 1, fire: function () { if (--this.n === 0) finish(); } };
      var scrolls = [];
      var built = [];
      node[2].forEach(function (kid, i) {
        var made = build(doc, kid, prefix ? prefix + "." + i : String(i), marks, pending, scrolls);
        if (made && made.nodeType === 1 && made.localName === "html") built.push(made);
        else if (made && made.nodeType === 1 && built[0]) built[0].appendChild(made);
      });
      if (built[0]) {
        doc.replaceChild(built[0], doc.documentElement);
        var meta = doc.createElement("meta");  // the policy holds anyway; said again
        meta.setAttribute("http-equiv", "Content-Security-Policy");
        meta.setAttribute("content", CSP);
        (doc.head || built[0]).insertBefore(meta, (doc.head || built[0]).firstChild);
      }
      function finish() {
        scrolls.forEach(function (s) { s[0].scrollLeft = s[1]; s[0].scrollTop = s[2]; });
        if (attrs.__e2e_scroll) {
          var xy = attrs.__e2e_scroll.split(",");
          var root = doc.scrollingElement || doc.documentElement;
          root.scrollLeft = +xy[0]; root.scrollTop = +xy[1];
        }
        done(frame);
      }
      pending.fire();
    });
    return frame;
  }
  // Once `frame` shows its skeleton. Its load event, or a look every 20 ms: WebKit calls
  // no listener inside a frame without scripts, the load event of a frame in a frame too.
  function whenLoaded(frame, then) {
    var done = false, tries = 0;
    function ready() {
      if (done) return;
      var doc = null;
      try { doc = frame.contentDocument; } catch (e) { doc = null; }
      if (doc && doc.readyState === "complete" && doc.querySelector("meta[http-equiv]")) {
        done = true;
        then();
      } else if (++tries < 250) {
        setTimeout(ready, 20);
      }
    }
    frame.addEventListener("load", ready);
    setTimeout(ready, 20);
  }
  function pairs(list) {
    var out = {};
    for (var i = 0; i + 1 < list.length; i += 2) out[list[i]] = list[i + 1];
    return out;
  }
  function build(doc, id, path, marks, pending, scrolls) {
    var node = SNAPS.nodes[id];
    if (typeof node === "string") return doc.createTextNode(node);
    if (!node || !Array.isArray(node)) return null;
    var tag = node[0], m = TAG.exec(tag);
    if (tag === "#adopted") {
      var style = doc.createElement("style");
      style.textContent = node[2].map(function (k) { return inertCss(SNAPS.nodes[k]); }).join("\n");
      return style;
    }
    if (!m || DROP[m[2].toLowerCase()]) return null;
    var name = m[2].toLowerCase();
    var el = m[1] ? doc.createElementNS(NS[m[1]], m[2]) : doc.createElement(name);
    var attrs = node[1], link = name === "link", canvas = null;
    for (var i = 0; i + 1 < attrs.length; i += 2) {
      var a = attrs[i], v = attrs[i + 1], low = a.toLowerCase();
      if (!ATTR.test(a) || /^on/.test(low)) continue;
      if (low === "__e2e_scroll") { var xy = v.split(","); scrolls.push([el, +xy[0], +xy[1]]); continue; }
      if (low === "__e2e_canvas") { canvas = v; continue; }
      if (low.indexOf("__e2e_") === 0) continue;
      if (low === "http-equiv" || (name === "base" && low === "href") || low === "srcdoc") continue;
      if (name === "iframe" || name === "frame" || name === "object" || name === "embed") {
        if (low === "src" || low === "data" || low === "sandbox") continue;
      }
      if (link && (low === "rel" || low === "href")) { a = "data-e2e-" + low; }
      else if (RESOURCE[low] && !/^\s*data:/i.test(v)) { a = "data-e2e-" + low.replace(":", "-"); }
      if (LINKS[low] && /^\s*javascript:/i.test(v)) v = "";
      if (low === "style" && /url\(/i.test(v)) v = inertCss(v);
      try { el.setAttribute(a, v); } catch (e) { /* a name the DOM refuses */ }
    }
    if (marks.path === path) marks.element = el;
    var kids = node[2], start = 0;
    if (kids.length && Array.isArray(SNAPS.nodes[kids[0]]) && SNAPS.nodes[kids[0]][0] === "#shadow") {
      var shadow = null;
      try { shadow = el.attachShadow({ mode: "open" }); } catch (e) { shadow = null; }
      if (shadow) {
        SNAPS.nodes[kids[0]][2].forEach(function (k, j) {
          var made = build(doc, k, path + ".0." + j, marks, pending, scrolls);
          if (made) shadow.appendChild(made);
        });
      }
      start = 1;
    }
    if (name === "iframe" || name === "frame") {
      el = name === "frame" ? doc.createElement("iframe") : el;
      el.setAttribute("sandbox", "allow-same-origin");
      var inner = kids[0];
      if (inner !== undefined && Array.isArray(SNAPS.nodes[inner]) && SNAPS.nodes[inner][0] === "#document") {
        pending.n++;
        var made = frameFor(inner, function () { pending.fire(); }, marks, path + ".0");
        made.setAttribute("style", el.getAttribute("style") || "");
        Array.prototype.forEach.call(el.attributes, function (at) {
          if (at.name !== "srcdoc" && at.name !== "sandbox") made.setAttribute(at.name, at.value);
        });
        marks.frames.push([made, path + ".0"]);
        if (marks.path === path) marks.element = made;
        return made;
      }
      el.setAttribute("srcdoc", skeleton("CSS1Compat"));
      return el;
    }
    if (canvas && name === "canvas" && /^data:image\//i.test(canvas)) {
      var image = new Image();  // drawn before the snapshot counts as shown
      pending.n++;
      image.onload = function () {
        try { el.getContext("2d").drawImage(image, 0, 0); } catch (e) { /* none */ }
        pending.fire();
      };
      image.onerror = function () { pending.fire(); };
      image.src = canvas;
    }
    var host = name === "template" ? el.content : el;
    for (var k = start; k < kids.length; k++) {
      var child = build(doc, kids[k], path + "." + k, marks, pending, scrolls);
      if (!child) continue;
      if (name === "style" && child.nodeType === 3) child.data = inertCss(child.data);
      host.appendChild(child);
    }
    if (link && kids.length) {  // a stylesheet's rules, beside its <link>
      var sheet = doc.createElement("style");
      sheet.setAttribute("data-e2e-sheet", el.getAttribute("data-e2e-href") || "");
      sheet.textContent = kids.map(function (k) { return inertCss(SNAPS.nodes[k]); }).join("\n");
      var wrap = doc.createDocumentFragment();
      wrap.appendChild(el);
      wrap.appendChild(sheet);
      return wrap;
    }
    return el;
  }

  // -- the view: tabs, the frame under a pane, the inspector and the locator tools -------
  function snapshotView(step, snaps) {
    var kind = snaps.some(function (s) { return s.kind === chosenKind; }) ? chosenKind : snaps[snaps.length - 1].kind;
    var tabs = el("div", { "class": "tabs", role: "tablist", "aria-label": "DOM snapshots" });
    var stage = el("div", { "class": "stage", id: "stage" });
    var glass = el("div", { "class": "glass", id: "glass", title: "Click an element to inspect it" });
    var input = el("input", { id: "try", type: "text", spellcheck: "false", "aria-label": "Try a locator",
      placeholder: "Try a locator: Locator.role(\"button\", name=\"Save\")" });
    var count = el("span", { id: "try-count", "aria-live": "polite" });
    var inspector = el("div", { id: "inspector" }, [el("p", { "class": "empty", text: "Click an element in the snapshot to inspect it and pick a locator for it." })]);
    var view = { frame: null, doc: null, scale: 1, snap: null, kind: kind, marks: null, matches: [], picked: null };
    var caption = el("figcaption", { id: "snapshot-caption" });
    var wrap = el("figure", { id: "snapshot" }, [
      caption, tabs, stage,
      el("div", { "class": "tools" }, [input, count]), inspector
    ]);
    snaps.forEach(function (s) {
      var button = el("button", { type: "button", role: "tab", "data-kind": s.kind, text: s.label,
        "aria-selected": String(s.kind === kind) });
      button.addEventListener("click", function () { chosenKind = s.kind; open(s); });
      tabs.appendChild(button);
    });
    function open(s) {
      view.kind = s.kind;
      view.snap = s.snap;
      Array.prototype.forEach.call(tabs.children, function (b) { b.setAttribute("aria-selected", String(b.getAttribute("data-kind") === s.kind)); });
      var width = s.snap.viewport[0] || 1280, height = s.snap.viewport[1] || 800;
      var room = Math.max(200, (stage.clientWidth || wrap.clientWidth || 640) - 2);
      view.scale = Math.min(1, room / width);
      stage.style.height = Math.round(height * view.scale) + "px";
      var target = s.snap.target;
      view.marks = { path: target && target.path ? target.path.join(".") : null, element: null, frames: [] };
      view.doc = null;
      wrap.setAttribute("data-ready", "false");
      var frame = frameFor(s.snap.root, function () {
        if (frame !== view.frame) return;
        view.doc = frame.contentDocument;
        wrap.setAttribute("data-ready", "true");
        draw();
        run();
      }, view.marks);
      frame.style.width = width + "px";
      frame.style.height = height + "px";
      frame.style.transform = "scale(" + view.scale + ")";
      frame.setAttribute("title", s.label + " snapshot of the page");
      view.frame = frame;
      stage.replaceChildren(frame, glass);
      caption.textContent =
        s.label + ": " + (s.kind === "before" ? "the page as the step started" : s.kind === "action"
          ? "the page as the step acted on its element" + (target && target.covered ? " (covered by " + target.covered + ")" : "")
          : step.error ? "the page at the failure" : "the page as the step ended") + " — " + s.snap.url;
    }
    // Where an element of the rebuilt page is, in the pane's pixels.
    function boxOf(node) {
      var r = node.getBoundingClientRect(), x = r.left, y = r.top;
      var win = node.ownerDocument.defaultView, frame;
      while (win && (frame = win.frameElement) && frame !== view.frame) {
        var fr = frame.getBoundingClientRect();
        x += fr.left + frame.clientLeft; y += fr.top + frame.clientTop;
        win = frame.ownerDocument.defaultView;
      }
      return { x: x * view.scale, y: y * view.scale, w: r.width * view.scale, h: r.height * view.scale, r: r };
    }
    function mark(node, cls) {
      var b = boxOf(node);
      var div = el("div", { "class": "box " + cls });
      div.style.left = b.x + "px"; div.style.top = b.y + "px";
      div.style.width = Math.max(2, b.w) + "px"; div.style.height = Math.max(2, b.h) + "px";
      glass.appendChild(div);
      return b;
    }
    function draw(hover) {
      glass.replaceChildren();
      if (!view.doc) return;
      view.matches.forEach(function (m) { mark(m, "match"); });
      if (view.marks.element && view.kind === "action") {
        var b = mark(view.marks.element, "target");
        if (/^(click|double click|right click|check|uncheck)/.test(step.name)) {
          var dot = el("div", { "class": "dot", id: "click-point" });
          dot.style.left = (b.x + b.w / 2) + "px"; dot.style.top = (b.y + b.h / 2) + "px";
          glass.appendChild(dot);
        }
      }
      if (view.picked) mark(view.picked, "picked");
      if (hover) mark(hover, "hover");
    }
    // The element under a point of the pane: into open shadow roots and frames.
    function hit(x, y) {
      var doc = view.doc, found = null;
      x /= view.scale; y /= view.scale;
      while (doc) {
        var here = doc.elementFromPoint(x, y);
        while (here && here.shadowRoot) {
          var inner = here.shadowRoot.elementFromPoint(x, y);
          if (!inner || inner === here) break;
          here = inner;
        }
        if (!here) break;
        found = here;
        if (here.localName === "iframe" && here.contentDocument) {
          var r = here.getBoundingClientRect();
          x -= r.left + here.clientLeft; y -= r.top + here.clientTop;
          doc = here.contentDocument;
        } else doc = null;
      }
      return found;
    }
    glass.addEventListener("mousemove", function (e) {
      var r = glass.getBoundingClientRect();
      draw(hit(e.clientX - r.left, e.clientY - r.top));
    });
    glass.addEventListener("mouseleave", function () { draw(); });
    glass.addEventListener("wheel", function (e) {
      if (!view.doc) return;
      var root = view.doc.scrollingElement || view.doc.documentElement;
      root.scrollTop += e.deltaY / view.scale; root.scrollLeft += e.deltaX / view.scale;
      e.preventDefault();
      draw();
    }, { passive: false });
    glass.addEventListener("click", function (e) {
      var r = glass.getBoundingClientRect();
      var found = hit(e.clientX - r.left, e.clientY - r.top);
      if (found) inspect(found);
    });
    function inspect(node) {
      view.picked = node;
      draw();
      var b = boxOf(node).r;
      var at = node.getBoundingClientRect(), cx = at.left + at.width / 2, cy = at.top + at.height / 2;
      var top = node.ownerDocument.elementFromPoint(cx, cy);
      var covered = top && top !== node && !node.contains(top) ? describe(top) : "";
      var rows = Array.prototype.map.call(node.attributes, function (a) { return { cells: [a.name, a.value] }; });
      var choice = null, problem = "";
      try { choice = E2E_QUERIES.choose(node); } catch (err) { problem = String(err && err.message || err); }
      var parts = [
        el("div", {}, [el("strong", { text: "<" + node.localName + ">" }), document.createTextNode(" " + describe(node))]),
        el("div", { text: "box: x " + Math.round(b.left) + ", y " + Math.round(b.top) + ", " +
          Math.round(b.width) + " × " + Math.round(b.height) + " px" }),
        el("div", { id: "covered", text: covered ? "covered at its centre by " + covered : "nothing covers its centre" }),
      ];
      var target = view.snap.target;
      if (node === view.marks.element && target && target.covered) {
        parts.push(el("div", { text: "when the step acted, covered by " + target.covered }));
      }
      parts.push(el("div", { text: "text: " + (E2E_QUERIES.norm(node.textContent).slice(0, 300) || "(none)") }));
      parts.push(table(["attribute", "value"], rows));
      parts.push(el("div", { text: "Pick a locator: the line this project would write for it" +
        (choice && choice.positional ? " (positional: the element has nothing steadier to go by)" : "") +
        (choice && choice.hidden ? " (hidden)" : "") }));
      parts.push(el("code", { id: "picked-locator", text: choice ? choice.python : "no locator: " + problem }));
      inspector.replaceChildren.apply(inspector, parts);
    }
    function describe(node) {
      var out = node.localName;
      if (node.id) out += "#" + node.id;
      var cls = node.getAttribute && node.getAttribute("class");
      if (cls && cls.trim()) out += "." + cls.trim().split(/\s+/).join(".");
      return out;
    }
    // "Try a locator": the library's own matching (the query engine and WebDriver's
    // strategies as the page scripts run them) over the rebuilt page.
    function run() {
      var text = input.value.trim();
      view.matches = [];
      if (!text) { count.textContent = ""; draw(); return; }
      if (!view.doc) return;
      try {
        var node = E2E_LOCATOR_TEXT.locatorNode(text);
        view.matches = E2E_QUERIES.query(node, [view.doc], findAll);
        count.textContent = view.matches.length + (view.matches.length === 1 ? " element matches" : " elements match");
        count.className = view.matches.length ? "" : "SEVERE";
      } catch (err) {
        count.textContent = String(err && err.message || err);
        count.className = "SEVERE";
      }
      draw();
    }
    input.addEventListener("input", run);
    view.run = run;
    wrap.e2eView = view;
    setTimeout(function () { open(snaps.filter(function (s) { return s.kind === kind; })[0]); }, 0);
    return wrap;
  }
