#!/usr/bin/env python3
"""Write qingdan's man page, qingdan.1 (mdoc).

Commands, options and arguments come from the binary itself: its
`--experimental-dump-help` (swift-argument-parser's tool description, the input of that
package's generate-manual plugin), so every command is covered as soon as it exists. The
plugin's own generate-manual is not used: it drops every non-ASCII character, and this
tool's help is half Chinese. Added to the commands: KEYS, the browser's key table, from
the README's generated block (a unit test keeps that block equal to
Sources/QingdanBrowser/Keys/KeyMap.swift), and ENVIRONMENT, FILES, EXIT STATUS, EXAMPLES
and SEE ALSO, with the paths of the prefix being installed to.

Usage: python3 Scripts/generate-man.py BINARY OUTPUT|- [--prefix /usr]
Stdlib only.
"""

import argparse
import datetime
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

CONTEXT_TITLES = {
    "浏览": "浏览 Browsing",
    "搜索输入": "搜索输入 Typing a search (after /)",
    "鼠标 mouse": "鼠标 Mouse",
}


def fail(message):
    print(f"generate-man.py: {message}", file=sys.stderr)
    sys.exit(1)


def source_date():
    """The manual's date: $SOURCE_DATE_EPOCH, else the last commit's, so builds repeat."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        result = subprocess.run(["git", "-C", ROOT, "log", "-1", "--format=%ct"],
                                capture_output=True, text=True)
        epoch = result.stdout.strip() or None
    when = (datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc) if epoch
            else datetime.datetime.now(datetime.timezone.utc))
    return f"{when:%B} {when.day}, {when.year}"


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
    rows = key_rows()
    contexts = list(dict.fromkeys(context for _, _, context in rows))
    widest = max((keys for keys, _, _ in rows), key=len)
    for context in contexts:
        lines += [".Ss " + escape(CONTEXT_TITLES.get(context, context)),
                  f".Bl -tag -width {quoted(widest)} -compact"]
        for keys, action, row_context in rows:
            if row_context == context:
                lines += [".It Sy " + " ".join(escape(key) for key in keys.split()), escape(action)]
        lines.append(".El")
    return lines


def extra_sections(prefix):
    share = f"{prefix}/share/qingdan"
    return keys_section() + f"""\
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
.Pa ~/.config/qingdan/synonyms.tsv ;
the contacts directory likewise from
.Pa contacts.tsv
there, unless
.Fl -contacts
names a file.
.It Ev XDG_DATA_HOME
The desk log (enquiries, missed searches, search history, marks) is kept in
.Pa $XDG_DATA_HOME/qingdan/desk.sqlite ,
else
.Pa ~/.local/share/qingdan/desk.sqlite ,
unless
.Fl -desk
names a file.
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
.It Pa ~/.config/qingdan/contacts.tsv
The departments' and township offices' phones, shown with every answer:
.Ql 部门<TAB>电话<TAB>地址<TAB>办公时间<TAB>备注 ,
.Ql # 
comments. Start from
.Pa {share}/contacts.template.tsv ;
check it with
.Nm qingdan Cm check contacts .
.It Pa ~/.local/share/qingdan/desk.sqlite
The desk log (SQLite), readable by you only (the folder 0700, the file 0600): what was
answered, missed searches, search history and marks. See
.Nm qingdan Cm log .
If it is damaged, move it aside and qingdan starts a new one.
.It Pa ~/.cache/qingdan/catalogues-*.qdsnap
The index cache, one file per set of catalogues; safe to delete.
.It Pa {prefix}/share/doc/qingdan/README.md Ns Oo .gz Oc
How search, loading and the cache work, and the measured performance.
.El
.Pp
.Nm qingdan Fl -version
prints where the resources were looked for and found.
.Sh EXIT STATUS
0 on success; 1 when something could not be done (the message on standard error says
what and what to do), and for
.Cm check
when any line gave a warning or an error; 2 when the output cannot be written, and for
.Cm log
when the desk log cannot be used (damaged, locked, not writable) or a value is refused
(an unknown item, a bad date); 64 when the command line is wrong.
.Sh EXAMPLES
Who handles gas cylinders (煤气罐)?
.Dl qingdan who 煤气罐
Search in pinyin, one township, as JSON:
.Dl qingdan search jiuzhu --township 大石头乡 --json
The week's most-asked matters, and the searches that found nothing:
.Dl qingdan log stats --since 2026-11-24 && qingdan log misses
Check a township's own catalogue file, then browse it:
.Dl qingdan check 清单.txt && qingdan --data 清单.txt
.Sh SEE ALSO
.Xr man 1 ;
the README in
.Pa {prefix}/share/doc/qingdan/ .""".split("\n")


def quoted(text):
    """A macro argument: double quotes escaped, quoted when it has blanks."""
    text = " ".join(text.split()).replace("\\", "\\e").replace('"', "\\(dq")
    return f'"{text}"' if (" " in text or not text) else text


def text_lines(text):
    """Prose (an abstract or discussion) as text lines; blank lines become paragraphs."""
    lines = []
    for line in text.strip().split("\n"):
        lines.append(escape(line.strip()) if line.strip() else ".Pp")
    return lines


def discussion_text(discussion):
    """The discussion, a string or (newer dumps) an object holding one."""
    if isinstance(discussion, dict):
        return discussion.get("staticText") or ""
    return discussion or ""


def shown_arguments(command, root):
    """Arguments worth listing: displayed ones, without -h/--help, and --version only once."""
    for argument in command.get("arguments", []):
        names = [name["name"] for name in argument.get("names", [])]
        if not argument.get("shouldDisplay", True) or "help" in names:
            continue
        if "version" in names and not root:
            continue
        yield argument


def argument_macro(argument):
    """`Fl -limit Ar limit`, `Ar query ...`: the argument as mdoc macro arguments."""
    if argument["kind"] == "positional":
        macro = "Ar " + quoted(argument.get("valueName", "value"))
        return macro + (" No ..." if argument.get("isRepeating") else "")
    flags = []
    for name in argument.get("names", []):
        dash = "-" if name["kind"] == "long" else ""
        flags.append(f"Fl {dash}{name['name']}")
    macro = " , ".join(flags)
    if argument["kind"] == "option":
        macro += " Ar " + quoted(argument.get("valueName", "value"))
    return macro


def synopsis_line(argument):
    return (".Op " if argument.get("isOptional") else ".") + argument_macro(argument)


def argument_list(command, root):
    lines = [".Bl -tag -width Ds"]
    for argument in shown_arguments(command, root):
        lines.append(".It " + argument_macro(argument))
        help_text = argument.get("abstract") or ""
        if argument.get("allValues"):
            help_text += f" One of: {', '.join(argument['allValues'])}."
        if argument.get("defaultValue"):
            help_text += f" Default: {argument['defaultValue']}."
        lines += text_lines(help_text) if help_text.strip() else []
        lines += text_lines(discussion_text(argument.get("discussion")))
    lines.append(".El")
    return lines if len(lines) > 2 else []


def subcommands(command):
    return [sub for sub in command.get("subcommands", []) if sub.get("shouldDisplay", True)]


def command_sections(info, date):
    root = info["command"]
    name = root["commandName"]
    lines = [f'.\\" Generated by Scripts/generate-man.py from `{name} --experimental-dump-help`.',
             f".Dd {date}", f".Dt {name.upper()} 1", ".Os",
             ".Sh NAME", f".Nm {name}", ".Nd " + quoted(root.get("abstract", "")),
             ".Sh SYNOPSIS", ".Nm"]
    lines += [synopsis_line(argument) for argument in shown_arguments(root, True)]
    for sub in subcommands(root):
        lines += [".Nm", f".Cm {sub['commandName']}"]
        lines += [synopsis_line(argument) for argument in shown_arguments(sub, False)]
    lines += [".Sh DESCRIPTION"] + text_lines(discussion_text(root.get("discussion")))
    lines += argument_list(root, True)
    lines += [".Sh COMMANDS", ".Bl -tag -width Ds"]
    for sub in subcommands(root):
        lines.append(f".It Cm {sub['commandName']}")
        lines += text_lines(sub.get("abstract", ""))
        discussion = discussion_text(sub.get("discussion"))
        if discussion:
            lines += [".Pp"] + text_lines(discussion)
        lines += argument_list(sub, False)
    lines.append(".El")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("binary")
    parser.add_argument("output")
    parser.add_argument("--prefix", default="/usr")
    options = parser.parse_args()
    result = subprocess.run([os.path.abspath(options.binary), "--experimental-dump-help"],
                            capture_output=True, text=True)
    if result.returncode != 0:
        fail(f"{options.binary} --experimental-dump-help failed: {result.stderr.strip()}")
    try:
        info = json.loads(result.stdout)
    except json.JSONDecodeError as error:
        fail(f"{options.binary} --experimental-dump-help: not JSON ({error})")
    if info.get("serializationVersion") != 0:
        fail(f"unknown --experimental-dump-help version {info.get('serializationVersion')}")
    page = command_sections(info, source_date()) + extra_sections(
        options.prefix.rstrip("/") or "")
    text = "\n".join(page) + "\n"
    if options.output == "-":
        sys.stdout.write(text)
    else:
        with open(options.output, "w", encoding="utf-8") as out:
            out.write(text)


if __name__ == "__main__":
    main()
