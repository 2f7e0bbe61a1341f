// A DOM snapshot of the page, for a trace's step: the document as data the viewer can
// rebuild (e2e/trace/snapshots.py stores it, _trace_viewer.html renders it).
//
// arguments: token (the trace's: state kept in the page is the trace's own), seq (the
// number this snapshot gets), target (the element the step acts on, or null).
//
// A node is a string (a text node) or [tag, attrs, kids]: attrs a flat [name, value, ...]
// list, kids a list of nodes. Special tags: "#document" (a document: the top one, or a
// same-origin frame's, as the <iframe>'s only kid), "#shadow" (an open shadow root, the
// host's first kid), "#adopted" (adopted stylesheets). A stylesheet's text is
// {sheet: key, text} the first time this document sends it and {sheet: key} after.
// "svg:" and "math:" prefix the tags of those namespaces.
//
// Kept: form fields' current values (never a password field's), checked and selected
// states, element scroll offsets (__e2e_scroll="x,y"), <canvas> pixels (__e2e_canvas, a
// data: URL), linked, <style> and adopted stylesheets inlined with their url()s made
// absolute. Left out: scripts, <noscript>, comments, event handler attributes and
// javascript: URLs. When the page has not changed since this trace's last snapshot of it
// (the trace's change counter, changes.js, and scrolling), the answer is {same: seq}.
(function (token, seq, target) {
  /*__CHANGES__*/
  var w = window, top = w;
  try { while (top.parent !== top && top.parent.document) top = top.parent; } catch (e) { top = w; }
  var doc = top.document;
  var changes = e2eChanges(top);
  var state = top.__e2eSnap;
  if (!state || state.token !== token) {
    state = top.__e2eSnap = { token: token, sent: {}, ids: new WeakMap(), next: 1, last: null };
  }
  var SKIP = { SCRIPT: 1, NOSCRIPT: 1 };
  var URL_ATTRS = { href: 1, src: 1, action: 1, formaction: 1, "xlink:href": 1, data: 1 };
  var SVG = "http://www.w3.org/2000/svg", MATH = "http://www.w3.org/1998/Math/MathML";

  function kept(node) {
    if (node.nodeType === 3) return true;
    return node.nodeType === 1 && !SKIP[node.tagName];
  }
  // The path of child indices from the document to the target, as the tree numbers kids.
  function pathTo(el) {
    var path = [];
    var node = el;
    while (node && node !== doc) {
      var parent = node.parentNode, index = 0, i;
      if (parent && parent.nodeType === 11 && parent.host) {  // in a shadow root
        index = parent.adoptedStyleSheets && parent.adoptedStyleSheets.length ? 1 : 0;
        for (i = 0; i < parent.childNodes.length && parent.childNodes[i] !== node; i++) {
          if (kept(parent.childNodes[i])) index++;
        }
        path.unshift(index);
        path.unshift(0);  // the #shadow kid
        node = parent.host;
        continue;
      }
      if (!parent) {  // a frame's document: its <iframe> in the parent document
        var view = node.defaultView, frame = null;
        try { frame = view && view.frameElement; } catch (e) { frame = null; }
        if (!frame) return null;
        path.unshift(0);
        node = frame;
        continue;
      }
      if (parent.nodeType === 9) { path.unshift(0); node = parent; continue; }
      index = parent.shadowRoot ? 1 : 0;
      for (i = 0; i < parent.childNodes.length && parent.childNodes[i] !== node; i++) {
        if (kept(parent.childNodes[i])) index++;
      }
      path.unshift(index);
      node = parent;
    }
    return node === doc ? path : null;
  }
  function absolute(css, base) {
    return css.replace(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g, function (all, quote, url) {
      if (/^(data|blob):/i.test(url) || url.charAt(0) === "#") return all;
      try { return "url(" + JSON.stringify(new URL(url, base).href) + ")"; } catch (e) { return all; }
    });
  }
  function idOf(thing) {
    var id = state.ids.get(thing);
    if (!id) { id = state.next++; state.ids.set(thing, id); }
    return id;
  }
  function sheetText(sheet) {
    var rules;
    try { rules = sheet.cssRules; } catch (e) { return null; }  // another origin's
    var out = [];
    for (var i = 0; i < rules.length; i++) out.push(rules[i].cssText);
    return out.join("\n");
  }
  // A stylesheet, sent once a document: key by the owner (or sheet) and its size.
  function sheetRef(owner, sheet, text, base) {
    var rules = 0;
    try { rules = sheet ? sheet.cssRules.length : 0; } catch (e) { rules = -1; }
    if (text === null && sheet) text = sheetText(sheet);
    if (text === null) return { sheet: "x" + idOf(owner), text: "" };
    var key = idOf(owner) + ":" + rules + ":" + text.length;
    if (state.sent[key]) return { sheet: key };
    state.sent[key] = 1;
    return { sheet: key, text: absolute(text, base) };
  }
  function adopted(root, base) {
    var sheets = root.adoptedStyleSheets;
    if (!sheets || !sheets.length) return null;
    var kids = [];
    for (var i = 0; i < sheets.length; i++) kids.push(sheetRef(sheets[i], sheets[i], null, base));
    return ["#adopted", [], kids];
  }
  function element(el) {
    var tag = el.localName, ns = el.namespaceURI;
    if (ns === SVG) tag = "svg:" + tag; else if (ns === MATH) tag = "math:" + tag;
    var attrs = [], kids = [], i, a, name, value;
    var upper = el.tagName;
    for (i = 0; i < el.attributes.length; i++) {
      a = el.attributes[i];
      name = a.name;
      value = a.value;
      if (/^on/i.test(name)) continue;
      if (URL_ATTRS[name.toLowerCase()] && /^\s*javascript:/i.test(value)) value = "";
      if (upper === "INPUT" && name === "value") continue;
      if ((upper === "INPUT" && name === "checked") || (upper === "OPTION" && name === "selected")) continue;
      attrs.push(name, value);
    }
    if (upper === "INPUT") {
      var type = (el.type || "").toLowerCase();
      if (type === "checkbox" || type === "radio") {
        if (el.checked) attrs.push("checked", "");
        if (el.hasAttribute("value")) attrs.push("value", el.getAttribute("value"));
      } else if (type !== "password" && type !== "file" && el.value) {
        attrs.push("value", el.value);
      }
    } else if (upper === "OPTION") {
      if (el.selected) attrs.push("selected", "");
    } else if (upper === "CANVAS") {
      try { attrs.push("__e2e_canvas", el.toDataURL()); } catch (e) { /* a tainted canvas */ }
    }
    if (el.scrollTop || el.scrollLeft) attrs.push("__e2e_scroll", el.scrollLeft + "," + el.scrollTop);
    if (el.shadowRoot) {
      var shadow = [], extra = adopted(el.shadowRoot, el.ownerDocument.baseURI);
      if (extra) shadow.push(extra);
      children(el.shadowRoot, shadow);
      kids.push(["#shadow", ["mode", el.shadowRoot.mode], shadow]);
    }
    if (upper === "TEXTAREA") {
      kids.push(el.value);
    } else if (upper === "STYLE") {
      var text = el.textContent;
      kids.push(sheetRef(el, el.sheet, text || null, el.ownerDocument.baseURI));
    } else if (upper === "LINK" && el.sheet) {
      kids.push(sheetRef(el, el.sheet, null, el.sheet.href || el.ownerDocument.baseURI));
    } else if (upper === "IFRAME" || upper === "FRAME") {
      var inner = null;
      try { inner = el.contentDocument; } catch (e) { inner = null; }
      if (inner && inner.documentElement) kids.push(documentNode(inner));
      else attrs.push("__e2e_frame", "another origin");
    } else if (upper !== "TEMPLATE") {
      children(el, kids);
    }
    return [tag, attrs, kids];
  }
  function children(parent, out) {
    for (var node = parent.firstChild; node; node = node.nextSibling) {
      if (node.nodeType === 3) out.push(node.data);
      else if (node.nodeType === 1 && !SKIP[node.tagName]) out.push(element(node));
    }
  }
  function documentNode(d) {
    var kids = [], extra = adopted(d, d.baseURI);
    var attrs = ["compat", d.compatMode];
    if (d.documentElement) kids.push(element(d.documentElement));
    if (extra) kids.push(extra);
    var view = d.defaultView;
    if (view && (view.scrollX || view.scrollY)) attrs.push("__e2e_scroll", view.scrollX + "," + view.scrollY);
    return ["#document", attrs, kids];
  }
  function describe(el) {
    var out = el.localName;
    if (el.id) out += "#" + el.id;
    if (typeof el.className === "string" && el.className.trim()) out += "." + el.className.trim().split(/\s+/).join(".");
    return out;
  }
  // The target: its path, its box in the viewport, and what is at its centre.
  function aim(el) {
    if (!el || !el.getBoundingClientRect) return null;
    var path = pathTo(el);
    var box = el.getBoundingClientRect();
    var x = box.left + box.width / 2, y = box.top + box.height / 2;
    var hit = null;
    try { hit = el.ownerDocument.elementFromPoint(x, y); } catch (e) { hit = null; }
    var covered = hit && hit !== el && !el.contains(hit) ? describe(hit) : "";
    return { path: path, box: [box.left, box.top, box.width, box.height], covered: covered };
  }
  var scroll = [top.scrollX, top.scrollY];
  var n = changes === undefined ? null : changes.n;
  var last = state.last;
  var info = { seq: seq, url: top.location.href, title: doc.title,
               viewport: [top.innerWidth, top.innerHeight], target: aim(target) };
  if (last && n !== null && top === w && last.n === n && last.x === scroll[0] && last.y === scroll[1] &&
      last.url === info.url) {
    info.same = last.seq;
    return info;
  }
  info.tree = documentNode(doc);
  state.last = { n: top.__e2eChanges.n, x: scroll[0], y: scroll[1], seq: seq, url: info.url };
  return info;
})(arguments[0], arguments[1], arguments[2]);
