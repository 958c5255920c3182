"""Requirement citations in source files and what each one is attached to.

A citation is a requirement ID (two or more capitals and digits, a dash,
three digits: PART-002) named in a comment in one of these forms:

  marker clause   `REQ:` or `@req` followed by a list of IDs, in any
                  comment (C, assembly, Python docstrings and comments,
                  `#` comments of scenarios and makefiles).  The list is
                  IDs separated by commas, spaces, newlines or "and"; each
                  ID may be followed by a remark in parentheses (IDs inside
                  the remark are not cited); `SCHED-001/002` cites SCHED-001
                  and SCHED-002.  The list ends at anything else (a full
                  stop, a colon, a word), so IDs named later in the prose
                  are not citations.  A list may run over several lines of
                  the same comment.
  ACSL            every ID anywhere inside an ACSL annotation (`/*@ ... */`,
                  `//@ ...`), for instance `// FV-005: WRC sticky`.

A marker whose first word looks like a mistyped ID (lower case letters, a
missing dash, fewer than three digits) is reported as malformed; a marker
followed by ordinary words (as in documentation that shows the syntax) is
ignored.

Attachment (which function a citation belongs to), for C:
  1. the file's header comment (the first comment, before any code or
     preprocessor line): the whole file;
  2. a comment inside a function body: that function;
  3. a comment in the unbroken run of comments (no blank line, no code,
     no preprocessor line) immediately before a function definition or
     prototype, its ACSL contract included: that function;
  4. anything else: the file, but not as a file-level citation.
Assembly: 1; then a comment whose text starts with `NAME:` where NAME is a
label of the file; then a comment directly followed by a label (or its
.globl/.type/.align line); then the label whose body (up to the next
global label) holds the comment; else 4.  Python: the module docstring and
a comment block at the top of the file are file-level; a docstring belongs
to its function or class; a comment to the def it immediately precedes, or
else to the innermost def holding it.  `#`-comment files (scenarios,
makefiles, shell): the header comment is file-level, others rule 4.
"""
import ast
import bisect
import io
import re
import tokenize

ID_AT = re.compile(r"([A-Z][A-Z0-9]*)-(\d{3})((?:/\d{3})*)(?![A-Za-z0-9_])")
ID_ANY = re.compile(r"(?<![A-Za-z0-9_])([A-Z][A-Z0-9]*)-(\d{3})((?:/\d{3})*)(?![A-Za-z0-9_])")
MARKER = re.compile(r"(?<![A-Za-z0-9_])(REQ:|@req\b)")
ATTEMPT = re.compile(r"[A-Za-z]{2,}[A-Za-z0-9]*[-_ ]?\d{1,4}(?:/\d+)*(?![A-Za-z])")
WORD_AND = re.compile(r"and\b")

C_KEYWORDS = frozenset("""
    if while for switch return sizeof do else case goto default break continue
    typedef struct union enum const volatile static extern inline register auto
    void int char short long unsigned signed float double _Bool defined
    _Static_assert __attribute__ __asm__ asm typeof alignof _Alignof
""".split())


class Comment:
    """One comment: its lines (line number, text without comment leaders)."""

    def __init__(self, start_off, start_line, acsl, lines, own_line=True):
        self.start_off = start_off
        self.end_off = start_off
        self.start_line = start_line
        self.end_line = start_line + len(lines) - 1
        self.acsl = acsl
        self.lines = lines
        self.own_line = own_line

    @property
    def text(self):
        return "\n".join(t for _, t in self.lines)

    def line_of(self, offset):
        return self.lines[self.text.count("\n", 0, offset)][0]


class Token:
    __slots__ = ("off", "line", "text", "bol")

    def __init__(self, off, line, text, bol):
        self.off, self.line, self.text, self.bol = off, line, text, bol


class Func:
    """A function definition (body lines known), prototype or asm label."""

    def __init__(self, name, kind, first_off, first_line, body=None):
        self.name = name
        self.kind = kind              # "def", "proto", "label", "py"
        self.first_off = first_off
        self.first_line = first_line
        self.body = body              # (first line, last line) or None
        self.lead = []                # comments immediately before it


# ---- the citation grammar --------------------------------------------------

def expand(m):
    """IDs of one ID_AT/ID_ANY match: SCHED-001/002 -> SCHED-001, SCHED-002."""
    ids = ["%s-%s" % (m.group(1), m.group(2))]
    for num in m.group(3).split("/")[1:]:
        ids.append("%s-%s" % (m.group(1), num))
    return ids


def _skip_ws(text, pos):
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _skip_parens(text, pos):
    depth = 0
    while pos < len(text):
        if text[pos] == "(":
            depth += 1
        elif text[pos] == ")":
            depth -= 1
            if depth == 0:
                return pos + 1
        pos += 1
    return pos


def parse_clause(text, pos):
    """IDs of the list starting at pos (after a marker).

    Returns ([(id, offset), ...], malformed) where malformed is the first
    word when it looks like a mistyped ID and no ID was read, else None.
    """
    ids = []
    start = pos
    while True:
        pos = _skip_ws(text, pos)
        m = ID_AT.match(text, pos)
        if not m:
            break
        ids.extend((i, m.start()) for i in expand(m))
        pos = _skip_ws(text, m.end())
        if pos < len(text) and text[pos] == "(":
            pos = _skip_ws(text, _skip_parens(text, pos))
        if pos < len(text) and text[pos] == ",":
            pos += 1
        elif WORD_AND.match(text, pos):
            pos += 3
        elif not ID_AT.match(text, pos):
            break
    malformed = None
    if not ids:
        m = ATTEMPT.match(text, _skip_ws(text, start))
        if m:
            malformed = m.group(0)
    return ids, malformed


def comment_citations(comment):
    """[(id, line, marker)] and [(line, malformed text)] of one comment."""
    text = comment.text
    found, bad = [], []
    if comment.acsl:
        for m in ID_ANY.finditer(text):
            for i in expand(m):
                found.append((i, comment.line_of(m.start()), "acsl"))
        return found, bad
    for mk in MARKER.finditer(text):
        ids, malformed = parse_clause(text, mk.end())
        marker = "REQ" if mk.group(1) == "REQ:" else "@req"
        for i, off in ids:
            found.append((i, comment.line_of(off), marker))
        if malformed:
            bad.append((comment.line_of(mk.start()), "%s %s" % (mk.group(1), malformed)))
    return found, bad


# ---- C and assembly ----------------------------------------------------------

def _clean_block(raw):
    lines = raw.split("\n")
    out = []
    for k, line in enumerate(lines):
        if k == 0:
            line = line[2:]
            if line.startswith("@"):
                line = line[1:]
        if k == len(lines) - 1 and line.endswith("*/"):
            line = line[:-2]
        if k > 0:
            line = re.sub(r"^\s*\*+(?!/)", "", line)
        else:
            line = re.sub(r"^\*+", "", line)
        out.append(line.strip())
    return out


def lex_c(src):
    """(tokens, comments) of C or preprocessed-assembly source.

    Tokens are identifiers, numbers, "STR" for a string or character
    literal, single punctuation characters, and "#" for each preprocessor
    directive (whose own tokens are dropped).
    """
    toks, comments = [], []
    i, n, line = 0, len(src), 1
    bol = True          # nothing but blanks (and comments) so far on this line
    in_pp = False
    last_line_comment = None
    while i < n:
        c = src[i]
        if c == "\n":
            if not (in_pp and src[max(0, i - 2):i].rstrip("\r").endswith("\\")):
                in_pp = False
            line += 1
            bol = True
            i += 1
            continue
        if c in " \t\r\f\v":
            i += 1
            continue
        if src.startswith("/*", i):
            j = src.find("*/", i + 2)
            j = n if j < 0 else j + 2
            raw = src[i:j]
            lines = _clean_block(raw)
            com = Comment(i, line, raw.startswith("/*@"),
                          [(line + k, t) for k, t in enumerate(lines)], bol)
            com.end_off = j
            comments.append(com)
            last_line_comment = None
            line += raw.count("\n")
            i = j
            continue
        if src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
            raw = src[i:j]
            acsl = raw.startswith("//@")
            text = raw[3:] if acsl else raw[2:]
            prev = last_line_comment
            if (prev is not None and prev.end_line == line - 1 and prev.acsl == acsl
                    and bol and prev.own_line and prev.end_off > (toks[-1].off if toks else -1)):
                prev.lines.append((line, text.strip()))
                prev.end_line = line
                prev.end_off = j
            else:
                com = Comment(i, line, acsl, [(line, text.strip())], bol)
                com.end_off = j
                comments.append(com)
                last_line_comment = com
            i = j
            continue
        if in_pp:
            i += 1
            continue
        last_line_comment = None
        if c == "#" and bol:
            in_pp = True
            toks.append(Token(i, line, "#", True))
            bol = False
            i += 1
            continue
        if c in "\"'":
            j = i + 1
            while j < n and src[j] != c and src[j] != "\n":
                j += 2 if src[j] == "\\" else 1
            toks.append(Token(i, line, "STR", bol))
            i = j + 1
        elif c.isalpha() or c == "_":
            j = i + 1
            while j < n and (src[j].isalnum() or src[j] == "_"):
                j += 1
            toks.append(Token(i, line, src[i:j], bol))
            i = j
        elif c.isdigit():
            j = i + 1
            while j < n and (src[j].isalnum() or src[j] in "_."):
                j += 1
            toks.append(Token(i, line, src[i:j], bol))
            i = j
        else:
            toks.append(Token(i, line, c, bol))
            i += 1
        bol = False
    return toks, comments


def _match_open(toks, j, lo):
    """Index of the "(" matching the ")" at j (not below lo), or None."""
    depth = 0
    while j >= lo:
        if toks[j].text == ")":
            depth += 1
        elif toks[j].text == "(":
            depth -= 1
            if depth == 0:
                return j
        j -= 1
    return None


def _is_name(tok):
    return (tok.text[0].isalpha() or tok.text[0] == "_") and tok.text not in C_KEYWORDS \
        and tok.text != "STR"


def _def_name(toks, s, j):
    """Name index of a function header toks[s..j] ending with ")", or None."""
    while j >= s and toks[j].text == ")":
        k = _match_open(toks, j, s)
        if k is None or k - 1 < s:
            return None
        if toks[k - 1].text == "__attribute__" or (
                toks[k - 1].text == "(" and k - 2 >= s and toks[k - 2].text == "__attribute__"):
            j = k - 2 if toks[k - 1].text == "__attribute__" else k - 3
            continue
        name = k - 1
        if name == s or not _is_name(toks[name]):
            return None
        if any(t.text == "=" for t in toks[s:name]):
            return None
        return name
    return None


def c_functions(toks):
    """Function definitions and prototypes at file scope, in order."""
    funcs = []
    depth = 0
    s = 0
    open_def = None
    for idx, t in enumerate(toks):
        x = t.text
        if x == "#":
            if depth == 0:
                s = idx + 1
        elif x == "{":
            if depth == 0 and idx > s and toks[idx - 1].text == ")":
                name = _def_name(toks, s, idx - 1)
                if name is not None:
                    open_def = Func(toks[name].text, "def", toks[s].off, toks[s].line)
                    open_def.body_start = t.line
                    funcs.append(open_def)
            depth += 1
        elif x == "}":
            depth = max(0, depth - 1)
            if depth == 0 and open_def is not None:
                open_def.body = (open_def.body_start, t.line)
                open_def.body_end_off = t.off
                open_def = None
                s = idx + 1
        elif x == ";" and depth == 0:
            stmt = toks[s:idx]
            if stmt and stmt[0].text != "typedef" and not any(u.text == "{" for u in stmt):
                for p, u in enumerate(stmt):
                    if u.text == "(":
                        if p >= 2 and _is_name(stmt[p - 1]) and \
                                not any(v.text == "=" for v in stmt[:p]):
                            funcs.append(Func(stmt[p - 1].text, "proto", stmt[0].off, stmt[0].line))
                        break
            s = idx + 1
    if open_def is not None:     # unbalanced braces: the body runs to the end
        open_def.body = (open_def.body_start, toks[-1].line)
        open_def.body_end_off = toks[-1].off
    return funcs


def _attach_leads(funcs, toks, comments, header):
    """Fill each function's lead: the comments immediately before it."""
    offs = [t.off for t in toks]
    for f in funcs:
        k = bisect.bisect_left(offs, f.first_off)
        prev = toks[k - 1] if k > 0 else None
        cands = [c for c in comments
                 if c is not header and c.start_off < f.first_off
                 and (prev is None or (c.start_off > prev.off and c.start_line > prev.line))]
        expect = f.first_line
        lead = []
        for c in reversed(cands):
            if c.end_line < expect - 1:
                break
            lead.append(c)
            expect = c.start_line
        f.lead = list(reversed(lead))


def _header(toks, comments):
    """The file's header comment: its first, before any token, not ACSL."""
    if comments and not comments[0].acsl and (not toks or comments[0].start_off < toks[0].off):
        return comments[0]
    return None


class Scan:
    """The result of scanning one file: citations with their attachment."""

    def __init__(self, path, lang):
        self.path = path
        self.lang = lang
        self.functions = []     # Func, definitions (and prototypes, labels)
        self.citations = []     # dicts: id, line, marker, acsl, scope, function
        self.malformed = []     # (line, text)
        self.warnings = []
        self.header_ids = set()
        self.contracts = {}     # C: function name -> ACSL comments just before it

    def add(self, comment, scope, function):
        found, bad = comment_citations(comment)
        for i, line, marker in found:
            self.citations.append({"id": i, "line": line, "marker": marker,
                                   "acsl": comment.acsl, "scope": scope,
                                   "function": function})
            if scope == "file-header":
                self.header_ids.add(i)
        self.malformed.extend(bad)

    def defined(self):
        """Names of the functions defined here (C definitions, labels, defs)."""
        return sorted({f.name for f in self.functions if f.kind != "proto"})


def scan_c(path, src):
    toks, comments = lex_c(src)
    sc = Scan(path, "c")
    funcs = c_functions(toks)
    sc.functions = funcs
    header = _header(toks, comments)
    _attach_leads(funcs, toks, comments, header)
    lead_of = {}
    for f in funcs:
        for c in f.lead:
            lead_of[id(c)] = f
    defs = [f for f in funcs if f.kind == "def"]
    for c in comments:
        if c is header:
            sc.add(c, "file-header", None)
            continue
        owner = None
        for f in defs:
            if f.first_off < c.start_off < f.body_end_off:
                owner = f
                break
        if owner is None:
            owner = lead_of.get(id(c))
        if owner is not None:
            sc.add(c, "function", owner.name)
        else:
            sc.add(c, "file", None)
    for f in funcs:
        sc.contracts.setdefault(f.name, [])
        sc.contracts[f.name].extend(c for c in f.lead if c.acsl)
    return sc


LABEL_RE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):")
DIRECTIVE_RE = re.compile(r"^\s*\.(globl|global|type|align|balign|p2align|size|weak)\b\s*([A-Za-z_][A-Za-z0-9_]*)?")


def scan_asm(path, src):
    toks, comments = lex_c(src)
    sc = Scan(path, "asm")
    lines = src.split("\n")
    labels = []
    for k, t in enumerate(toks):
        if t.bol and _is_name(t) and k + 1 < len(toks) and toks[k + 1].text == ":" \
                and toks[k + 1].line == t.line:
            labels.append(Func(t.text, "label", t.off, t.line))
    for k, f in enumerate(labels):
        last = labels[k + 1].first_line - 1 if k + 1 < len(labels) else len(lines)
        f.body = (f.first_line, last)
    sc.functions = labels
    names = {f.name: f for f in labels}
    comment_lines = set()
    for c in comments:
        comment_lines.update(range(c.start_line, c.end_line + 1))
    header = _header(toks, comments)
    for c in comments:
        if c is header:
            sc.add(c, "file-header", None)
            continue
        owner = None
        m = LABEL_RE.match(c.text.lstrip())
        if m and m.group(1) in names:
            owner = names[m.group(1)]
        if owner is None:           # directly followed by a label
            ln = c.end_line + 1
            while ln <= len(lines):
                s = lines[ln - 1]
                if ln in comment_lines or not s.strip():
                    ln += 1
                    continue
                lm = LABEL_RE.match(s)
                dm = DIRECTIVE_RE.match(s)
                if lm and lm.group(1) in names:
                    owner = names[lm.group(1)]
                elif dm:
                    if dm.group(2) in names:
                        owner = names[dm.group(2)]
                    else:
                        ln += 1
                        continue
                break
        if owner is None:
            for f in labels:
                if f.body[0] <= c.start_line <= f.body[1]:
                    owner = f
        if owner is not None:
            sc.add(c, "function", owner.name)
        else:
            sc.add(c, "file", None)
    return sc


# ---- Python ------------------------------------------------------------------

def _py_comments(src):
    """Comments of Python source (consecutive own-line comments merged),
    and the line of the first token that is not a comment."""
    comments = []
    first_code = None
    prev_end_line = 0
    try:
        for tok in tokenize.generate_tokens(io.StringIO(src).readline):
            if tok.type == tokenize.COMMENT:
                line = tok.start[0]
                own = tok.line[:tok.start[1]].strip() == ""
                text = tok.string[1:].strip()
                last = comments[-1] if comments else None
                if last is not None and own and last.own_line and last.end_line == line - 1 \
                        and prev_end_line <= last.end_line:
                    last.lines.append((line, text))
                    last.end_line = line
                else:
                    comments.append(Comment(line, line, False, [(line, text)], own))
            elif tok.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.ENCODING,
                                  tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER):
                if first_code is None:
                    first_code = tok.start[0]
                prev_end_line = tok.end[0]
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return comments, first_code


def _docstring_comment(node):
    body = getattr(node, "body", None)
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        e = body[0]
        text = e.value.value
        return Comment(e.lineno, e.lineno, False,
                       [(e.lineno + k, t) for k, t in enumerate(text.split("\n"))])
    return None


def scan_python(path, src):
    sc = Scan(path, "python")
    comments, first_code = _py_comments(src)
    try:
        tree = ast.parse(src)
    except SyntaxError as e:
        sc.warnings.append("%s:%s: cannot parse (%s); comments read, docstrings not"
                           % (path, e.lineno, e.msg))
        for c in comments:
            sc.add(c, "file", None)
        return sc
    defs = []

    def walk(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = prefix + child.name
                start = min([child.lineno] + [d.lineno for d in child.decorator_list])
                f = Func(name, "py", start, start, (start, child.end_lineno))
                defs.append((f, child))
                walk(child, name + ".")
            else:
                walk(child, prefix)

    walk(tree, "")
    sc.functions = [f for f, _ in defs]
    doc = _docstring_comment(tree)
    if doc is not None:
        sc.add(doc, "file-header", None)
    for f, node in defs:
        d = _docstring_comment(node)
        if d is not None:
            sc.add(d, "function", f.name)
    for k, c in enumerate(comments):
        if k == 0 and c.own_line and (first_code is None or c.end_line < first_code):
            sc.add(c, "file-header", None)
            continue
        owner = None
        for f, _ in defs:           # immediately before a def (or its decorators)
            if c.own_line and c.end_line == f.first_line - 1:
                owner = f
        if owner is None:
            inner = [f for f, _ in defs if f.body[0] <= c.start_line <= f.body[1]]
            if inner:
                owner = max(inner, key=lambda f: f.body[0])
        if owner is not None:
            sc.add(c, "function", owner.name)
        else:
            sc.add(c, "file", None)
    return sc


# ---- `#` comments: scenarios, makefiles, shell -------------------------------

def scan_hash(path, src):
    sc = Scan(path, "hash")
    comments = []
    first_code = None
    for k, line in enumerate(src.split("\n"), 1):
        s = line.strip()
        if s.startswith("#"):
            if k == 1 and s.startswith("#!"):
                continue
            text = s.lstrip("#").strip()
            last = comments[-1] if comments else None
            if last is not None and last.end_line == k - 1:
                last.lines.append((k, text))
                last.end_line = k
            else:
                comments.append(Comment(k, k, False, [(k, text)]))
        elif s and first_code is None:
            first_code = k
    for k, c in enumerate(comments):
        header = k == 0 and (first_code is None or c.start_line < first_code)
        sc.add(c, "file-header" if header else "file", None)
    return sc


def scan_source(path, src):
    """Scan of one file by its name (None for a file of no known kind)."""
    name = path.rsplit("/", 1)[-1]
    ext = name.rsplit(".", 1)[-1] if "." in name else ""
    if ext in ("c", "h"):
        return scan_c(path, src)
    if ext in ("S", "s"):
        return scan_asm(path, src)
    if ext == "py":
        return scan_python(path, src)
    if ext in ("scn", "mk", "sh") or name in ("Makefile", "GNUmakefile"):
        return scan_hash(path, src)
    if not ext and src.startswith("#!"):
        first = src.split("\n", 1)[0]
        return scan_python(path, src) if "python" in first else scan_hash(path, src)
    return None
