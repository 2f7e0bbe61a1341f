// One browser round trip that looks at every match of every locator, and the
// page's network activity; with a budget it also waits, event-driven, until the
// page is settled or the budget runs out. Called through execute_async_script:
//   arguments = [locators [[by, value], ...], checkNetwork, budgetMs, done]
var locators = arguments[0], checkNetwork = arguments[1], budget = arguments[2];
var done = arguments[arguments.length - 1];

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
  if (!el.getClientRects().length) return false;
  var style = window.getComputedStyle(el);
  if (style.visibility === "hidden" || style.visibility === "collapse") return false;
  for (var node = el; node && node.nodeType === 1; node = node.parentElement) {
    if (parseFloat(window.getComputedStyle(node).opacity) === 0) return false;
  }
  return true;
}

function network() {
  if (!checkNetwork || !window.__e2eNetwork) return { jquery: 0, inflight: 0 };
  return { jquery: (window.jQuery && window.jQuery.active) || 0,
           inflight: window.__e2eNetwork.inflight };
}

function state() {
  var counts = [], shown = 0;
  for (var i = 0; i < locators.length; i++) {
    var n = 0;
    try {
      var els = findAll(locators[i][0], locators[i][1]);
      for (var j = 0; j < els.length; j++) if (displayed(els[j])) n++;
    } catch (e) { n = -1; }
    counts.push(n);
    shown += Math.max(n, 0);
  }
  var net = network();
  return {
    counts: counts,
    jquery: net.jquery,
    inflight: net.inflight,
    settled: shown === 0 && net.jquery === 0 && net.inflight === 0 && counts.indexOf(-1) < 0,
    readyState: document.readyState
  };
}

var first = state();
if (first.settled || !(budget > 0)) { done(first); return; }

var finished = false, observer = null, timer = null, poll = null;
function finish(result) {
  if (finished) return;
  finished = true;
  if (observer) observer.disconnect();
  clearTimeout(timer);
  clearInterval(poll);
  done(result);
}
function check() { var s = state(); if (s.settled) finish(s); }
observer = new MutationObserver(check);
observer.observe(document.documentElement, {
  subtree: true, childList: true, attributes: true,
  attributeFilter: ["style", "class", "hidden", "open"]
});
// Network counters and CSS transitions change without a DOM mutation.
poll = setInterval(check, 20);
timer = setTimeout(function () { finish(state()); }, budget);
