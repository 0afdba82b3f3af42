# SPDX-License-Identifier: GPL-2.0-only
"""Numbers, times and sizes as the bench reports print them."""


def fnum(v, digits=3):
    """A number for a table: 3 significant digits, no exponent for everyday values."""
    if v is None:
        return '–'
    if v == 0:
        return '0'
    a = abs(v)
    if a >= 1e6:
        return '{:,.0f}'.format(v)
    if a >= 10 ** digits:
        return '%.0f' % v
    if a >= 1e-3:
        s = '%.*g' % (digits, v)
        return s
    return '%.2e' % v


def fspread(st, digits=3):
    """median (min–max), or the median alone when there is one sample."""
    if st is None:
        return '–'
    med, lo, hi = st
    m, a, b = fnum(med, digits), fnum(lo, digits), fnum(hi, digits)
    if lo == hi or a == b:
        return m
    return '%s (%s–%s)' % (m, a, b)


def fcount(n):
    """1048576 -> 1Mi, 1024 -> 1Ki"""
    for unit, div in (('Gi', 1 << 30), ('Mi', 1 << 20), ('Ki', 1 << 10)):
        if n >= div and n % div == 0:
            return '%d%s' % (n // div, unit)
    return '%d' % n


def ftime(ns):
    """ns as '1.23 ms', '456 ns'..."""
    if ns is None:
        return '–'
    for unit, div in (('s', 1e9), ('ms', 1e6), ('µs', 1e3)):
        if ns >= div:
            return '%.3g %s' % (ns / div, unit)
    return '%.3g ns' % ns


def fbytes(n):
    """bytes as '1.5 GiB', '512 B'..."""
    if n is None:
        return '–'
    for unit, div in (('GiB', 1 << 30), ('MiB', 1 << 20), ('KiB', 1 << 10)):
        if n >= div:
            return '%.3g %s' % (n / div, unit)
    return '%d B' % n


def md_escape(s):
    """s for a Markdown table cell."""
    return str(s).replace('|', '\\|')
