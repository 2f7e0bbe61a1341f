// "Try a locator" in the trace viewer: a locator written as Python, read without Python.
// locatorNode(text) gives the query tree e2e/locators.py would make of the same
// expression (tests/unit/test_locator_text.py holds the two side by side), or throws an
// Error whose message says what is wrong. A small reader of Python's call syntax:
// names, attributes, calls with keyword arguments, strings (r"", '', ""), whole numbers,
// True/False/None and `|` between re flags; nothing else is evaluated.
var E2E_LOCATOR_TEXT = (function () {
  "use strict";
  var BY = { ID: "id", NAME: "name", CLASS_NAME: "class name", TAG_NAME: "tag name",
    CSS_SELECTOR: "css selector", XPATH: "xpath", LINK_TEXT: "link text",
    PARTIAL_LINK_TEXT: "partial link text" };
  var RE_FLAGS = { I: "i", IGNORECASE: "i", M: "m", MULTILINE: "m", S: "s", DOTALL: "s" };
  var STATES = ["checked", "selected", "expanded", "pressed", "disabled", "level"];

  var ESCAPES = { n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"' };
  function tokens(text) {
    var out = [], i = 0, m;
    var re = /\s+|([rRbBuU]{0,2})("|')|([A-Za-z_][A-Za-z_0-9]*)|(-?\d+)|([().,=|])/y;
    while (i < text.length) {
      re.lastIndex = i;
      m = re.exec(text);
      if (!m) throw new Error("cannot read " + JSON.stringify(text.slice(i, i + 12)) + " at character " + (i + 1));
      if (m[2]) {  // a string literal, with its prefix letters
        var raw = /r/i.test(m[1]), quote = m[2], j = re.lastIndex, value = "";
        while (j < text.length && text[j] !== quote) {
          if (text[j] === "\\" && j + 1 < text.length) {
            var c = text[j + 1];
            value += !raw && ESCAPES[c] !== undefined ? ESCAPES[c] : "\\" + c;
            j += 2;
          } else { value += text[j]; j++; }
        }
        if (j >= text.length) throw new Error("a string is not closed: add its closing " + quote);
        out.push({ t: "str", v: value });
        i = j + 1;
        continue;
      }
      if (m[3] !== undefined) out.push({ t: "name", v: m[3] });
      else if (m[4] !== undefined) out.push({ t: "num", v: parseInt(m[4], 10) });
      else if (m[5] !== undefined) out.push({ t: m[5] });
      i = re.lastIndex;
    }
    return out;
  }

  function Loc(node, name) { this.node = node; this.name = name || ""; }
  // A chain's step: the node, with the name it was given (Python also names each query
  // step after its description; names only change messages, never what matches).
  function step(loc) {
    if (!loc.name) return loc.node;
    var copy = {};
    for (var k in loc.node) copy[k] = loc.node[k];
    copy.n = loc.name;
    return copy;
  }
  function pattern(value, exact, where) {
    if (value && value.re !== undefined) return { re: value.re, flags: value.flags };
    if (typeof value !== "string") throw new Error(where + " takes a string or re.compile(...), got " + show(value));
    if (!value.trim()) throw new Error(where + " was given an empty string: give the text to look for");
    return { s: value, exact: !!exact };
  }
  function show(v) { return v instanceof Loc ? "a Locator" : JSON.stringify(v); }
  function asLocator(v, where) {
    if (v instanceof Loc) return v;
    if (typeof v === "string") return new Loc({ by: "css selector", value: v }, v);
    throw new Error(where + " takes a Locator or a CSS selector, got " + show(v));
  }
  function query(node) { return new Loc(node, ""); }
  function only(kwargs, allowed, where) {
    Object.keys(kwargs).forEach(function (k) {
      if (allowed.indexOf(k) < 0) throw new Error(where + " has no argument " + k + "=");
    });
  }
  function textFactory(kind, where, exactAlways) {
    return function (args, kwargs) {
      only(kwargs, exactAlways ? [] : ["exact"], where);
      if (args.length !== 1) throw new Error(where + " takes one text");
      return query({ q: kind, text: pattern(args[0], exactAlways || kwargs.exact, where) });
    };
  }
  var LOCATOR = {
    role: function (args, kwargs) {
      var role = args[0];
      only(kwargs, ["name", "exact", "include_hidden"].concat(STATES), "Locator.role");
      if (typeof role !== "string") throw new Error("Locator.role takes a role first, such as \"button\"");
      var name = args.length > 1 ? args[1] : kwargs.name;
      var node = { q: "role", role: role, hidden: !!kwargs.include_hidden };
      if (name !== undefined && name !== null) node.name = pattern(name, kwargs.exact, "Locator.role(" + JSON.stringify(role) + ", name=...)");
      STATES.forEach(function (s) { if (kwargs[s] !== undefined && kwargs[s] !== null) node[s] = kwargs[s]; });
      return query(node);
    },
    label: textFactory("label", "Locator.label"),
    text: textFactory("text", "Locator.text"),
    placeholder: textFactory("placeholder", "Locator.placeholder"),
    alt_text: textFactory("alt", "Locator.alt_text"),
    title: textFactory("title", "Locator.title"),
    test_id: function (args, kwargs) {
      only(kwargs, [], "Locator.test_id");
      return query({ q: "attr", text: pattern(args[0], true, "Locator.test_id") });
    },
  };
  var METHODS = {
    within: function (self, args) {
      var outer = asLocator(args[0], "within()");
      return query({ within: step(outer), inner: step(self) });
    },
    nth: function (self, args) {
      if (typeof args[0] !== "number") throw new Error(".nth() takes a whole number");
      return query({ nth: args[0], of: step(self) });
    },
    filter: function (self, args, kwargs) {
      only(kwargs, ["has_text", "has_not_text", "has", "has_not"], ".filter()");
      var f = {};
      if (kwargs.has_text != null) f.hasText = pattern(kwargs.has_text, false, ".filter() has_text");
      if (kwargs.has_not_text != null) f.hasNotText = pattern(kwargs.has_not_text, false, ".filter() has_not_text");
      if (kwargs.has != null) f.has = step(asLocator(kwargs.has, ".filter()"));
      if (kwargs.has_not != null) f.hasNot = step(asLocator(kwargs.has_not, ".filter()"));
      if (!Object.keys(f).length) throw new Error(".filter() needs has_text, has_not_text, has or has_not");
      return query({ filter: f, of: step(self) });
    },
    named: function (self, args) { return new Loc(self.node, String(args[0])); },
  };

  function Reader(list) { this.list = list; this.i = 0; }
  Reader.prototype.peek = function () { return this.list[this.i]; };
  Reader.prototype.take = function (type) {
    var t = this.list[this.i];
    if (!t || (type && t.t !== type)) throw new Error("expected " + (type === "name" ? "a name" : JSON.stringify(type)) + (t ? " before " + JSON.stringify(t.v !== undefined ? t.v : t.t) : " at the end"));
    this.i++;
    return t;
  };

  function value(r) {
    var left = postfix(r);
    while (r.peek() && r.peek().t === "|") {
      r.take("|");
      var right = postfix(r);
      if (!(left && left.flag) || !(right && right.flag)) throw new Error("| joins re flags only");
      left = { flag: left.flag + right.flag };
    }
    return left;
  }
  function postfix(r) {
    var v = primary(r);
    for (;;) {
      var t = r.peek();
      if (t && t.t === ".") {
        r.take(".");
        var name = r.take("name").v;
        v = attribute(v, name, r);
      } else if (t && t.t === "(") {
        var call = argumentsOf(r);
        v = invoke(v, call.args, call.kwargs);
      } else return v;
    }
  }
  function primary(r) {
    var t = r.take();
    if (t.t === "str") {
      // adjacent literals join, as in Python
      var s = t.v;
      while (r.peek() && r.peek().t === "str") s += r.take().v;
      return s;
    }
    if (t.t === "num") return t.v;
    if (t.t === "name") {
      if (t.v === "True") return true;
      if (t.v === "False") return false;
      if (t.v === "None") return null;
      if (t.v === "Locator") return { cls: "Locator" };
      if (t.v === "By") return { cls: "By" };
      if (t.v === "re") return { cls: "re" };
      throw new Error("unknown name " + t.v + ": write Locator..., By... or re.compile(...)");
    }
    throw new Error("cannot start with " + JSON.stringify(t.t));
  }
  function attribute(v, name, r) {
    if (v && v.cls === "Locator") {
      if (!LOCATOR[name]) throw new Error("Locator has no " + name + "; it has " + Object.keys(LOCATOR).join(", "));
      return { fn: LOCATOR[name] };
    }
    if (v && v.cls === "By") {
      if (!BY[name]) throw new Error("By has no " + name + "; it has " + Object.keys(BY).join(", "));
      return BY[name];
    }
    if (v && v.cls === "re") {
      if (name === "compile") return { fn: compile };
      if (RE_FLAGS[name]) return { flag: RE_FLAGS[name] };
      throw new Error("re." + name + " is not supported: use re.compile(...) and re.I, re.M, re.S");
    }
    if (v instanceof Loc) {
      if (name === "first") return METHODS.nth(v, [0]);
      if (name === "last") return METHODS.nth(v, [-1]);
      if (METHODS[name]) return { fn: METHODS[name], self: v };
      throw new Error("a Locator has no " + name + "; try within, nth, first, last, filter");
    }
    throw new Error(show(v) + " has no ." + name);
  }
  function compile(args) {
    if (typeof args[0] !== "string") throw new Error("re.compile takes a pattern string");
    var flags = args[1] && args[1].flag ? args[1].flag.split("").sort().join("") : "";
    return { re: args[0], flags: ["i", "m", "s"].filter(function (f) { return flags.indexOf(f) >= 0; }).join("") };
  }
  function argumentsOf(r) {
    r.take("(");
    var args = [], kwargs = {};
    while (r.peek() && r.peek().t !== ")") {
      var t = r.peek(), next = r.list[r.i + 1];
      if (t.t === "name" && next && next.t === "=") {
        r.take(); r.take("=");
        kwargs[t.v] = value(r);
      } else {
        if (Object.keys(kwargs).length) throw new Error("a positional argument follows a keyword argument");
        args.push(value(r));
      }
      if (r.peek() && r.peek().t === ",") r.take(",");
      else break;
    }
    r.take(")");
    return { args: args, kwargs: kwargs };
  }
  function invoke(v, args, kwargs) {
    if (v && v.cls === "Locator") {  // Locator(By.X, "value"[, "name"])
      if (args.length < 2 || typeof args[0] !== "string" || typeof args[1] !== "string") {
        throw new Error("Locator(...) takes a By strategy and a value: Locator(By.CSS_SELECTOR, \"#save\")");
      }
      if (Object.keys(BY).map(function (k) { return BY[k]; }).indexOf(args[0]) < 0) {
        throw new Error("unknown strategy " + JSON.stringify(args[0]));
      }
      return new Loc({ by: args[0], value: args[1] }, typeof args[2] === "string" ? args[2] : "");
    }
    if (v && v.fn) {
      if (v.self) return v.fn(v.self, args, kwargs);
      return v.fn(args, kwargs);
    }
    throw new Error(show(v) + " cannot be called");
  }

  function locatorNode(text) {
    var r = new Reader(tokens(String(text)));
    if (!r.list.length) throw new Error("type a locator, such as Locator.role(\"button\", name=\"Save\")");
    var v = value(r);
    if (r.peek()) throw new Error("unexpected " + JSON.stringify(r.peek().v !== undefined ? r.peek().v : r.peek().t) + " after the locator");
    return asLocator(v, "the text").node;
  }
  return { locatorNode: locatorNode };
})();
