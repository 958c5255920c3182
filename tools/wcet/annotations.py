"""@wcet annotations in the core's sources, and the constants they name.

Syntax (one per source line, inside a comment; spec/wcet.md):
  @wcet-bound EXPR [justification]   the loop on this line iterates at most
                                     EXPR times per entry into it
  @wcet-bound none[: why]            not a loop to bound: left only by an
                                     interrupt or never (a path ends here)
  @wcet-bound preemptible[: why]     runs only with interrupts on; no
                                     non-preemptible path may reach it
  @wcet-entry NAME                   the instruction on this line starts a
                                     non-preemptible path NAME (assembly)
EXPR is the longest prefix of the text that parses as an expression of
integers, names (#defines of the configuration's config.h and the core's
headers, else ELF symbols), + - * / (division rounds up), parentheses,
max(a, b, ...), min(a, b, ...) and arg(k): the k-th argument register of
the routine (r3 for k=1) when every call reaching it passes a known
constant there, else unknown (min() drops unknown operands, so
`min(arg(2), 128)` is arg(2) where the caller passes a constant and 128
elsewhere; a bound that stays unknown is an error).  What follows the
expression is free text.
"""
import os
import re

ANNOT_RE = re.compile(r"@wcet-([A-Za-z]+)\b(.*)")
KINDS = ("bound", "entry")
TOKEN_RE = re.compile(r"\s*(?:(0[xX][0-9a-fA-F]+|\d+)[uUlL]*|([A-Za-z_]\w*)|(.))")


class AnnotationError(Exception):
    pass


class Annotation:
    def __init__(self, kind, text, path, line):
        self.kind = kind      # 'bound' | 'entry'
        self.text = text      # after the keyword, comment closer removed
        self.path = path
        self.line = line
        self.special = None   # 'none' | 'preemptible' for bounds
        self.expr = None      # parsed expression (bounds)
        self.expr_text = ""
        self.name = None      # entry name

    @property
    def where(self):
        return "%s:%d" % (self.path, self.line)


def parse_line(text, path, line):
    """The annotation on one source line, or None."""
    m = ANNOT_RE.search(text)
    if not m:
        return None
    kind, rest = m.group(1), m.group(2)
    for closer in ("*/",):
        if closer in rest:
            rest = rest[:rest.index(closer)]
    rest = rest.strip()
    if kind not in KINDS:
        raise AnnotationError("%s:%d: unknown annotation @wcet-%s (known: %s)"
                              % (path, line, kind, ", ".join("@wcet-" + k for k in KINDS)))
    a = Annotation(kind, rest, path, line)
    if kind == "entry":
        m2 = re.match(r"([A-Za-z_][\w.-]*)", rest)
        if not m2:
            raise AnnotationError("%s:%d: @wcet-entry needs a path name" % (path, line))
        a.name = m2.group(1)
        return a
    word = re.match(r"([A-Za-z_]\w*)", rest)
    if word and word.group(1) in ("none", "preemptible"):
        a.special = word.group(1)
        return a
    expr, used = parse_expr(rest)
    if expr is None:
        raise AnnotationError("%s:%d: @wcet-bound needs a bound expression, 'none' or "
                              "'preemptible', found %r" % (path, line, rest))
    a.expr = expr
    a.expr_text = rest[:used].strip()
    return a


# ---- expressions -----------------------------------------------------------
# Trees: ('num', n) | ('name', s) | ('op', '+', l, r) | ('call', 'max', [args])

def _tokens(text):
    out = []
    pos = 0
    while pos < len(text):
        m = TOKEN_RE.match(text, pos)
        if not m or m.end() == pos:
            break
        if m.group(1):
            out.append(("num", int(m.group(1), 0), m.end()))
        elif m.group(2):
            out.append(("name", m.group(2), m.end()))
        elif m.group(3):
            out.append(("op", m.group(3), m.end()))
        pos = m.end()
    return out


def parse_expr(text):
    """(tree, characters used) for the longest expression prefix of text,
    or (None, 0)."""
    toks = _tokens(text)
    p = _Parser(toks)
    tree = p.expr()
    if tree is None:
        return None, 0
    return tree, (toks[p.pos - 1][2] if p.pos else 0)


class _Parser:
    """Recursive descent that stops (without error) where the text stops
    being an expression; a failed alternative backtracks."""

    def __init__(self, toks):
        self.t = toks
        self.pos = 0

    def peek(self, kind=None, value=None):
        if self.pos >= len(self.t):
            return None
        tok = self.t[self.pos]
        if kind and tok[0] != kind:
            return None
        if value is not None and tok[1] != value:
            return None
        return tok

    def expr(self):
        left = self.term()
        if left is None:
            return None
        while self.peek("op") and self.peek()[1] in "+-":
            save = self.pos
            op = self.t[self.pos][1]
            self.pos += 1
            right = self.term()
            if right is None:
                self.pos = save
                break
            left = ("op", op, left, right)
        return left

    def term(self):
        left = self.atom()
        if left is None:
            return None
        while self.peek("op") and self.peek()[1] in "*/":
            save = self.pos
            op = self.t[self.pos][1]
            self.pos += 1
            right = self.atom()
            if right is None:
                self.pos = save
                break
            left = ("op", op, left, right)
        return left

    def atom(self):
        tok = self.peek()
        if tok is None:
            return None
        save = self.pos
        if tok[0] == "num":
            self.pos += 1
            return ("num", tok[1])
        if tok[0] == "name":
            self.pos += 1
            if tok[1] in ("max", "min", "arg") and self.peek("op", "("):
                self.pos += 1
                args = []
                while True:
                    a = self.expr()
                    if a is None:
                        break
                    args.append(a)
                    if self.peek("op", ","):
                        self.pos += 1
                        continue
                    break
                if args and self.peek("op", ")"):
                    self.pos += 1
                    return ("call", tok[1], args)
                self.pos = save + 1
            return ("name", tok[1])
        if tok[0] == "op" and tok[1] == "(":
            self.pos += 1
            inner = self.expr()
            if inner is not None and self.peek("op", ")"):
                self.pos += 1
                return inner
            self.pos = save
            return None
        return None


UNKNOWN = None  # the value of arg(k) when the caller's argument is not a known constant


def evaluate(tree, resolve, arg=None):
    """Integer value of tree, or UNKNOWN when it depends on an argument that
    is not known (arg(k) -> int or UNKNOWN; min() ignores UNKNOWN operands
    unless all are).  resolve(name) -> int or raises."""
    kind = tree[0]
    if kind == "num":
        return tree[1]
    if kind == "name":
        return resolve(tree[1])
    if kind == "call":
        vals = [evaluate(a, resolve, arg) for a in tree[2]]
        if tree[1] == "arg":
            if len(vals) != 1 or vals[0] is UNKNOWN or not 1 <= vals[0] <= 8:
                raise AnnotationError("arg(k) takes one argument number k, 1 (r3) to 8 (r10)")
            return arg(vals[0]) if arg else UNKNOWN
        known = [v for v in vals if v is not UNKNOWN]
        if tree[1] == "max":
            return UNKNOWN if len(known) < len(vals) else max(vals)
        return min(known) if known else UNKNOWN
    op, a, b = tree[1], evaluate(tree[2], resolve, arg), evaluate(tree[3], resolve, arg)
    if a is UNKNOWN or b is UNKNOWN:
        if op == "-" and b is UNKNOWN or op == "/" and b is UNKNOWN:
            raise AnnotationError("an unknown argument may not be subtracted or divided by")
        return UNKNOWN
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if b == 0:
        raise AnnotationError("division by zero")
    return -((-a) // b)  # rounds up: a bound never shrinks


# ---- sources ---------------------------------------------------------------
class Sources:
    """Annotations of the source files, read on demand relative to root."""

    def __init__(self, root):
        self.root = root
        self.files = {}  # path -> {line: Annotation}

    def resolve_path(self, path):
        return path if os.path.isabs(path) else os.path.join(self.root, path)

    def display(self, path):
        if os.path.isabs(path):
            rel = os.path.relpath(path, self.root)
            if not rel.startswith(".."):
                return rel
        return path

    def annotations(self, path):
        if path in self.files:
            return self.files[path]
        full = self.resolve_path(path)
        out = {}
        try:
            with open(full, encoding="utf-8", errors="replace") as f:
                for n, text in enumerate(f, 1):
                    if "@wcet-" in text:
                        a = parse_line(text, self.display(path), n)
                        if a is not None:
                            out[n] = a
        except OSError as e:
            raise AnnotationError("%s: cannot read source file (%s); run from the repository "
                                  "root or pass --root" % (full, e.strerror))
        self.files[path] = out
        return out

    def at(self, path, line):
        return self.annotations(path).get(line)


# ---- constants ---------------------------------------------------------------
DEFINE_RE = re.compile(r"^\s*#\s*define\s+([A-Za-z_]\w*)(\([^)]*\))?\s*(.*)$")


class Constants:
    """#define NAME VALUE from headers, evaluated on demand."""

    def __init__(self):
        self.defs = {}   # name -> (text, where)
        self.sources = []

    def add_file(self, path):
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                lines = f.read().split("\n")
        except OSError as e:
            raise AnnotationError("%s: cannot read header (%s)" % (path, e.strerror))
        self.sources.append(path)
        for n, text in enumerate(lines, 1):
            m = DEFINE_RE.match(text)
            if not m or m.group(2):  # function-like macros are not constants
                continue
            value = re.sub(r"/\*.*?\*/", "", m.group(3))
            value = value.split("//")[0].strip()
            if value:
                self.defs.setdefault(m.group(1), (value, "%s:%d" % (path, n)))

    def value(self, name, depth=0):
        if name not in self.defs:
            return None
        text, where = self.defs[name]
        if depth > 20:
            raise AnnotationError("%s: #define %s is recursive" % (where, name))
        text = re.sub(r"\bU\(([^()]*)\)", r"\1", text)  # the headers' U(x) suffix macro
        tree, used = parse_expr(text)
        if tree is None or text[used:].strip():
            raise AnnotationError("%s: #define %s = %r is not an integer constant expression"
                                  % (where, name, text))

        def res(n):
            v = self.value(n, depth + 1)
            if v is None:
                raise AnnotationError("%s: #define %s uses unknown name %s" % (where, name, n))
            return v
        return evaluate(tree, res)
