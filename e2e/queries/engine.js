// The in-page engine of the query locators: Locator.role, label, text, placeholder,
// alt_text, title, test_id, and the chains (within, nth, filter) over any locator.
// Bundled with dom-accessibility-api by vendor/build.mjs into vendor/queries.js, which the
// page scripts install once per document (see e2e/queries/script.py).
//
// A query is a tree (e2e/queries/spec.py writes it):
//   {by, value}                       a WebDriver strategy (findAll in waiting/_dom.js)
//   {q: "role", role, name, exact, checked, selected, expanded, pressed, disabled,
//    level, hidden}                   name: {s, exact} or {re, flags}
//   {q: "label"|"text"|"placeholder"|"alt"|"title", text}
//   {q: "attr", attr, text}           the test id
//   {within: outer, inner}            inner searched inside each of outer's elements
//   {nth: i, of}                      0-based; -1 the last
//   {filter: {hasText, hasNotText, has, hasNot}, of}
import { computeAccessibleName, getRole } from "dom-accessibility-api";
import ROLES from "./vendor/roles.json";

let TEST_ID = "data-testid";
export function testId(name) { TEST_ID = name; }
export function testIdAttribute() { return TEST_ID; }

const SKIP = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "HEAD", "META", "LINK", "TITLE"]);

// Every element under the roots, in document order, open shadow roots included (a host's
// shadow tree comes right after the host, as Playwright orders it).
function allElements(roots) {
  const out = [];
  // Several roots may nest (a chain's scopes): each element once. One root needs no set.
  const seen = roots.length > 1 ? new Set() : null;
  function walk(root) {
    const list = root.querySelectorAll("*");
    for (let i = 0; i < list.length; i++) {
      const el = list[i];
      if (seen) {
        if (seen.has(el)) continue;
        seen.add(el);
      }
      out.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  }
  for (const root of roots) {
    if (root.nodeType === 1 && root.shadowRoot) walk(root.shadowRoot);
    walk(root);
  }
  return out;
}

export function norm(text) {
  return String(text == null ? "" : text).replace(/[\s\u200b]+/g, " ").trim();
}

// A text pattern: {s, exact} (not exact: case-insensitive, a part) or {re, flags}.
function matcher(pattern) {
  if (pattern.re !== undefined) {
    const re = new RegExp(pattern.re, pattern.flags || "");
    return (text) => { re.lastIndex = 0; return re.test(norm(text)); };
  }
  const want = norm(pattern.s);
  if (pattern.exact) return (text) => norm(text) === want;
  const lower = want.toLowerCase();
  return (text) => norm(text).toLowerCase().includes(lower);
}

// -- roles ----------------------------------------------------------------------------
function explicitRole(el) {
  const attr = el.getAttribute("role");
  if (!attr) return null;
  for (const token of attr.trim().split(/\s+/)) {
    if (ROLES[token] || token === "none" || token === "presentation") return token;
  }
  return null;
}

function hasName(el) {
  return el.hasAttribute("aria-label") || el.hasAttribute("aria-labelledby") || el.hasAttribute("title");
}

// Whether a cell sits in a table of one of these roles (the nearest table-like ancestor).
function inside(el, roles) {
  const owner = el.parentElement && el.parentElement.closest("table, [role=table], [role=grid], [role=treegrid]");
  if (!owner) return false;
  const r = explicitRole(owner) || (owner.localName === "table" ? "table" : null);
  return roles.includes(r);
}

// The roles each tag may have with no role attribute (HTML-AAM, as roleOf computes them):
// the search looks at nothing else, so a query for "button" does not compute the role of
// each of 20,000 table cells.
const TAG_ROLES = {
  a: ["link"], area: ["link"], link: ["link"], article: ["article"], aside: ["complementary"],
  button: ["button"], datalist: ["listbox"], dd: ["definition"], details: ["group"],
  dialog: ["dialog"], dt: ["term"], fieldset: ["group"], figure: ["figure"], form: ["form"],
  footer: ["contentinfo"], h1: ["heading"], h2: ["heading"], h3: ["heading"], h4: ["heading"],
  h5: ["heading"], h6: ["heading"], header: ["banner"], hr: ["separator"], html: ["document"],
  legend: ["legend"], li: ["listitem"], math: ["math"], main: ["main"], menu: ["list"],
  nav: ["navigation"], ol: ["list"], optgroup: ["group"], option: ["option"], output: ["status"],
  progress: ["progressbar"], section: ["region"], summary: ["button"], table: ["table"],
  tbody: ["rowgroup"], textarea: ["textbox"], tfoot: ["rowgroup"], td: ["cell", "gridcell"],
  th: ["columnheader", "rowheader"], thead: ["rowgroup"], tr: ["row"], ul: ["list"],
  img: ["img"], select: ["combobox", "listbox"],
  input: ["button", "checkbox", "radio", "slider", "textbox", "combobox", "searchbox", "spinbutton"],
};

function mayHave(el, role) {
  if (el.hasAttribute("role")) return true;
  const roles = TAG_ROLES[el.localName];
  return !!roles && roles.includes(role);
}

// The element's role: explicit (the first token ARIA knows), else implicit (HTML-AAM)
// from dom-accessibility-api, with the rules it leaves out: a <section> or <form> is a
// region or form only when it has a name; a cell of a grid is a gridcell; a <th> with
// scope=row is a rowheader.
export function roleOf(el) {
  const explicit = explicitRole(el);
  if (explicit && explicit !== "none" && explicit !== "presentation") return explicit;
  let role = getRole(el);
  const tag = el.localName;
  if ((tag === "section" || tag === "form") && !explicit && !hasName(el)) return null;
  if (tag === "td" && !explicit) return inside(el, ["grid", "treegrid"]) ? "gridcell" : inside(el, ["table"]) ? "cell" : null;
  if (tag === "th" && !explicit) {
    if (el.getAttribute("scope") === "row") return "rowheader";
    return inside(el, ["grid", "treegrid"]) ? "columnheader" : role;
  }
  if (role === "none") role = "presentation";
  if (!explicit && OWNED[tag] && presentational(el, OWNED[tag])) return "presentation";
  return role;
}

// The parts a table or a list owns are presentational too when it is (ARIA's
// presentational role inheritance): the rows and cells of a layout table.
const TABLE_PARTS = ["table"];
const OWNED = { tr: TABLE_PARTS, td: TABLE_PARTS, th: TABLE_PARTS, thead: TABLE_PARTS,
  tbody: TABLE_PARTS, tfoot: TABLE_PARTS, caption: TABLE_PARTS, li: ["ul", "ol", "menu"] };

function presentational(el, owners) {
  for (let p = el.parentElement; p; p = p.parentElement) {
    if (owners.includes(p.localName)) {
      const r = explicitRole(p);
      return r === "presentation" || r === "none";
    }
  }
  return false;
}

// Hidden from the accessibility tree, decided here the same on every engine: the element
// or an ancestor is display:none, `hidden`, aria-hidden="true", or the element is
// visibility:hidden (inherited, so its own computed style says it), or it sits in a
// closed <details> below its <summary>.
export function isHidden(el) {
  const view = el.ownerDocument.defaultView;
  const style = view.getComputedStyle(el);
  if (style.visibility === "hidden" || style.visibility === "collapse") return true;
  for (let node = el; node; node = parentOf(node)) {
    if (node.nodeType !== 1) continue;
    if (node.hidden === true || node.getAttribute("aria-hidden") === "true") return true;
    const s = node === el ? style : view.getComputedStyle(node);
    if (s.display === "none") return true;
    const up = parentOf(node);
    if (up && up.nodeType === 1 && up.localName === "details" && !up.open && node.localName !== "summary") return true;
  }
  return false;
}

function parentOf(node) {
  if (node.parentElement) return node.parentElement;
  const root = node.parentNode;
  return root && root.host ? root.host : null;  // out of a shadow root, to its host
}

// The accessible name (accname 1.2). For a hidden element (include_hidden) its hidden
// content counts, or it would have no name at all.
export function nameOf(el, hidden) {
  return norm(computeAccessibleName(el, { computedStyleSupportsPseudoElements: true, hidden: !!hidden }));
}

function checkedOf(el, role) {
  const tag = el.localName;
  if (tag === "input" && (el.type === "checkbox" || el.type === "radio") && !el.hasAttribute("role")) {
    return el.indeterminate ? "mixed" : el.checked;
  }
  if (!ROLES[role] || !ROLES[role].checked) return undefined;
  const attr = el.getAttribute("aria-checked");
  if (attr === "mixed") return "mixed";
  return attr === "true";
}

function selectedOf(el, role) {
  if (el.localName === "option" && !el.hasAttribute("aria-selected")) return el.selected;
  if (!ROLES[role] || !ROLES[role].selected) return undefined;
  return el.getAttribute("aria-selected") === "true";
}

function expandedOf(el, role) {
  const attr = el.getAttribute("aria-expanded");
  if (attr === null) {
    if (el.localName === "summary" && el.parentElement && el.parentElement.localName === "details") {
      return el.parentElement.open;
    }
    return undefined;
  }
  return attr === "true";
}

function pressedOf(el, role) {
  const attr = el.getAttribute("aria-pressed");
  if (attr === null) return ROLES[role] && ROLES[role].pressed ? false : undefined;
  return attr === "mixed" ? "mixed" : attr === "true";
}

// Disabled as a user meets it: a disabled form control (a disabled <fieldset> disables
// what is inside it, its first <legend> aside), or aria-disabled="true" on it or an
// ancestor.
export function disabledOf(el) {
  if (typeof el.matches === "function" && el.matches(":disabled")) return true;
  for (let node = el; node; node = parentOf(node)) {
    if (node.nodeType === 1 && node.getAttribute("aria-disabled") === "true") return true;
  }
  return false;
}

function levelOf(el, role) {
  const m = /^h([1-6])$/.exec(el.localName);
  const attr = parseInt(el.getAttribute("aria-level") || "", 10);
  if (attr > 0) return attr;
  if (m) return parseInt(m[1], 10);
  return undefined;
}

function stateMatches(q, el, role) {
  if (q.checked !== undefined && q.checked !== null && checkedOf(el, role) !== q.checked) return false;
  if (q.selected !== undefined && q.selected !== null && selectedOf(el, role) !== q.selected) return false;
  if (q.expanded !== undefined && q.expanded !== null && expandedOf(el, role) !== q.expanded) return false;
  if (q.pressed !== undefined && q.pressed !== null && pressedOf(el, role) !== q.pressed) return false;
  if (q.disabled !== undefined && q.disabled !== null && disabledOf(el) !== q.disabled) return false;
  if (q.level !== undefined && q.level !== null && levelOf(el, role) !== q.level) return false;
  return true;
}

function byRole(q, roots) {
  const out = [];
  const name = q.name ? matcher(q.name) : null;
  const any = q.role === "presentation" || q.role === "none" || q.role === "generic";
  for (const el of allElements(roots)) {
    if (!any && !mayHave(el, q.role)) continue;
    if (SKIP.has(el.tagName)) continue;
    const role = roleOf(el);
    if (role !== q.role) continue;
    if (!stateMatches(q, el, role)) continue;
    if (!q.hidden && isHidden(el)) continue;
    if (name && !name(nameOf(el, q.hidden))) continue;
    out.push(el);
  }
  return out;
}

// -- label, text, attributes ---------------------------------------------------------
function textOf(el) {
  return el.textContent || "";
}

export function labelsOf(el) {
  const out = [];
  const aria = el.getAttribute("aria-label");
  if (aria) out.push(aria);
  const ids = el.getAttribute("aria-labelledby");
  if (ids) {
    const root = el.getRootNode();
    const parts = ids.trim().split(/\s+/).map((id) => root.getElementById ? root.getElementById(id) : el.ownerDocument.getElementById(id));
    const text = parts.filter(Boolean).map((p) => textOf(p)).join(" ");
    if (norm(text)) out.push(text);
  }
  if (el.labels) for (const label of el.labels) out.push(labelText(label, el));
  return out;
}

// A <label>'s text without the value of the control inside it.
function labelText(label, control) {
  let text = "";
  (function walk(node) {
    for (let n = node.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 3) text += n.data;
      else if (n.nodeType === 1 && n !== control && !SKIP.has(n.tagName)) walk(n);
    }
  })(label);
  return text;
}

function byLabel(q, roots) {
  const test = matcher(q.text);
  return allElements(roots).filter((el) => labelsOf(el).some(test));
}

const VALUE_BUTTONS = new Set(["button", "submit", "reset"]);

// Elements whose own text matches, with none of their child elements matching too: the
// innermost ones ("Save" finds the <span>, not every ancestor of it). A button-like
// <input> matches by its value.
function byText(q, roots) {
  const test = matcher(q.text);
  const out = [];
  const matched = new Set();
  const all = allElements(roots);
  for (let i = all.length - 1; i >= 0; i--) {  // children before their parents
    const el = all[i];
    if (SKIP.has(el.tagName)) continue;
    if (el.localName === "input" && VALUE_BUTTONS.has(el.type)) {
      if (test(el.value)) { matched.add(el); out.push(el); }
      continue;
    }
    if (!test(textOf(el) + shadowText(el))) continue;
    let child = false;
    for (let c = el.firstElementChild; c; c = c.nextElementSibling) if (matched.has(c)) { child = true; break; }
    matched.add(el);
    if (!child) out.push(el);
  }
  return out.reverse();
}

function shadowText(el) {
  return el.shadowRoot ? el.shadowRoot.textContent || "" : "";
}

function byAttribute(attr, pattern, roots, tags) {
  const test = matcher(pattern);
  return allElements(roots).filter((el) => {
    if (tags && !tags.has(el.localName)) return false;
    const value = el.getAttribute(attr);
    return value !== null && test(value);
  });
}

const ALT_TAGS = new Set(["img", "area", "input"]);

// -- the tree ----------------------------------------------------------------------------
export function query(node, roots, findAll) {
  if (node.by) {
    if (roots.length === 1) return findAll(node.by, scoped(node, roots[0]), roots[0]);
    const out = [];
    const seen = new Set();
    for (const root of roots) {
      for (const el of findAll(node.by, scoped(node, root), root)) {
        if (!seen.has(el)) { seen.add(el); out.push(el); }
      }
    }
    return out;
  }
  if (node.within) {
    const outer = query(node.within, roots, findAll);
    if (!outer.length) return [];
    const scopes = new Set(outer);
    return query(node.inner, outer, findAll).filter((el) => !scopes.has(el));
  }
  if (node.nth !== undefined) {
    const all = query(node.of, roots, findAll);
    const el = node.nth < 0 ? all[all.length + node.nth] : all[node.nth];
    return el ? [el] : [];
  }
  if (node.filter) {
    const f = node.filter;
    const hasText = f.hasText ? matcher(f.hasText) : null;
    const hasNotText = f.hasNotText ? matcher(f.hasNotText) : null;
    return query(node.of, roots, findAll).filter((el) => {
      const text = textOf(el) + shadowText(el);
      if (hasText && !hasText(text)) return false;
      if (hasNotText && hasNotText(text)) return false;
      if (f.has && !query(f.has, [el], findAll).length) return false;
      if (f.hasNot && query(f.hasNot, [el], findAll).length) return false;
      return true;
    });
  }
  switch (node.q) {
    case "role": return byRole(node, roots);
    case "label": return byLabel(node, roots);
    case "text": return byText(node, roots);
    case "placeholder": return byAttribute("placeholder", node.text, roots);
    case "alt": return byAttribute("alt", node.text, roots, ALT_TAGS);
    case "title": return byAttribute("title", node.text, roots);
    case "attr": return byAttribute(node.attr || TEST_ID, node.text, roots);
  }
  throw new Error("unknown query " + JSON.stringify(node));
}

// A WebDriver strategy inside an element: an XPath from the root ("//tr") is made
// relative (".//tr"), as a user writing it inside means.
function scoped(node, root) {
  if (node.by === "xpath" && root.nodeType === 1 && /^\(?\//.test(node.value)) {
    return node.value.replace(/^(\(?)\//, "$1./");
  }
  return node.value;
}

// -- what a message shows --------------------------------------------------------------
export function describeMatch(el) {
  const html = el.outerHTML || "";
  const open = html.slice(0, html.indexOf(">") + 1) || "<" + el.localName + ">";
  const text = norm(el.textContent).slice(0, 40);
  const snippet = (open.length > 120 ? open.slice(0, 117) + "...>" : open) + (text ? text + (norm(el.textContent).length > 40 ? "…" : "") : "");
  return { role: roleOf(el) || "generic", name: nameOf(el).slice(0, 80), html: snippet };
}

// When a role query finds nothing: the elements a user most likely meant, the same role
// under other names, then the same name under other roles (a link named "Save" for
// button "Save"); the first few of each, visible ones only.
export function candidates(node, roots, findAll) {
  // In a chain, the role step decides: inside the chain's scope when there is one.
  if (node.within) {
    const outer = query(node.within, roots, findAll);
    return candidates(node.inner, outer.length ? outer : roots, findAll);
  }
  if (node.of) return candidates(node.of, roots, findAll);
  if (node.q !== "role") return [];
  const sameRole = [];
  const sameName = [];
  const name = node.name ? matcher(node.name) : null;
  const words = node.name && node.name.s ? norm(node.name.s).toLowerCase().split(" ") : [];
  for (const el of allElements(roots)) {
    if (SKIP.has(el.tagName)) continue;
    const role = roleOf(el);
    if (!role || role === "presentation" || role === "generic") continue;
    if (role === node.role) {
      if (sameRole.length < 200 && (node.hidden || !isHidden(el))) sameRole.push(el);
    } else if (name && sameName.length < 3 && !isHidden(el) && name(nameOf(el))) {
      sameName.push(el);
    }
  }
  // The same role: those sharing most words with the name asked for first.
  const score = (el) => {
    const have = nameOf(el).toLowerCase();
    return words.filter((w) => w && have.includes(w)).length;
  };
  const ranked = sameRole.map((el, i) => [score(el), i, el]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  return sameName.concat(ranked.slice(0, 5 - Math.min(sameName.length, 2)).map((r) => r[2])).map(describeMatch);
}
