// Finding elements the way WebDriver's locator strategies do, and Selenium's idea of
// "displayed": shared by the in-browser scripts.
function findAll(by, value) {
  var doc = document, out = [], i, nodes;
  if (by === "css selector") return Array.prototype.slice.call(doc.querySelectorAll(value));
  if (by === "class name") return Array.prototype.slice.call(doc.getElementsByClassName(value));
  if (by === "tag name") return Array.prototype.slice.call(doc.getElementsByTagName(value));
  if (by === "id") return Array.prototype.slice.call(doc.querySelectorAll('[id="' + CSS.escape(value) + '"]'));
  if (by === "name") return Array.prototype.slice.call(doc.querySelectorAll('[name="' + CSS.escape(value) + '"]'));
  if (by === "xpath") {
    nodes = doc.evaluate(value, doc, null, XPathResult.ORDERED_NODE_SNAPSHOT_TYPE, null);
    for (i = 0; i < nodes.snapshotLength; i++) out.push(nodes.snapshotItem(i));
    return out;
  }
  nodes = doc.getElementsByTagName("a");
  for (i = 0; i < nodes.length; i++) {
    var text = (nodes[i].innerText || "").trim();
    if (by === "link text" ? text === value : text.indexOf(value) >= 0) out.push(nodes[i]);
  }
  return out;
}

// Displayed as Selenium means it: in the layout, not hidden, not fully transparent.
function displayed(el) {
  if (!el.isConnected || el.nodeType !== 1) return false;
  if (el.tagName === "OPTION" || el.tagName === "OPTGROUP") {
    var select = el.closest("select");
    return select ? displayed(select) : false;
  }
  if (!el.getClientRects().length || !positiveSize(el)) return false;
  var style = window.getComputedStyle(el);
  if (style.visibility === "hidden" || style.visibility === "collapse") return false;
  for (var node = el; node && node.nodeType === 1; node = node.parentElement) {
    if (parseFloat(window.getComputedStyle(node).opacity) === 0) return false;
  }
  return true;
}

// Selenium's rule: a box of positive size, or (unless it clips its overflow) a child
// that has one, or a text child.
function positiveSize(el) {
  var r = el.getBoundingClientRect();
  if (r.width > 0 && r.height > 0) return true;
  if (window.getComputedStyle(el).overflow === "hidden") return false;
  for (var n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 3 || (n.nodeType === 1 && positiveSize(n))) return true;
  }
  return false;
}
