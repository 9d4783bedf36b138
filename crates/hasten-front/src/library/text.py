# String methods in the Python compiled code runs (see library.rs); `library::method` maps the
# method names to these.


def _expandtabs(s, tabsize=8):
    """str.expandtabs: each tab padded with spaces to the next multiple of `tabsize` columns (a
    tab is dropped for a size of zero or less); a newline or carriage return restarts the count."""
    if not isinstance(s, str):
        np._unsupported("x.expandtabs() of anything but a str is not supported")
    out = []
    column = 0
    for ch in s:
        if ch == "\t":
            if tabsize > 0:
                pad = tabsize - column % tabsize
                out.append(" " * pad)
                column += pad
        elif ch == "\n" or ch == "\r":
            out.append(ch)
            column = 0
        else:
            out.append(ch)
            column += 1
    return "".join(out)
