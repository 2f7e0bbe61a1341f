// Finding elements the way WebDriver's locator strategies do, and Selenium's idea of
// "displayed": shared by the in-browser scripts.
// ``root`` is a document (the current one by default). A CSS value may step into open
// shadow roots with ">>>": "status-badge >>> .count" is ".count" inside the shadow root
// of every <status-badge>.
// A query locator ("e2e query": role, label, text…, and chains) is answered by the query
// engine, which the script carries when one of its locators needs it (E2E_QUERIES).
function findAll(by, value, root) {
  var doc = root || document, out = [], i, nodes;
  if (by === "e2e query") {
    if (typeof E2E_QUERIES === "undefined") throw new Error("the query engine is not in this script");
    return E2E_QUERIES.query(JSON.parse(value), [doc], findAll);
  }
  if (by === "css selector" && value.indexOf(">>>") >= 0) {
    var steps = value.split(">>>"), scopes = [doc];
    for (var s = 0; s < steps.length; s++) {
      var found = [];
      for (var k = 0; k < scopes.length; k++) {
        found = found.concat(Array.prototype.slice.call(scopes[k].querySelectorAll(steps[s].trim())));
      }
      if (s === steps.length - 1) return found;
      scopes = found.map(function (host) { return host.shadowRoot; }).filter(Boolean);
    }
  }
  if (by === "css selector") return Array.prototype.slice.call(doc.querySelectorAll(value));
  // A document or an element has getElementsBy…; a shadow root (a chain's scope) does not.
  if (by === "class name") {
    if (doc.getElementsByClassName) return Array.prototype.slice.call(doc.getElementsByClassName(value));
    return Array.prototype.slice.call(doc.querySelectorAll(value.trim().split(/\s+/).map(function (c) {
      return "." + CSS.escape(c); }).join("")));
  }
  if (by === "tag name") {
    if (doc.getElementsByTagName) return Array.prototype.slice.call(doc.getElementsByTagName(value));
    return Array.prototype.slice.call(doc.querySelectorAll(CSS.escape(value)));
  }
  if (by === "id") return Array.prototype.slice.call(doc.querySelectorAll('[id="' + CSS.escape(value) + '"]'));
  if (by === "name") return Array.prototype.slice.call(doc.querySelectorAll('[name="' + CSS.escape(value) + '"]'));
  if (by === "xpath") {
    // From a document, or from an element (a chain's scope: e2e/queries) as its context node.
    nodes = (doc.nodeType === 9 ? doc : doc.ownerDocument).evaluate(
      value, doc, null, XPathResult.ORDERED_NODE_SNAPSHOT_TYPE, null);
    for (i = 0; i < nodes.snapshotLength; i++) out.push(nodes.snapshotItem(i));
    return out;
  }
  nodes = doc.getElementsByTagName ? doc.getElementsByTagName("a") : doc.querySelectorAll("a");
  for (i = 0; i < nodes.length; i++) {
    var text = (nodes[i].innerText || "").trim();
    if (by === "link text" ? text === value : text.indexOf(value) >= 0) out.push(nodes[i]);
  }
  return out;
}

// The same-origin top document and every same-origin frame below it, depth first: the
// settle check looks at all of them (an overlay in a report frame holds the page too).
function allDocuments() {
  var top = window;
  try { while (top.parent !== top && top.parent.document) top = top.parent; } catch (e) {}
  var out = [];
  (function walk(win) {
    var doc;
    try { doc = win.document; } catch (e) { return; }  // another origin: not ours to read
    if (!doc) return;
    out.push(doc);
    for (var i = 0; i < win.frames.length; i++) walk(win.frames[i]);
  })(top);
  return out;
}

// This document's identity: a token set the first time a script looks, so a new
// document (a navigation, a post-back to the same URL, a reload) always has a new one.
function documentToken() {
  if (!window.__e2eDocument) {
    window.__e2eDocument = Math.random().toString(36).slice(2) + "-" + Date.now();
  }
  return window.__e2eDocument;
}

// Displayed as Selenium means it: in the layout, not hidden, not fully transparent.
// <html> and <body> always count as displayed, as in Selenium's atoms (an app shell may
// make <body> 0 px high with overflow hidden and draw everything in fixed children).
function displayed(el) {
  if (!el.isConnected || el.nodeType !== 1) return false;
  if (el === el.ownerDocument.documentElement || el === el.ownerDocument.body) return true;
  if (el.tagName === "OPTION" || el.tagName === "OPTGROUP") {
    var select = el.closest("select");
    return select ? displayed(select) : false;
  }
  if (!el.getClientRects().length || !positiveSize(el)) return false;
  var view = el.ownerDocument.defaultView || window;
  var style = view.getComputedStyle(el);
  if (style.visibility === "hidden" || style.visibility === "collapse") return false;
  for (var node = el; node && node.nodeType === 1; node = node.parentElement) {
    if (parseFloat(view.getComputedStyle(node).opacity) === 0) return false;
  }
  return true;
}

// Selenium's rule: a box of positive size, or (unless it clips its overflow) a child
// that has one, or a text child.
function positiveSize(el) {
  var r = el.getBoundingClientRect();
  if (r.width > 0 && r.height > 0) return true;
  if ((el.ownerDocument.defaultView || window).getComputedStyle(el).overflow === "hidden") return false;
  for (var n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 3 || (n.nodeType === 1 && positiveSize(n))) return true;
  }
  return false;
}

// The text a user sees in ``el``: its innerText, the same on every engine. WebKitGTK's
// innerText drops the line breaks that white-space: pre-line (or pre, pre-wrap,
// break-spaces) keeps on screen, "one\ntwo" read as "one two": each such element whose
// innerText lost them has its text put back as that white-space shows it.
var KEEPS_BREAKS = /^(pre|pre-wrap|pre-line|break-spaces)$/;
function visibleText(el) {
  var text = el.innerText || "";
  if ((el.textContent || "").indexOf("\n") < 0) return text;
  var view = el.ownerDocument.defaultView || window;
  var nodes = [el].concat(Array.prototype.slice.call(el.querySelectorAll("*"), 0, 500));
  for (var i = 0; i < nodes.length; i++) {
    var node = nodes[i], raw = node.textContent || "";
    if (raw.indexOf("\n") < 0 || node.children.length) continue;
    var space = view.getComputedStyle(node).whiteSpace;
    if (!KEEPS_BREAKS.test(space)) continue;
    var seen = node.innerText || "";
    if (!seen || seen.indexOf("\n") >= 0) continue;
    var shown = space === "pre-line"
      ? raw.split("\n").map(function (line) { return line.replace(/[ \t]+/g, " ").trim(); })
          .join("\n").trim()
      : raw;
    text = text.replace(seen, shown);
  }
  return text;
}
