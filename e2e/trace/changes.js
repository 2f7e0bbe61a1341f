// The trace's count of a window's page changes: DOM mutations, input, change, scrolling
// and focus moves, since the trace first asked in this document. e2eChanges(win) starts
// counting the first time and answers the counter as it was before the call: undefined
// that first time (nothing to compare with yet), else {n}.
function e2eChanges(win) {
  var changes = win.__e2eChanges;
  if (changes === undefined) {
    var counter = win.__e2eChanges = { n: 0 }, changed = function () { counter.n++; };
    new win.MutationObserver(changed).observe(win.document, {
      subtree: true, childList: true, attributes: true, characterData: true });
    ["input", "change", "scroll", "focusin", "focusout"].forEach(function (name) {
      win.addEventListener(name, changed, true);
    });
  }
  return changes;
}
