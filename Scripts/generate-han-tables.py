#!/usr/bin/env python3
"""Generate the Han tables that search uses for pinyin matching and folding.

Reads Debian's `unicode-data` copies of Unihan and writes:

  Resources/han/pinyin.tsv       CHAR<TAB>reading reading ...
  Resources/han/traditional.tsv  TRAD<TAB>SIMP

Readings are toneless lowercase ASCII with ü written as v, deduplicated, most
common first. Sources, in order: kMandarin (the customary reading),
kHanyuPinlu (readings ranked by corpus frequency), kXHC1983 (现代汉语词典),
kTGHZ2013 (通用规范汉字字典); kHanyuPinyin (汉语大字典, with archaic
readings) only for characters none of the others cover. Only the URO, Extension A and the compatibility block are kept:
catalogue text does not use the rarer extensions and the file stays small.

Usage: python3 Scripts/generate-han-tables.py [--unihan-dir DIR] [--out DIR]
Stdlib only.
"""

import argparse
import bz2
import os
import re
import sys
import unicodedata

READINGS = "Unihan_Readings.txt.bz2"
VARIANTS = "Unihan_Variants.txt.bz2"

# Field order is reading priority: earlier fields supply the more common readings.
READING_FIELDS = ("kMandarin", "kHanyuPinlu", "kXHC1983", "kTGHZ2013", "kHanyuPinyin")

RANGES = (
    (0x3400, 0x4DBF),  # CJK Unified Ideographs Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs (URO)
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
)

# Not a unified ideograph, so not in Unihan, but catalogues write years as 二〇二五.
EXTRA_READINGS = {0x3007: ["ling"]}  # 〇

SYLLABLE = re.compile(r"^[a-z]+$")


def in_ranges(cp):
    return any(lo <= cp <= hi for lo, hi in RANGES)


def is_compatibility(cp):
    return 0xF900 <= cp <= 0xFAFF


def open_unihan(directory, name):
    path = os.path.join(directory, name)
    if not os.path.exists(path):
        sys.exit(
            f"error: {path} not found; install it with `apt-get install unicode-data`"
            " (or pass --unihan-dir)"
        )
    return bz2.open(path, "rt", encoding="utf-8")


def read_unihan(directory, name, fields):
    """Returns (unicode version, {codepoint: {field: value}}) for the wanted fields."""
    version = None
    table = {}
    with open_unihan(directory, name) as handle:
        for line in handle:
            if line.startswith("#"):
                match = re.match(r"#\s*Unicode version:\s*(\S+)", line)
                if match:
                    version = match.group(1)
                continue
            line = line.rstrip("\n")
            if not line:
                continue
            codepoint, field, value = line.split("\t", 2)
            if field in fields:
                table.setdefault(int(codepoint[2:], 16), {})[field] = value
    if version is None:
        sys.exit(f"error: no 'Unicode version' line in the header of {name}")
    return version, table


def toneless(reading):
    """'lǜ' → 'lv', 'zhǎng' → 'zhang', 'ê̄' → 'e', 'ḿ' → 'm'."""
    decomposed = unicodedata.normalize("NFD", reading.strip().lower())
    out = []
    for ch in decomposed:
        if ch == "\u0308":  # diaeresis: u + ¨ is ü
            if out and out[-1] == "u":
                out[-1] = "v"
            continue
        if unicodedata.combining(ch):
            continue  # tone marks, the circumflex of ê
        out.append(ch)
    syllable = "".join(out)
    if not SYLLABLE.match(syllable):
        raise ValueError(f"unexpected reading {reading!r} → {syllable!r}")
    return syllable


def field_readings(field, value):
    """The raw (toned) readings of one field, in the field's own priority order."""
    if field == "kMandarin":
        return value.split()
    if field == "kHanyuPinlu":
        # "de(7394) dì(4976)": sort by frequency so the commoner reading leads.
        pairs = re.findall(r"([^\s(]+)\((\d+)\)", value)
        return [r for r, _ in sorted(pairs, key=lambda p: -int(p[1]))]
    if field in ("kXHC1983", "kTGHZ2013"):
        # "0121.040:cháng 1456.020:zhǎng" (locations may be comma lists).
        return [token.rsplit(":", 1)[1] for token in value.split()]
    if field == "kHanyuPinyin":
        # "10048.060:liǎo,le,liào 10049.010:…"
        readings = []
        for token in value.split():
            readings.extend(token.rsplit(":", 1)[1].split(","))
        return readings
    raise AssertionError(field)


# 汉语大字典's archaic readings (草 zao, 积 zi) make pinyin and initials match characters no
# caller means; it is used only for characters the modern dictionaries do not cover.
FALLBACK_FIELDS = ("kHanyuPinyin",)


def readings_of(fields):
    result = []
    modern = any(f in fields for f in READING_FIELDS if f not in FALLBACK_FIELDS)
    for field in READING_FIELDS:
        if field in FALLBACK_FIELDS and modern:
            continue
        if field in fields:
            for raw in field_readings(field, fields[field]):
                syllable = toneless(raw)
                if syllable not in result:
                    result.append(syllable)
    return result


def canonical(cp):
    """The unified ideograph a compatibility ideograph is canonically equivalent to."""
    nfc = unicodedata.normalize("NFC", chr(cp))
    return ord(nfc) if len(nfc) == 1 and ord(nfc) != cp else None


def build_pinyin(readings_table):
    rows = {}
    for cp, fields in readings_table.items():
        if in_ranges(cp):
            readings = readings_of(fields)
            if readings:
                rows[cp] = readings
    # Compatibility ideographs mostly have no readings of their own; Swift strings keep
    # them un-normalised, so give them the readings of their unified equivalent.
    for cp in range(0xF900, 0xFB00):
        if cp not in rows:
            target = canonical(cp)
            if target is not None and target in readings_table:
                readings = readings_of(readings_table[target])
                if readings:
                    rows[cp] = readings
    for cp, readings in EXTRA_READINGS.items():
        rows.setdefault(cp, readings)
    return rows


def build_traditional(variants_table):
    first = {}
    for cp, fields in variants_table.items():
        targets = [int(t[2:], 16) for t in fields["kSimplifiedVariant"].split()]
        # A character listed as its own first simplified form (乾 in 乾坤, 裡) is standard
        # simplified text and stays.
        if targets and targets[0] != cp:
            first[cp] = targets[0]

    def resolve(cp):
        # Follow chains (薴 → 苧 → 苎) so folding is idempotent.
        seen = {cp}
        while cp in first and first[cp] not in seen:
            cp = first[cp]
            seen.add(cp)
        return cp

    rows = {cp: resolve(cp) for cp in first}
    # Compatibility ideographs fold to their unified form (simplified when it has one).
    for cp in range(0xF900, 0xFB00):
        target = canonical(cp)
        if target is not None:
            rows[cp] = resolve(target)
    return {cp: target for cp, target in rows.items() if target != cp}


def write(path, header, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for line in header:
            out.write(f"# {line}\n")
        for cp in sorted(rows):
            out.write(f"{chr(cp)}\t{rows[cp]}\n")


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--unihan-dir", default="/usr/share/unicode")
    parser.add_argument("--out", default=os.path.join(root, "Resources", "han"))
    args = parser.parse_args()

    readings_version, readings_table = read_unihan(args.unihan_dir, READINGS, READING_FIELDS)
    variants_version, variants_table = read_unihan(
        args.unihan_dir, VARIANTS, ("kSimplifiedVariant",)
    )

    pinyin = build_pinyin(readings_table)
    write(
        os.path.join(args.out, "pinyin.tsv"),
        [
            f"Generated by Scripts/generate-han-tables.py from Unihan {readings_version}"
            f" ({READINGS}): {', '.join(READING_FIELDS)}.",
            "CHAR<TAB>readings: toneless, lowercase, ü written v, most common first."
            " Do not edit by hand.",
        ],
        {cp: " ".join(readings) for cp, readings in pinyin.items()},
    )

    traditional = build_traditional(variants_table)
    write(
        os.path.join(args.out, "traditional.tsv"),
        [
            f"Generated by Scripts/generate-han-tables.py from Unihan {variants_version}"
            f" ({VARIANTS}): first kSimplifiedVariant, chains resolved;",
            "compatibility ideographs fold to their unified (then simplified) form."
            " TRAD<TAB>SIMP. Do not edit by hand.",
        ],
        {cp: chr(target) for cp, target in traditional.items()},
    )

    syllables = sorted({s for readings in pinyin.values() for s in readings})
    print(f"pinyin.tsv: {len(pinyin)} characters, {len(syllables)} distinct syllables")
    print(f"traditional.tsv: {len(traditional)} mappings")


if __name__ == "__main__":
    main()
