# SPDX-License-Identifier: GPL-2.0-only
"""Numbers, times and sizes as the bench reports print them."""


def fnum(v, digits=3):
    """A number in the reports' one format: a whole number as such (counts:
    PTEs, bytes), anything else to 3 significant digits in plain decimals
    (no exponent: 0.000183, not 1.83e-04), so that every table and plot
    reads alike. digits is kept for callers; 3 is the format."""
    if v is None:
        return '–'
    if v == 0:
        return '0'
    if v == int(v) and abs(v) < 1e15:
        return '%d' % v
    a = abs(v)
    if a >= 1000:
        return '%.0f' % v
    k = 0
    while a * 10 ** k < 100:     # 3 significant digits
        k += 1
    return ('%.*f' % (k, v)).rstrip('0').rstrip('.') if k else '%.0f' % v


def pct(x):
    """A relative change as '+1.2%' (one decimal, always signed)."""
    if x is None:
        return '–'
    return '%+.1f%%' % (100.0 * x)


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
