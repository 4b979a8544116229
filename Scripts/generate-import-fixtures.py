#!/usr/bin/env python3
"""Writes the import fixtures (Tests/Fixtures/import/) from the bundled catalogues.

Each township is written as an Excel workbook, a Word document, a web page and CSV/TSV, the
way offices publish them: other header wordings, category cells merged down, title and note
rows, one sheet or table per list, several lines in a cell, Word's automatic numbering, a
GB2312 page, a GBK and a BOM CSV, the township named only in a file name. Reading any of them
must give the bundled catalogue's items, field for field (Tests/QingdanCoreTests/ImportTests).

Needs PyPI's openpyxl and python-docx (pip install openpyxl python-docx) and the items as
`qingdan export --format json` prints them; the generated files are committed, so the tests
need no Python. Usage: python3 Scripts/generate-import-fixtures.py [items.json]
"""
import copy
import csv
import html
import io
import json
import os
import re
import subprocess
import sys

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "import")
LISTS = [("basic", "基本履职事项"), ("cooperative", "配合履职事项"), ("recovered", "上级部门收回事项")]
STANDARD = {
    "basic": ["序号", "事项类别", "事项名称"],
    "cooperative": ["序号", "事项类别", "事项名称", "对应上级部门", "上级部门职责", "乡镇配合职责"],
    "recovered": ["序号", "事项类别", "事项名称", "承接部门及工作方式"],
}
# Other offices' wordings, one set per fixture family.
WORDINGS_A = {
    "basic": ["编号", "类别", "履职事项"],
    "cooperative": ["编号", "类别", "履职事项", "牵头部门", "部门职责", "乡镇职责"],
    "recovered": ["编号", "类别", "履职事项", "承接部门及工作方式"],
}
WORDINGS_B = {
    "basic": ["序号", "分类", "名称"],
    "cooperative": ["序号", "分类", "名称", "责任部门", "县直部门职责", "乡镇（街道）配合职责"],
    "recovered": ["序号", "分类", "事项", "部门：工作方式"],
}
WORDINGS_C = {
    "basic": ["序号", "事项类别", "事项"],
    "cooperative": ["序 号", "事项类别", "事项名称", "主管部门", "上级部门职责", "乡镇配合职责"],
    "recovered": ["序号", "事项类别", "事项名称", "部门:工作方式"],
}


def load_items():
    if len(sys.argv) > 1:
        with open(sys.argv[1], encoding="utf-8") as handle:
            return json.load(handle)
    binary = os.path.join(ROOT, ".build", "debug", "qingdan")
    command = [binary] if os.path.exists(binary) else ["swift", "run", "qingdan"]
    data = subprocess.run(
        command + ["export", "--format", "json"], cwd=ROOT, check=True, capture_output=True
    ).stdout
    return json.loads(data)


def regions():
    """township → (prefecture, county), from the bundled files' names."""
    result = {}
    for name in os.listdir(os.path.join(ROOT, "Resources", "catalogues")):
        match = re.match(r"^(.+?州)(.+?[县市区])(.+?[乡镇])履职事项清单", name)
        if match:
            result[match.group(3)] = (match.group(1), match.group(2))
    return result


def block_lines(blocks):
    lines = []
    for block in blocks or []:
        if block["kind"] == "step":
            lines.append(f"{block['label']}.{block['text']}")
        else:
            lines.append(block["text"])
    return lines


def cells(item):
    """The item's cells in the standard order, duty texts as lists of lines."""
    head = [str(item["number"]), item["category"], item["name"]]
    if item["list"] == "basic":
        return head
    if item["list"] == "cooperative":
        return head + [
            "、".join(d["asWritten"] for d in item.get("departments", [])),
            block_lines(item.get("departmentDuties")),
            block_lines(item.get("townshipDuties")),
        ]
    method = block_lines(item.get("method"))
    receiver = item.get("receiver", {}).get("asWritten", "")
    if not receiver:
        return head + [method]
    if len(method) > 1:
        return head + [[receiver + "："] + method]
    return head + [receiver + "：" + (" " + method[0] if method else "")]


def text(cell):
    return "\n".join(cell) if isinstance(cell, list) else cell


def by_township(items):
    result = {}
    for item in items:
        result.setdefault(item["township"], []).append(item)
    return result


def runs_of_category(rows):
    """(start, end) index ranges of rows with one category, for merging."""
    ranges, start = [], 0
    for index in range(1, len(rows) + 1):
        if index == len(rows) or rows[index]["category"] != rows[start]["category"]:
            ranges.append((start, index))
            start = index
    return ranges


# ---------------------------------------------------------------- xlsx


def write_xlsx_per_list(township, region, items, path, wordings):
    """One sheet per list, named by the list; no title: the township is only in the file name.
    Categories merged down; a note row and a count row at the end of each sheet."""
    book = Workbook()
    book.remove(book.active)
    wrap = Alignment(wrap_text=True, vertical="top")
    for key, chinese in LISTS:
        rows = [item for item in items if item["list"] == key]
        sheet = book.create_sheet(chinese)
        sheet.append(wordings[key])
        for item in rows:
            sheet.append([int(item["number"])] + [text(c) for c in cells(item)[1:]])
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = wrap
        for start, end in runs_of_category(rows):
            if end - start > 1:
                sheet.merge_cells(start_row=start + 2, start_column=2, end_row=end + 1, end_column=2)
        sheet.append([])
        sheet.append([f"注：本清单共{len(rows)}项，由乡镇党委、政府负责解释。"])
        sheet.append([f"共{len(rows)}项"])
    book.save(path)


def write_xlsx_one_sheet(township, region, items, path, wordings):
    """All three lists on one sheet, each under a merged heading row, with a merged title row,
    repeated header rows and rich-text runs in some names."""
    prefecture, county = region
    book = Workbook()
    sheet = book.active
    sheet.title = "清单"
    wrap = Alignment(wrap_text=True, vertical="top")
    sheet.append([f"{prefecture}{county}{township}履职事项清单"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=6)
    sheet.append(["2025年7月"])
    for key, chinese in LISTS:
        rows = [item for item in items if item["list"] == key]
        sheet.append([])
        sheet.append([f"{prefecture}{county}{township}{chinese}清单"])
        sheet.merge_cells(
            start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=len(wordings[key])
        )
        first = None
        for index, item in enumerate(rows):
            if index % 40 == 0:
                sheet.append(wordings[key])  # the header repeated, as on every printed page
            values = [int(item["number"])] + [text(c) for c in cells(item)[1:]]
            sheet.append(values)
            row = sheet.max_row
            if first is None:
                first = row
            if index % 7 == 3 and len(item["name"]) > 4:
                name = item["name"]
                sheet.cell(row=row, column=3).value = CellRichText(
                    [TextBlock(InlineFont(b=True), name[:2]), name[2:]]
                )
            for cell in sheet[row]:
                cell.alignment = wrap
    book.save(path)


# ---------------------------------------------------------------- docx


class Numbering:
    """Word list numbering: one abstract decimal list, a new num per run of steps."""

    def __init__(self, document):
        self.root = document.part.numbering_part.element
        abstract = OxmlElement("w:abstractNum")
        abstract.set(qn("w:abstractNumId"), "90")
        for level in range(2):
            lvl = OxmlElement("w:lvl")
            lvl.set(qn("w:ilvl"), str(level))
            for tag, value in (("w:start", "1"), ("w:numFmt", "decimal"), ("w:lvlText", f"%{level + 1}.")):
                element = OxmlElement(tag)
                element.set(qn("w:val"), value)
                lvl.append(element)
            abstract.append(lvl)
        first_num = self.root.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            self.root.append(abstract)
        self.next_id = 100

    def new_list(self, start):
        num = OxmlElement("w:num")
        num.set(qn("w:numId"), str(self.next_id))
        abstract = OxmlElement("w:abstractNumId")
        abstract.set(qn("w:val"), "90")
        num.append(abstract)
        override = OxmlElement("w:lvlOverride")
        override.set(qn("w:ilvl"), "0")
        start_override = OxmlElement("w:startOverride")
        start_override.set(qn("w:val"), str(start))
        override.append(start_override)
        num.append(override)
        self.root.append(num)
        self.next_id += 1
        return self.next_id - 1


def numbered(paragraph, num_id):
    properties = paragraph._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), "0")
    num = OxmlElement("w:numId")
    num.set(qn("w:val"), str(num_id))
    num_pr.append(ilvl)
    num_pr.append(num)
    properties.append(num_pr)


def fill_cell(cell, value, numbering, blocks=None):
    """Lines as paragraphs; with `blocks`, each run of steps numbered by Word, not in the text."""
    lines = value if isinstance(value, list) else [value]
    cell.text = ""
    first = True
    if blocks is None or numbering is None:
        for line in lines:
            paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
            paragraph.add_run(line)
            first = False
        return
    num_id, expected = None, None
    for line, block in zip(lines, blocks):
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        label = block.get("label")
        if block["kind"] == "step" and label and label.isdigit():
            number = int(label)
            if num_id is None or number != expected:
                num_id = numbering.new_list(number)
            numbered(paragraph, num_id)
            paragraph.add_run(block["text"])
            expected = number + 1
        else:
            num_id, expected = None, None
            paragraph.add_run(line)


def vertical_merges(table, rows, column, offset):
    for start, end in runs_of_category(rows):
        if end - start > 1:
            top = table.cell(start + offset, column)
            bottom = table.cell(end - 1 + offset, column)
            text_before = top.text
            merged = top.merge(bottom)
            merged.text = text_before


def write_docx(township, region, items, path, wordings, auto_numbering):
    prefecture, county = region
    document = Document()
    numbering = Numbering(document) if auto_numbering else None
    document.add_paragraph("新疆维吾尔自治区昌吉回族自治州")
    document.add_heading(f"{county}{township}履职事项清单", level=0)
    document.add_paragraph("2025年7月")
    for key, chinese in LISTS:
        rows = [item for item in items if item["list"] == key]
        document.add_heading(f"{prefecture}{county}{township}{chinese}清单", level=1)
        headers = wordings[key]
        repeat_at = len(rows) // 2 if key == "basic" else None
        table = document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        for column, header in enumerate(headers):
            table.rows[0].cells[column].text = header
        for index, item in enumerate(rows):
            if index == repeat_at:
                repeated = table.add_row().cells
                for column, header in enumerate(headers):
                    repeated[column].text = header
            row = table.add_row().cells
            values = cells(item)
            for column, value in enumerate(values):
                blocks = None
                if key == "cooperative" and column == 4:
                    blocks = item.get("departmentDuties")
                elif key == "cooperative" and column == 5:
                    blocks = item.get("townshipDuties")
                fill_cell(row[column], value, numbering, blocks)
        if repeat_at is None:
            vertical_merges(table, rows, 1, 1)
        document.add_paragraph(f"注：以上{chinese}共{len(rows)}项。")
    document.save(path)


# ---------------------------------------------------------------- html


def html_cell(value, style):
    lines = value if isinstance(value, list) else [value]
    escaped = [html.escape(line, quote=False) for line in lines]
    if style == "br":
        return "<br>".join(escaped)
    return "".join(f"<p>{line}" + ("</p>" if index % 2 == 0 else "") for index, line in enumerate(escaped))


def write_html(township, region, items, path, wordings, encoding, soup):
    """A page with a title, one table per list; categories merged with rowspan; cells with
    <br> or <p>; with `soup`, end tags of cells and rows left out and stray tags added."""
    prefecture, county = region
    charset = "gb2312" if encoding != "utf-8" else "utf-8"
    out = [
        "<!DOCTYPE html>",
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">',
        f"<title>{county}{township}履职事项清单</title>",
        "<style>td { border: 1px solid #000 }</style><script>var x = '<td>not a cell</td>';</script>",
        "</head><body>",
        "<!-- 发布：乡人民政府办公室 -->",
        f"<h1>{county}{township}履职事项清单</h1><p>2025年7月</p>",
    ]
    for key, chinese in LISTS:
        rows = [item for item in items if item["list"] == key]
        headers = wordings[key]
        out.append(f"<h2>{prefecture}{county}{township}{chinese}清单</h2>")
        out.append('<table border="1" cellspacing="0">')
        if not soup:
            out.append(f'<tr><td colspan="{len(headers)}">{prefecture}{county}{township}{chinese}清单</td></tr>')
        out.append("<thead><tr>" + "".join(f"<th>{header}</th>" for header in headers) + "</tr></thead><tbody>")
        spans = {start: end - start for start, end in runs_of_category(rows)}
        for index, item in enumerate(rows):
            values = cells(item)
            out.append("<tr>" if soup else "<tr>\n")
            for column, value in enumerate(values):
                if column == 1:
                    if index not in spans:
                        continue
                    span = spans[index]
                    attribute = f' rowspan="{span}"' if span > 1 else ""
                    out.append(f"<td{attribute}>{html.escape(value, quote=False)}")
                else:
                    out.append("<td>" + html_cell(value, "br" if (index + column) % 2 else "p"))
                if not soup:
                    out.append("</td>")
            if not soup:
                out.append("</tr>")
        out.append("</tbody></table>" if not soup else "</table>")
        out.append(f"<p>注：共{len(rows)}项&nbsp;</p>")
    out.append("</body></html>")
    data = "\n".join(out)
    with open(path, "wb") as handle:
        handle.write(data.encode("gb18030") if encoding != "utf-8" else data.encode("utf-8"))


# ---------------------------------------------------------------- csv


def write_delimited(township, region, items, path, wordings, delimiter, encoding, with_heading):
    prefecture, county = region
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    if with_heading:
        writer.writerow([f"{prefecture}{county}{township}履职事项清单"])
    for key, chinese in LISTS:
        rows = [item for item in items if item["list"] == key]
        writer.writerow([])
        writer.writerow([f"{prefecture}{county}{township}{chinese}清单"] if with_heading else [f"{chinese}清单"])
        writer.writerow(wordings[key])
        for item in rows:
            writer.writerow([text(c) for c in cells(item)])
        writer.writerow([f"注：共{len(rows)}项"])
    data = buffer.getvalue()
    with open(path, "wb") as handle:
        if encoding == "utf-8-sig":
            handle.write(b"\xef\xbb\xbf" + data.encode("utf-8"))
        else:
            handle.write(data.encode(encoding))


# ---------------------------------------------------------------- bad files


def write_bad_files(good_xlsx):
    bad = os.path.join(OUT, "bad")
    os.makedirs(bad, exist_ok=True)
    ole = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504)
    for name in ("legacy.xls", "legacy.doc", "legacy.wps", "legacy.et", "password.xlsx"):
        with open(os.path.join(bad, name), "wb") as handle:
            handle.write(ole)
    with open(os.path.join(bad, "scan.pdf"), "wb") as handle:
        handle.write(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n")
    with open(good_xlsx, "rb") as handle:
        data = handle.read()
    with open(os.path.join(bad, "truncated.xlsx"), "wb") as handle:
        handle.write(data[: len(data) // 2])
    with open(os.path.join(bad, "renamed.xlsx"), "wb") as handle:
        handle.write("序号,事项类别,事项名称\n1,党的建设,这其实是 CSV\n".encode("utf-8"))
    import zipfile

    # A zip bomb: a sheet that inflates to more than the 256 MB qingdan reads.
    with zipfile.ZipFile(os.path.join(bad, "bomb.xlsx"), "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "xl/workbook.xml",
            '<workbook xmlns:r="r"><sheets><sheet name="基本履职事项" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b"<worksheet><sheetData>")
            chunk = b" " * (1 << 20)
            for _ in range(260):
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")
    # External entities: a DTD in the shared strings.
    with zipfile.ZipFile(os.path.join(bad, "entities.xlsx"), "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "xl/workbook.xml",
            '<workbook xmlns:r="r"><sheets><sheet name="基本履职事项" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/sharedStrings.xml",
            '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/passwd">]><sst><si><t>&x;</t></si></sst>',
        )
        archive.writestr("xl/worksheets/sheet1.xml", '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>')
    with open(os.path.join(bad, "garbled.csv"), "wb") as handle:
        handle.write("序号,事项类别,事项名称\n".encode("utf-8") + bytes([0xFF, 0xFE, 0x80, 0x81, 0x0A]) * 40)


def main():
    items = load_items()
    places = regions()
    groups = by_township(items)
    os.makedirs(OUT, exist_ok=True)
    for folder in ("xlsx", "docx", "html", "csv"):
        os.makedirs(os.path.join(OUT, folder), exist_ok=True)
    townships = sorted(groups)
    first, second = townships[0], townships[1]  # 大石头乡, 大西渠镇 in code-point order
    for township in townships:
        region = places[township]
        rows = groups[township]
        if township == first:
            # The township (and county) only in the file name.
            write_xlsx_per_list(township, region, rows, os.path.join(OUT, "xlsx", f"{region[1]}{township}.xlsx"), WORDINGS_A)
            write_docx(township, region, rows, os.path.join(OUT, "docx", f"{township}.docx"), WORDINGS_B, True)
            write_html(township, region, rows, os.path.join(OUT, "html", f"{township}.htm"), WORDINGS_C, "gb2312", True)
            write_delimited(township, region, rows, os.path.join(OUT, "csv", f"{township}.csv"), WORDINGS_A, ",", "utf-8-sig", True)
        else:
            write_xlsx_one_sheet(township, region, rows, os.path.join(OUT, "xlsx", f"{township}.xlsx"), WORDINGS_B)
            write_docx(township, region, rows, os.path.join(OUT, "docx", f"{township}.docx"), WORDINGS_C, False)
            write_html(township, region, rows, os.path.join(OUT, "html", f"{township}.html"), WORDINGS_A, "utf-8", False)
            write_delimited(township, region, rows, os.path.join(OUT, "csv", f"{township}-gbk.csv"), WORDINGS_B, ",", "gb18030", True)
            write_delimited(township, region, rows, os.path.join(OUT, "csv", f"{region[0]}{region[1]}{township}.tsv"), WORDINGS_C, "\t", "utf-8", False)
    write_bad_files(os.path.join(OUT, "xlsx", f"{places[first][1]}{first}.xlsx"))
    print(f"wrote fixtures for {len(items)} items into {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
