// Which locator a person would write for an element: the one module that chooses, shared
// by the recorder (e2e codegen) and its "pick a locator" tool.
//
// choose(el) tries, in order, the first that matches exactly this one element now:
//   1. its test id;  2. its role and accessible name;  3. its label;  4. its placeholder;
//   5. its alt text or title;  6. its visible text;  7. a stable id (generated ids, with
//   long digit runs or hashes, are skipped);  8. a short CSS path anchored on the nearest
//   element with a test id, an id or a role.
// A choice that matches several elements is made unique inside the nearest named
// container (a row, a dialog, a form...): `.within()`, never `.nth()`. A positional XPath
// is the last resort, and says so (positional: true).
//
// The answer is data, for Python to write as code: {kind, args, exact, human, within,
// positional, python}. `python` is the same expression as text, for the picker to copy.
import { isHidden, labelsOf, nameOf, norm, query, roleOf, testIdAttribute } from "./engine.js";

// Ids a framework made up: digits runs, hashes, React's ":r1:", Ember's "ember123"...
const GENERATED_ID = /\d{3,}|[0-9a-f]{8,}|^:|^(ember|react|mui|ext-gen|yui|gwt|j_id|ui-id)|[_-][a-z0-9]*\d[a-z0-9]*$/i;
const CONTAINERS = new Set(["row", "dialog", "alertdialog", "form", "listitem", "article",
  "region", "group", "navigation", "tabpanel", "menu", "listbox", "table", "banner",
  "complementary", "main", "contentinfo", "search", "toolbar", "tree", "treeitem", "grid"]);
const ROLE_WORDS = { textbox: "field", searchbox: "search field", combobox: "select",
  checkbox: "checkbox", radio: "radio button", link: "link", button: "button",
  heading: "heading", tab: "tab", menuitem: "menu item", row: "row", cell: "cell",
  gridcell: "cell", columnheader: "column header", img: "image", dialog: "dialog",
  alertdialog: "dialog", option: "option", listitem: "item", spinbutton: "field",
  slider: "slider", switch: "switch", navigation: "navigation", form: "form" };
const FORM_TAGS = new Set(["input", "textarea", "select"]);

// WebDriver's strategies, for a {by, value} step (the page scripts have their own).
export function findAllBy(by, value, root) {
  if (by === "css selector") return Array.from(root.querySelectorAll(value));
  if (by === "id") return Array.from(root.querySelectorAll("#" + CSS.escape(value)));
  if (by === "name") return Array.from(root.querySelectorAll(`[name="${CSS.escape(value)}"]`));
  if (by === "class name") return Array.from(root.querySelectorAll("." + value.trim().split(/\s+/).map(CSS.escape).join(".")));
  if (by === "tag name") return Array.from(root.querySelectorAll(value));
  if (by === "link text" || by === "partial link text") {
    return Array.from(root.querySelectorAll("a")).filter((a) => by === "link text" ? norm(a.textContent) === norm(value) : norm(a.textContent).includes(norm(value)));
  }
  if (by === "xpath") {
    const doc = root.ownerDocument || root;
    const found = doc.evaluate(value, root, null, XPathResult.ORDERED_NODE_SNAPSHOT_TYPE, null);
    const out = [];
    for (let i = 0; i < found.snapshotLength; i++) out.push(found.snapshotItem(i));
    return out;
  }
  return [];
}

function only(node, root, el) {
  let found;
  try { found = query(node, [root], findAllBy); } catch (e) { return false; }
  return found.length === 1 && found[0] === el;
}

function words(text, most) {
  const all = norm(text).split(" ");
  return all.length > most ? all.slice(0, most).join(" ") : all.join(" ");
}

function human(kind, el, args) {
  const role = roleOf(el);
  let text;
  if (kind === "role") text = `${words(args[1], 5)} ${ROLE_WORDS[args[0]] || args[0]}`;
  else if (kind === "label" || kind === "placeholder") text = `${words(args[0], 5)} ${FORM_TAGS.has(el.localName) ? (ROLE_WORDS[role] || "field") : (ROLE_WORDS[role] || "element")}`;
  else if (kind === "testId" || kind === "id") text = String(args[0]).replace(/[-_.:]+/g, " ");
  else if (kind === "alt") text = `${words(args[0], 5)} image`;
  else text = `${words(args[0], 5)}${ROLE_WORDS[role] ? " " + ROLE_WORDS[role] : ""}`;
  return norm(text).toLowerCase();
}

function pattern(text, exact) { return { s: text, exact }; }

// The leaf choices for el, best first: [kind, node, args, exact].
function leaves(el) {
  const out = [];
  const tid = el.getAttribute(testIdAttribute());
  if (tid) out.push(["testId", { q: "attr", text: pattern(tid, true) }, [tid], true]);
  const role = roleOf(el);
  const name = norm(nameOf(el));
  if (role && role !== "generic" && role !== "presentation" && role !== "none" && name && name.length <= 80) {
    out.push(["role", { q: "role", role, hidden: false, name: pattern(name, false) }, [role, name], false]);
    out.push(["role", { q: "role", role, hidden: false, name: pattern(name, true) }, [role, name], true]);
  }
  if (FORM_TAGS.has(el.localName) || el.isContentEditable || el.getAttribute("aria-labelledby") || el.getAttribute("aria-label")) {
    for (const label of labelsOf(el).map(norm).filter((l) => l && l.length <= 80)) {
      out.push(["label", { q: "label", text: pattern(label, false) }, [label], false]);
      out.push(["label", { q: "label", text: pattern(label, true) }, [label], true]);
    }
  }
  const placeholder = norm(el.getAttribute("placeholder"));
  if (placeholder) out.push(["placeholder", { q: "placeholder", text: pattern(placeholder, true) }, [placeholder], true]);
  const alt = norm(el.getAttribute("alt"));
  if (alt && ["img", "area", "input"].includes(el.localName)) out.push(["alt", { q: "alt", text: pattern(alt, true) }, [alt], true]);
  const title = norm(el.getAttribute("title"));
  if (title) out.push(["title", { q: "title", text: pattern(title, true) }, [title], true]);
  const text = norm(el.textContent);
  if (text && text.length <= 60 && !FORM_TAGS.has(el.localName)) {
    out.push(["text", { q: "text", text: pattern(text, false) }, [text], false]);
    out.push(["text", { q: "text", text: pattern(text, true) }, [text], true]);
  }
  if (el.id && !GENERATED_ID.test(el.id)) out.push(["id", { by: "id", value: el.id }, [el.id], true]);
  return out;
}

function matches(node, root) {
  try { return query(node, [root], findAllBy); } catch (e) { return []; }
}

// The first leaf that finds only el; a leaf that finds el among others is tried inside
// el's nearest named containers before the next kind of leaf is.
function leafChoice(el, root, allowWithin) {
  for (const [kind, node, args, exact] of leaves(el)) {
    const found = matches(node, root);
    if (found.length === 1 && found[0] === el) return { kind, node, args, exact };
    if (allowWithin && found.length > 1 && found.includes(el)) {
      const inside = withinFor(el, root, { kind, node, args, exact });
      if (inside) return inside;
    }
  }
  return null;
}

// The nearest ancestors that name a region a person would say "in the ... row/dialog".
function containers(el) {
  const out = [];
  for (let p = el.parentElement; p && out.length < 4; p = p.parentElement) {
    const role = roleOf(p);
    if (role && CONTAINERS.has(role) && (norm(nameOf(p)) || p.getAttribute(testIdAttribute()) || (p.id && !GENERATED_ID.test(p.id)))) out.push(p);
  }
  return out;
}

// A row is named by its first cell's text ("Checkout"), not by all of them: the key a
// test gives (`.format(title="Checkout")`), and the placeholder is that column's header.
function rowKey(box, doc) {
  const role = roleOf(box);
  let key = "";
  let field = "";
  if (role === "row") {
    const cells = box.querySelectorAll("td, th, [role=cell], [role=gridcell]");
    for (const cell of cells) {
      const text = norm(cell.textContent);
      if (!text) continue;
      key = text;
      const table = cell.closest("table");
      const head = table && table.tHead && table.tHead.rows[0];
      const th = head && cell.cellIndex >= 0 ? head.cells[cell.cellIndex] : null;
      field = th ? norm(th.textContent) : "";
      break;
    }
  } else if (role === "listitem") {
    key = words(box.textContent, 3);
  }
  if (!key || key.length > 60) return null;
  const node = { q: "role", role, hidden: false, name: pattern(key, false) };
  if (!only(node, doc, box)) return null;
  return { kind: "role", node, args: [role, key], exact: false, template: { field: field || role, value: key } };
}

function withinFor(el, doc, leaf) {
  for (const box of containers(el)) {
    const outer = rowKey(box, doc) || leafChoice(box, doc, false);
    if (!outer || !only(leaf.node, box, el)) continue;
    return { ...leaf, within: { ...outer, human: human(outer.kind, box, outer.args) } };
  }
  return null;
}

function cssPath(el, doc) {
  const steps = [];
  for (let node = el; node && node.nodeType === 1 && steps.length < 6; node = node.parentElement) {
    const tid = node.getAttribute(testIdAttribute());
    if (node !== el && tid) { steps.unshift(`[${testIdAttribute()}="${CSS.escape(tid)}"]`); break; }
    if (node !== el && node.id && !GENERATED_ID.test(node.id)) { steps.unshift("#" + CSS.escape(node.id)); break; }
    const role = node !== el && node.getAttribute("role");
    if (role) { steps.unshift(`[role="${CSS.escape(role)}"]`); break; }
    let step = node.localName;
    const parent = node.parentElement;
    if (parent) {
      const same = Array.from(parent.children).filter((c) => c.localName === node.localName);
      if (same.length > 1) step += `:nth-of-type(${same.indexOf(node) + 1})`;
    }
    steps.unshift(step);
    const css = steps.join(" > ");
    if (only({ by: "css selector", value: css }, doc, el)) return css;
  }
  const css = steps.join(" > ");
  return only({ by: "css selector", value: css }, doc, el) ? css : null;
}

function xpathOf(el) {
  const steps = [];
  for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
    const same = node.parentElement ? Array.from(node.parentElement.children).filter((c) => c.localName === node.localName) : [node];
    steps.unshift(`${node.localName}[${same.indexOf(node) + 1}]`);
  }
  return "/" + steps.join("/");
}

const q = (text) => JSON.stringify(text);

function python(choice) {
  const a = choice.args;
  const exact = choice.exact && ["role", "label", "text"].includes(choice.kind) ? ", exact=True" : "";
  let code;
  switch (choice.kind) {
    case "testId": code = `Locator.test_id(${q(a[0])})`; break;
    case "role": code = `Locator.role(${q(a[0])}, ${q(a[1])}${exact})`; break;
    case "label": code = `Locator.label(${q(a[0])}${exact})`; break;
    case "placeholder": code = `Locator.placeholder(${q(a[0])}, exact=True)`; break;
    case "alt": code = `Locator.alt_text(${q(a[0])}, exact=True)`; break;
    case "title": code = `Locator.title(${q(a[0])}, exact=True)`; break;
    case "text": code = `Locator.text(${q(a[0])}${exact})`; break;
    case "id": code = `Locator(By.ID, ${q(a[0])}, ${q(choice.human)})`; break;
    case "css": code = `Locator(By.CSS_SELECTOR, ${q(a[0])}, ${q(choice.human)})`; break;
    default: code = `Locator(By.XPATH, ${q(a[0])}, ${q(choice.human)})`;
  }
  return choice.within ? `${code}.within(${python(choice.within)})` : code;
}

export function choose(el) {
  const doc = el.ownerDocument;
  let choice = leafChoice(el, doc, true);
  if (!choice) {
    const css = cssPath(el, doc);
    choice = css ? { kind: "css", args: [css], exact: true, node: { by: "css selector", value: css } }
      : { kind: "xpath", args: [xpathOf(el)], exact: true, positional: true, node: { by: "xpath", value: xpathOf(el) } };
  }
  const role = roleOf(el);
  choice.human = choice.kind === "css" || choice.kind === "xpath"
    ? norm(`${words(el.textContent, 3) || el.localName} ${ROLE_WORDS[role] || ""}`).toLowerCase()
    : human(choice.kind, el, choice.args);
  choice.hidden = isHidden(el);
  choice.python = python(choice);
  return choice;
}
