# SPDX-License-Identifier: GPL-2.0-only
"""
Where a kernel file can be mutated, and how: the mutation operators.

The file is parsed with libclang (Debian's python3-clang-14), with the
flags the harness compiles it with, for one thing only: the extent of
every function defined in it. Inside a function the operators work on its
raw tokens (libclang's lexer, before macro expansion), so that a mutant is
always one small edit of the text a maintainer reads: `<` for `<=` in
`if (len <= max)`, never a change inside a macro's definition.

Operators (the bug classes of issue 14):
  ror       relational/equality operator replaced: < <=, > >=, == !=
  const     an integer constant +1 or -1 (bounds, shifts, sizes)
  term      one term of an addition dropped in size/offset/alignment
            arithmetic: `a + b` -> `a` (the statement names a length,
            size, offset, alignment, end, ...)
  conjunct  one conjunct of && removed (either side)
  overflow  check_add_overflow(a, b, d) -> a plain add into *d, no check
  minmax    min <-> max (min_t, max_t, umin, umax too)
"""
import os
import re

try:
    import clang.cindex as ci
except ImportError:  # reported by the caller with the package to install
    ci = None

LIBCLANG = '/usr/lib/x86_64-linux-gnu/libclang-14.so.1'

OPERATORS = ('ror', 'const', 'term', 'conjunct', 'overflow', 'minmax')

ROR = {'<': '<=', '<=': '<', '>': '>=', '>=': '>', '==': '!=', '!=': '=='}
MINMAX = {'min': 'max', 'max': 'min', 'min_t': 'max_t', 'max_t': 'min_t',
          'umin': 'umax', 'umax': 'umin'}
# a statement doing size, offset or alignment arithmetic names one of these
SIZEISH = re.compile(r'len|size|off|align|round|pad|end|count|nr_|nents|shift|pages|bytes|limit',
                     re.I)
# binary operators of lower precedence than + (they end a term), and delimiters
END_TERM = {'+', '-', '<<', '>>', '<', '<=', '>', '>=', '==', '!=', '&', '^', '|', '&&',
            '||', '?', ':', ',', ';', '=', '+=', '-=', '*=', '/=', '%=', '&=', '|=',
            '^=', '<<=', '>>='}
END_CONJ = {'&&', '||', '?', ':', ',', ';', '=', '+=', '-=', '|=', '&=', 'return'}
OPEN, CLOSE = {'(': ')', '[': ']', '{': '}'}, {')': '(', ']': '[', '}': '{'}


class Tok:
    __slots__ = ('text', 'kind', 'start', 'end', 'line')

    def __init__(self, text, kind, start, end, line):
        self.text, self.kind, self.start, self.end, self.line = text, kind, start, end, line


class Mutant:
    """One edit of the file: replace [start, end) by new."""

    def __init__(self, func, op, line, start, end, old, new, what):
        self.func, self.op, self.line = func, op, line
        self.start, self.end, self.old, self.new, self.what = start, end, old, new, what
        self.nth = 1

    @property
    def ident(self):
        """
        Stable across runs of the same file: function, operator, line, edit;
        the same edit made again further along the line gets #2, #3...
        """
        base = '%s:%s:%d:%s' % (self.func, self.op, self.line,
                                re.sub(r'\s+', ' ', '%s=>%s' % (self.old, self.new))[:80])
        return base if self.nth == 1 else '%s#%d' % (base, self.nth)

    def apply(self, text):
        return text[:self.start] + self.new + text[self.end:]


def parse_functions(path, args):
    """[(name, start offset, end offset, body start offset)] of the functions defined in path."""
    if ci is None:
        raise RuntimeError('python3-clang-14 is not installed (make deps, or apt-get install python3-clang-14)')
    if not ci.Config.loaded and os.path.exists(LIBCLANG):
        ci.Config.set_library_file(LIBCLANG)
    tu = ci.Index.create().parse(path, args=args)
    out = []
    for c in tu.cursor.get_children():
        if c.kind != ci.CursorKind.FUNCTION_DECL or not c.is_definition():
            continue
        if not c.location.file or os.path.realpath(c.location.file.name) != os.path.realpath(path):
            continue
        body = [k for k in c.get_children() if k.kind == ci.CursorKind.COMPOUND_STMT]
        if not body:
            continue
        out.append((c.spelling, c.extent.start.offset, c.extent.end.offset,
                    body[0].extent.start.offset))
    return out, tu


def tokens(tu, path, start, end):
    """The raw tokens of [start, end) of path, comments left out."""
    f = tu.get_file(path)
    ext = ci.SourceRange.from_locations(ci.SourceLocation.from_offset(tu, f, start),
                                        ci.SourceLocation.from_offset(tu, f, end))
    out = []
    for t in tu.get_tokens(extent=ext):
        if t.kind == ci.TokenKind.COMMENT:
            continue
        out.append(Tok(t.spelling, t.kind.name, t.extent.start.offset, t.extent.end.offset,
                       t.location.line))
    return out


def _is_operand_end(t):
    return t.kind in ('IDENTIFIER', 'LITERAL') or t.text in (')', ']')


def _statement(toks, i):
    """Token indices [a, b) of the statement around toks[i]."""
    a = i
    while a > 0 and toks[a - 1].text not in (';', '{', '}'):
        a -= 1
    b = i
    while b < len(toks) and toks[b].text not in (';', '{', '}'):
        b += 1
    return a, b


def _right_operand(toks, i, stop):
    """Index one past the right operand of the binary operator at toks[i]."""
    j, depth = i + 1, 0
    # unary operators, casts and the like before the operand proper
    while j < len(toks):
        t = toks[j]
        if t.text in OPEN:
            depth += 1
        elif t.text in CLOSE:
            if depth == 0:
                return j
            depth -= 1
        elif depth == 0 and t.text in stop and j > i + 1 and _is_operand_end(toks[j - 1]):
            return j
        elif depth == 0 and t.text in (';', ',') :
            return j
        j += 1
    return j


def _left_operand(toks, i, stop):
    """Index of the first token of the left operand of the operator at toks[i]."""
    j, depth = i - 1, 0
    while j >= 0:
        t = toks[j]
        if t.text in CLOSE:
            depth += 1
        elif t.text in OPEN:
            if depth == 0:
                return j + 1
            depth -= 1
        elif depth == 0 and (t.text in stop or t.text in (';', ',', 'return', 'if', 'while')):
            if t.text in ('-', '+') and (j == 0 or not _is_operand_end(toks[j - 1])):
                j -= 1  # unary: part of the operand
                continue
            return j + 1
        j -= 1
    return 0


def _matching(toks, i):
    """Index of the token closing the bracket at toks[i]."""
    depth = 0
    for j in range(i, len(toks)):
        if toks[j].text in OPEN:
            depth += 1
        elif toks[j].text in CLOSE:
            depth -= 1
            if depth == 0:
                return j
    return None


def _int_literal(s):
    m = re.fullmatch(r'(0[xX][0-9a-fA-F]+|[1-9][0-9]*|0)([uUlL]*)', s)
    if not m:
        return None	# octal (file modes), floats, characters
    return int(m.group(1), 0), m.group(1).lower().startswith('0x'), m.group(2)


def mutants_of(text, func, toks, body_start, ops=OPERATORS):
    """Every mutant of one function's tokens."""
    out = []
    body = [k for k, t in enumerate(toks) if t.start >= body_start]
    first = body[0] if body else len(toks)
    for k in range(first, len(toks)):
        t = toks[k]
        prev = toks[k - 1] if k else None
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if 'ror' in ops and t.kind == 'PUNCTUATION' and t.text in ROR:
            out.append(Mutant(func, 'ror', t.line, t.start, t.end, t.text, ROR[t.text],
                              '`%s` -> `%s`' % (t.text, ROR[t.text])))
        if 'const' in ops and t.kind == 'LITERAL':
            lit = _int_literal(t.text)
            if lit and not (prev and prev.text == 'case') and not (nxt and nxt.text == ':'):
                v, hexa, suffix = lit
                for d in (1, -1):
                    if v + d < 0:
                        continue
                    new = (hex(v + d) if hexa else str(v + d)) + suffix
                    out.append(Mutant(func, 'const', t.line, t.start, t.end, t.text, new,
                                      '%s -> %s' % (t.text, new)))
        if 'term' in ops and t.text == '+' and prev and _is_operand_end(prev):
            a, b = _statement(toks, k)
            if SIZEISH.search(' '.join(x.text for x in toks[a:b])):
                r = _right_operand(toks, k, END_TERM)
                if r > k + 1:
                    old = text[t.start:toks[r - 1].end]
                    out.append(Mutant(func, 'term', t.line, t.start, toks[r - 1].end, old, '',
                                      'drop `%s`' % re.sub(r'\s+', ' ', old)))
        if 'conjunct' in ops and t.text == '&&':
            r = _right_operand(toks, k, END_CONJ | {')'})
            lft = _left_operand(toks, k, END_CONJ | {'('})
            if r > k + 1:
                old = text[t.start:toks[r - 1].end]
                out.append(Mutant(func, 'conjunct', t.line, t.start, toks[r - 1].end, old, '',
                                  'drop `%s`' % re.sub(r'\s+', ' ', old)))
            if lft < k:
                old = text[toks[lft].start:toks[k].end]
                out.append(Mutant(func, 'conjunct', toks[lft].line, toks[lft].start, t.end, old,
                                  '', 'drop `%s`' % re.sub(r'\s+', ' ', old)))
        if 'minmax' in ops and t.kind == 'IDENTIFIER' and t.text in MINMAX and nxt and nxt.text == '(':
            out.append(Mutant(func, 'minmax', t.line, t.start, t.end, t.text, MINMAX[t.text],
                              '`%s` -> `%s`' % (t.text, MINMAX[t.text])))
        if 'overflow' in ops and t.text == 'check_add_overflow' and nxt and nxt.text == '(':
            close = _matching(toks, k + 1)
            if close is None:
                continue
            args, depth, cur = [], 0, k + 2
            for j in range(k + 2, close):
                if toks[j].text in OPEN:
                    depth += 1
                elif toks[j].text in CLOSE:
                    depth -= 1
                elif toks[j].text == ',' and depth == 0:
                    args.append(text[toks[cur].start:toks[j - 1].end])
                    cur = j + 1
            args.append(text[toks[cur].start:toks[close - 1].end])
            if len(args) == 3:
                new = '({ *(%s) = (%s) + (%s); false; })' % (args[2], args[0], args[1])
                old = text[t.start:toks[close].end]
                out.append(Mutant(func, 'overflow', t.line, t.start, toks[close].end, old, new,
                                  'check_add_overflow -> plain add'))
    return out


def collect(path, args, funcs=None, ops=OPERATORS):
    """(mutants, the functions defined) of the file at path; funcs: only these."""
    # libclang's offsets count bytes: latin-1 maps each byte to one
    # character (a UTF-8 comment cannot shift them), and writes back the
    # same bytes
    with open(path, encoding='latin-1') as fh:
        text = fh.read()
    defined, tu = parse_functions(path, args)
    out = []
    for name, start, end, body in defined:
        if funcs is not None and name not in funcs:
            continue
        out.extend(mutants_of(text, name, tokens(tu, path, start, end), body, ops))
    seen = {}
    for m in sorted(out, key=lambda m: m.start):
        m.nth = seen[m.ident] = seen.get(m.ident, 0) + 1
    return out, [d[0] for d in defined], text


def calls_in(path, args):
    """{function defined in path: identifiers it calls or takes the address of}."""
    defined, tu = parse_functions(path, args)
    out = {}
    for name, start, end, body in defined:
        toks = tokens(tu, path, body, end)
        out[name] = {t.text for t in toks if t.kind == 'IDENTIFIER'}
    return out
