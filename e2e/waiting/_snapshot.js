// What the matches of one locator show now: their count, how many are displayed, and
// the text and value of each (the first 50). With a budget, when that is the same as
// the snapshot the caller saw last, it waits, event-driven, for it to change.
//   arguments = [by, value, previousJson, budgetMs, attribute, strict, done]
//   attribute: also the value of this attribute of each match (null when none)
//   strict: a query locator read as one element: several matches are described (the
//     caller refuses them, see e2e/queries)
var by = arguments[0], value = arguments[1], previous = arguments[2], budget = arguments[3];
var attribute = arguments.length > 5 ? arguments[4] : null;
var strict = arguments.length > 6 ? arguments[5] : false;
var done = arguments[arguments.length - 1];

function snapshot() {
  var els;
  try { els = findAll(by, value); } catch (e) { return { invalid: String((e && e.message) || e) }; }
  var out = { count: els.length, shown: 0, texts: [], values: [] };
  if (strict && els.length > 1) {
    out.ambiguous = els.slice(0, 5).map(function (e) { return E2E_QUERIES.describeMatch(e); });
  }
  if (attribute) { out.attribute = attribute; out.attributes = []; }
  for (var i = 0; i < els.length; i++) {
    var el = els[i], visible = displayed(el);
    if (visible) out.shown++;
    if (i < 50) {
      out.texts.push(visible ? visibleText(el) : "");
      out.values.push(typeof el.value === "string" ? el.value : null);
      if (attribute) out.attributes.push(el.getAttribute(attribute));
    }
  }
  return out;
}

var first = snapshot(), key = JSON.stringify(first);
if (key !== previous || first.invalid || !(budget > 0)) {
  if (previous !== null && key !== previous) window.__e2eChangedAt = performance.now();
  done([key, first]);
  return;
}

var finished = false, observer = null, timer = null, poll = null;
function finish(snap) {
  if (finished) return;
  finished = true;
  observer.disconnect();
  clearTimeout(timer);
  clearInterval(poll);
  document.removeEventListener("input", check, true);
  document.removeEventListener("change", check, true);
  document.removeEventListener("transitionend", check, true);
  window.__e2eChangedAt = performance.now();  // when a change was seen, on the page's clock
  done([JSON.stringify(snap), snap]);
}
function check() {
  if (finished) return;
  var snap = snapshot();
  if (JSON.stringify(snap) !== previous) finish(snap);
}
observer = new MutationObserver(check);
observer.observe(document.documentElement, {
  subtree: true, childList: true, attributes: true, characterData: true
});
document.addEventListener("input", check, true);
document.addEventListener("change", check, true);
document.addEventListener("transitionend", check, true);
// A value set by script fires no event: look now and then as well.
poll = setInterval(check, 50);
timer = setTimeout(function () { finish(snapshot()); }, budget);
