#!/usr/bin/env python3
"""Write qingdan's man page, qingdan.1 (mdoc).

The commands, options and arguments come from the binary itself, through
swift-argument-parser's generate-manual tool (the same tool as its GenerateManual
plugin, built here from the resolved checkout in .build/checkouts, offline), so every
command is covered as soon as it exists. Added to that: KEYS, the browser's key table,
from the README's generated block (a unit test keeps that block equal to
Sources/QingdanBrowser/Keys/KeyMap.swift), and ENVIRONMENT, FILES, EXAMPLES and SEE ALSO,
with the paths of the prefix being installed to.

Usage: python3 Scripts/generate-man.py BINARY OUTPUT|- [--prefix /usr] [--tool PATH]
Stdlib only.
"""

import argparse
import datetime
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ARGUMENT_PARSER = os.path.join(ROOT, ".build", "checkouts", "swift-argument-parser")
TOOL_SCRATCH = os.path.join(ROOT, ".build", "tools", "argument-parser")

CONTEXT_TITLES = {
    "浏览": "浏览 Browsing",
    "搜索输入": "搜索输入 Typing a search (after /)",
    "鼠标 mouse": "鼠标 Mouse",
}


def fail(message):
    print(f"generate-man.py: {message}", file=sys.stderr)
    sys.exit(1)


def build_tool():
    """Builds generate-manual from the resolved swift-argument-parser checkout."""
    if not os.path.isdir(ARGUMENT_PARSER):
        fail(f"{ARGUMENT_PARSER} is missing; run `swift build` once so the packages are resolved")
    command = ["swift", "build", "--package-path", ARGUMENT_PARSER,
               "--scratch-path", TOOL_SCRATCH, "--product", "generate-manual"]
    # Build output goes to stderr: stdout may be the page.
    result = subprocess.run(["nice", "-n", "10"] + command, stdout=sys.stderr)
    if result.returncode != 0:
        fail("building generate-manual failed: " + " ".join(command))
    bin_path = subprocess.run(command + ["--show-bin-path"], capture_output=True, text=True,
                              check=True).stdout.strip()
    return os.path.join(bin_path, "generate-manual")


def source_date():
    """The manual's date: $SOURCE_DATE_EPOCH, else the last commit's, so builds repeat."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        result = subprocess.run(["git", "-C", ROOT, "log", "-1", "--format=%ct"],
                                capture_output=True, text=True)
        epoch = result.stdout.strip() or None
    when = (datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc) if epoch
            else datetime.datetime.now(datetime.timezone.utc))
    return when.strftime("%Y-%m-%d")


def escape(text):
    """Text safe on an mdoc line: backslashes escaped, no leading control character."""
    text = text.replace("\\", "\\e")
    return "\\&" + text if text.startswith((".", "'")) else text


def key_rows():
    """(keys, action, context) rows of the README's key table."""
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as readme:
        text = readme.read()
    match = re.search(r"<!-- keys:begin -->\n(.*?)\n<!-- keys:end -->", text, re.S)
    if not match:
        fail("README.md has no <!-- keys:begin --> … <!-- keys:end --> block")
    rows = []
    for line in match.group(1).splitlines()[2:]:
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3:
            fail(f"README.md key table: cannot read row {line!r}")
        keys = " ".join(part.strip("`") for part in cells[0].split())
        rows.append((keys, cells[1], cells[2]))
    if not rows:
        fail("README.md key table is empty")
    return rows


def keys_section():
    lines = [".Sh KEYS",
             "With no command, qingdan opens the browser: the catalogue tree, the items of the",
             "selected node, and the selected item with a boxed",
             ".Sy 谁负责",
             "(who handles it) answer.",
             "In the browser",
             ".Sy \\&?",
             "shows this table."]
    contexts = []
    for keys, action, context in key_rows():
        if context not in contexts:
            contexts.append(context)
    for context in contexts:
        lines += [".Ss " + escape(CONTEXT_TITLES.get(context, context)), ".Bl -tag -width Ds"]
        for keys, action, row_context in key_rows():
            if row_context == context:
                lines += [".It Sy " + " ".join(escape(key) for key in keys.split()), escape(action)]
        lines.append(".El")
    return lines


def extra_sections(prefix):
    share = f"{prefix}/share/qingdan"
    return keys_section() + f"""
.Sh ENVIRONMENT
.Bl -tag -width Ds
.It Ev QINGDAN_DATA
Catalogue files or directories, separated by colons, loaded when no
.Fl -data
is given.
.It Ev QINGDAN_RESOURCES
A resources folder (catalogues/, han/, synonyms.tsv) to use instead of the installed
.Pa {share} .
.It Ev QINGDAN_NO_CACHE
Set to anything but 0 to turn the index cache off.
.It Ev XDG_CACHE_HOME
The index cache is kept in
.Pa $XDG_CACHE_HOME/qingdan/ ,
else
.Pa ~/.cache/qingdan/ .
.It Ev XDG_CONFIG_HOME
Your own synonyms are read from
.Pa $XDG_CONFIG_HOME/qingdan/synonyms.tsv ,
else
.Pa ~/.config/qingdan/synonyms.tsv .
.It Ev NO_COLOR
When set and not empty, the browser draws without colour.
.It Ev TERM , Ev LANG , Ev LC_ALL
The terminal type and locale; without a UTF-8 locale the browser falls back to C.UTF-8.
.It Ev COLUMNS
The width that
.Cm show
wraps to when standard output is not a terminal.
.El
.Sh FILES
.Bl -tag -width Ds
.It Pa {share}/catalogues/
The bundled catalogues (昌吉州木垒县大石头乡 and 昌吉州昌吉市大西渠镇, July 2025).
.It Pa {share}/han/pinyin.tsv , Pa {share}/han/traditional.tsv
Pinyin readings and traditional-to-simplified folding, from Unihan.
.It Pa {share}/synonyms.tsv
Colloquial words and the catalogues' terms for them.
.It Pa ~/.config/qingdan/synonyms.tsv
Your own synonyms, one per line:
.Ql 电瓶车<TAB>电动自行车|电动车 .
.It Pa ~/.cache/qingdan/catalogues-*.qdsnap
The index cache, one file per set of catalogues; safe to delete.
.It Pa {prefix}/share/doc/qingdan/README.md
How search, loading and the cache work, and the measured performance.
.El
.Pp
.Nm qingdan Fl -version
prints where the resources were looked for and found.
.Sh EXAMPLES
Who handles gas cylinders (煤气罐)?
.Dl qingdan who 煤气罐
Search in pinyin, one township, as JSON:
.Dl qingdan search jiuzhu --township 大石头乡 --json
Check a township's own catalogue file, then browse it:
.Dl qingdan check 清单.txt && qingdan --data 清单.txt
.Sh SEE ALSO
.Xr man 1 ;
the README in
.Pa {prefix}/share/doc/qingdan/ .""".split("\n")


def splice(page, extra):
    """Inserts the extra sections before EXIT STATUS (where mdoc(7) orders them)."""
    lines = page.split("\n")
    at = next((i for i, line in enumerate(lines)
               if line.startswith(".Sh") and "EXIT STATUS" in line), None)
    if at is None:
        fail("generate-manual's page has no EXIT STATUS section to insert before")
    return "\n".join(lines[:at] + extra + lines[at:])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("binary")
    parser.add_argument("output")
    parser.add_argument("--prefix", default="/usr")
    parser.add_argument("--tool", help="a built generate-manual (default: build it)")
    options = parser.parse_args()
    tool = options.tool or build_tool()
    result = subprocess.run(
        [tool, os.path.abspath(options.binary), "--date", source_date(),
         "--output-directory", "-"],
        capture_output=True, text=True)
    if result.returncode != 0 or ".Sh" not in result.stdout:
        fail(f"generate-manual failed: {result.stderr.strip()}")
    page = splice(result.stdout.rstrip("\n"), extra_sections(options.prefix.rstrip("/") or ""))
    if options.output == "-":
        sys.stdout.write(page + "\n")
    else:
        with open(options.output, "w", encoding="utf-8") as out:
            out.write(page + "\n")


if __name__ == "__main__":
    main()
