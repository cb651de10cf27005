#!/usr/bin/python3
"""Generates the .xlsx fixtures under tests/golden/xlsx/ used by tests/unit/xlsx_test.cc.

Workbooks written by openpyxl (3.0.9, as Debian ships it). It writes every string inline
(t="inlineStr", CJK as character references) and absolute relationship targets
("/xl/worksheets/sheet1.xml"):
  basic.xlsx           sheet "计划表": Chinese text, an empty cell in the middle of a row,
                       ints, floats (0.1, 12.0, 1234567.5, 1e20), booleans, a date, text with
                       leading/trailing spaces and a line break, a gap row (row 5 empty), a
                       row holding only a styled empty cell (row 8), a value in column F
                       after two empty columns.
  two_sheets.xlsx      sheets "一、重点任务" and "Indicators", in that order.
openpyxl packages whose sheet part is replaced (and a shared strings part added, with a
relative target "sharedStrings.xml") by hand-written XML for what openpyxl 3.0 cannot write:
  shared_strings.xlsx  t="s" cells over a plain <si><t> table, one string used twice.
  inline_strings.xlsx  t="inlineStr" cells: <is><t>, <is><r><t> runs, preserved spaces.
  rich_text.xlsx       shared strings as rich-text runs <si><r><t>, phonetic runs <rPh> to be
                       ignored, xml:space="preserve", an "_x000D_" escape.
  formula.xlsx         formulas with cached values: number, t="str", t="b", t="e" (#DIV/0!),
                       and one formula without a cached value.
Minimal packages built with zipfile, relative targets ("worksheets/sheet1.xml"); small, so
these two and shared_strings.xlsx are copied into fuzz/corpus/xlsx_reader/ as seeds:
  no_refs.xlsx         rows and cells without r attributes, one cell with r after them.
  prefixed.xlsx        every element under an "x:" namespace prefix, as the OpenXML SDK writes.
Broken input, each failing in one way:
  truncated.xlsx       the first half of basic.xlsx's bytes.
  no_workbook.xlsx     a valid zip with no xl/workbook.xml.
  malformed_xml.xlsx   xl/worksheets/sheet1.xml cut off mid-element.
  bad_ref.xlsx         a cell reference "A0".
  too_wide.xlsx        a cell in column XFE (16,385), one past Excel's last column.
  too_tall.xlsx        a row numbered 1,048,577, one past Excel's last row.
  sparse.xlsx          600 rows, each with one value in column XFD: small on disk, but
                       9.8 million cells once the rows are filled up to their last value.
  bad_shared_index.xlsx  a t="s" cell pointing past the end of the shared strings.
  declared_huge.xlsx   the zip directory declares a 100 MB sheet (it holds a small one).
  bomb.xlsx            a sheet whose headers declare 1 KB but which inflates to 65 MB.

Run from anywhere:
  /usr/bin/python3 tests/tools/make_xlsx.py
The output is deterministic (fixed zip and metadata dates), so re-running it leaves git clean.

  /usr/bin/python3 tests/tools/make_xlsx.py --check-writer FILE
checks a workbook written by WriteXlsxFile opens in openpyxl with the expected layout. FILE is
written by the unit test XlsxWriter.LayoutForOpenpyxl when GUIHUA_XLSX_KEEP_DIR is set:
  GUIHUA_XLSX_KEEP_DIR=/tmp build/tests/unit_tests --gtest_filter='XlsxWriter.*'
  /usr/bin/python3 tests/tools/make_xlsx.py --check-writer /tmp/writer_layout.xlsx
"""

import datetime
import io
import os
import re
import struct
import sys
import zipfile

import openpyxl
from openpyxl.styles import Font

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "golden", "xlsx")
FIXED_ZIP_DATE = (2021, 3, 1, 8, 0, 0)
FIXED_DATE = datetime.datetime(2021, 3, 1, 8, 0, 0)
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def out(name):
    return os.path.join(OUT_DIR, name)


def repack(data, replace=None, add=None):
    """Rewrites a zip with fixed dates, replacing and adding parts given as {name: text}."""
    replace = replace or {}
    add = add or {}
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename in replace:
                body = replace[info.filename].encode("utf-8")
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2021-03-01T08:00:00Z", body)
            dst.writestr(zipfile.ZipInfo(info.filename, FIXED_ZIP_DATE), body,
                         compress_type=zipfile.ZIP_DEFLATED)
        for name, text in add.items():
            dst.writestr(zipfile.ZipInfo(name, FIXED_ZIP_DATE), text.encode("utf-8"),
                         compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def save_openpyxl(wb, replace=None, add=None):
    wb.properties.created = FIXED_DATE
    wb.properties.modified = FIXED_DATE
    buf = io.BytesIO()
    wb.save(buf)
    return repack(buf.getvalue(), replace, add)


def sheet_xml(rows_xml):
    return (XML_DECL + f'<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheetData>'
            + rows_xml + "</sheetData></worksheet>")


def minimal(sheet, shared=None, prefix=""):
    """A hand-built package with one sheet "Sheet1" (and shared strings when given)."""
    p = prefix + ":" if prefix else ""
    ns = f'xmlns:{prefix}="{MAIN_NS}"' if prefix else f'xmlns="{MAIN_NS}"'
    types = (XML_DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
             '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
             + ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                if shared is not None else "")
             + "</Types>")
    package_rels = (XML_DECL + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                    f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
                    "</Relationships>")
    workbook = (XML_DECL + f'<{p}workbook {ns} xmlns:r="{REL_NS}"><{p}sheets>'
                f'<{p}sheet name="Sheet1" sheetId="1" r:id="rId1"/></{p}sheets></{p}workbook>')
    workbook_rels = (XML_DECL + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                     f'<Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
                     + (f'<Relationship Id="rId2" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/>'
                        if shared is not None else "")
                     + "</Relationships>")
    parts = [("[Content_Types].xml", types), ("_rels/.rels", package_rels),
             ("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", workbook_rels),
             ("xl/worksheets/sheet1.xml", sheet)]
    if shared is not None:
        parts.append(("xl/sharedStrings.xml", shared))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts:
            z.writestr(zipfile.ZipInfo(name, FIXED_ZIP_DATE), text.encode("utf-8"),
                       compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def basic():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "计划表"
    ws.append(["任务", "牵头单位", "完成时限", "数量"])
    ws.append(["推进重点项目建设", "市发展改革委", "2023年底", 12])
    ws.append(["优化营商环境", None, "长期坚持", 0.1])  # empty cell in the middle
    ws.append(["  前后空格  ", "第一行\n第二行", 12.0, 1234567.5])
    # row 5 stays empty: a gap
    ws.cell(row=6, column=1, value=True)
    ws.cell(row=6, column=2, value=False)
    ws.cell(row=6, column=3, value=datetime.date(2021, 3, 1))
    ws.cell(row=6, column=4, value=1e20)
    ws.cell(row=7, column=1, value=-3)
    ws.cell(row=7, column=6, value="F列")  # trailing cells after two empty columns
    ws.cell(row=8, column=2).font = Font(bold=True)  # styled, no value: the row is dropped
    return save_openpyxl(wb)


def two_sheets():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "一、重点任务"
    ws.append(["序号", "任务"])
    ws.append([1, "建设综合交通枢纽"])
    ws2 = wb.create_sheet("Indicators")
    ws2.append(["name", "value"])
    ws2.append(["GDP增速", 6.5])
    return save_openpyxl(wb)


def with_sheet(rows_xml, shared=None):
    """An openpyxl package whose sheet1 is replaced and, given `shared`, with shared strings."""
    wb = openpyxl.Workbook()
    wb.active.title = "Sheet1"
    buf = io.BytesIO()
    wb.save(buf)  # to read the parts that get a line added
    src = zipfile.ZipFile(buf)
    replace = {"xl/worksheets/sheet1.xml": sheet_xml(rows_xml)}
    add = {}
    if shared is not None:
        types = src.read("[Content_Types].xml").decode()
        replace["[Content_Types].xml"] = types.replace(
            "</Types>", '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
        rels = src.read("xl/_rels/workbook.xml.rels").decode()
        replace["xl/_rels/workbook.xml.rels"] = rels.replace(
            "</Relationships>", f'<Relationship Type="{REL_NS}/sharedStrings" '
            'Target="sharedStrings.xml" Id="rIdShared"/></Relationships>')
        add["xl/sharedStrings.xml"] = shared
    return save_openpyxl(wb, replace, add)


def shared_strings():
    shared = (XML_DECL + f'<sst xmlns="{MAIN_NS}" count="4" uniqueCount="3">'
              "<si><t>任务</t></si><si><t>市发展改革委</t></si><si><t>Ａ＆Ｂ &lt;全角&gt;</t></si>"
              "</sst>")
    return with_sheet(
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="C2" t="s"><v>1</v></c></row>', shared)


def inline_strings():
    return with_sheet(
        '<row r="1">'
        '<c r="A1" t="inlineStr"><is><t>内联文本</t></is></c>'
        '<c r="B1" t="inlineStr"><is><r><t>分段</t></r><r><rPr><b/></rPr><t>富文本</t></r></is></c>'
        '<c r="C1" t="inlineStr"><is><t xml:space="preserve">  两端空格  </t></is></c>'
        "</row>"
        '<row r="2"><c r="B2" t="inlineStr"><is><t></t></is></c>'
        '<c r="C2" t="inlineStr"><is><t xml:space="preserve"> </t></is></c></row>')


def rich_text():
    shared = (XML_DECL + f'<sst xmlns="{MAIN_NS}" count="5" uniqueCount="5">'
              "<si><t>普通文本</t></si>"
              '<si><r><t>加粗</t></r><r><rPr><b/><sz val="11"/></rPr><t xml:space="preserve"> 与常规</t></r></si>'
              '<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/></si>'
              '<si><t xml:space="preserve">  保留空格  </t></si>'
              "<si><t>第一行_x000D_\n第二行</t></si>"
              "</sst>")
    return with_sheet(
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c>'
        '<c r="C2" t="s"><v>4</v></c></row>', shared)


def formula():
    return with_sheet(
        '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c>'
        '<c r="C1"><f>A1+B1</f><v>3</v></c></row>'
        '<row r="2"><c r="A2" t="str"><f>"合"&amp;"计"</f><v>合计</v></c>'
        '<c r="B2" t="b"><f>A1&lt;B1</f><v>1</v></c>'
        '<c r="C2" t="e"><f>A1/0</f><v>#DIV/0!</v></c>'
        '<c r="D2"><f>SUM(A1:C1)</f></c></row>')


def no_refs():
    return minimal(sheet_xml(
        "<row><c><v>1</v></c><c><v>2</v></c><c t=\"inlineStr\"><is><t>三</t></is></c></row>"
        "<row/>"
        "<row><c/><c><v>5</v></c><c r=\"E3\"><v>6</v></c><c><v>7</v></c></row>"),
)


def prefixed():
    sheet = (XML_DECL + f'<x:worksheet xmlns:x="{MAIN_NS}"><x:sheetData>'
             '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1"><x:v>42</x:v></x:c></x:row>'
             "</x:sheetData></x:worksheet>")
    shared = (XML_DECL + f'<x:sst xmlns:x="{MAIN_NS}"><x:si><x:t>前缀</x:t></x:si></x:sst>')
    return minimal(sheet, shared, prefix="x")


def cut_sheet():
    text = sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>')
    return text[:text.index("</v>") + 2]  # ends inside the closing tag: "...<v>1</"


def no_workbook():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("word/document.xml", FIXED_ZIP_DATE), b"<document/>")
        z.writestr(zipfile.ZipInfo("hello.txt", FIXED_ZIP_DATE), "你好".encode("utf-8"))
    return buf.getvalue()


def patch_sizes(data, name, size):
    """Sets the uncompressed size of entry `name` in both its local and central headers."""
    data = bytearray(data)
    encoded = name.encode()
    pos = 0
    while True:
        pos = data.find(encoded, pos)
        if pos < 0:
            break
        if data[pos - 30:pos - 26] == b"PK\x03\x04":
            struct.pack_into("<I", data, pos - 30 + 22, size)
        elif data[pos - 46:pos - 42] == b"PK\x01\x02":
            struct.pack_into("<I", data, pos - 46 + 24, size)
        pos += 1
    return bytes(data)


def declared_huge():
    data = minimal(sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>'))
    return patch_sizes(data, "xl/worksheets/sheet1.xml", 100 << 20)


def bomb():
    # One 65 MB cell of "x"; deflate shrinks a run about a thousandfold.
    body = sheet_xml('<row><c t="inlineStr"><is><t>' + "x" * (65 << 20) + "</t></is></c></row>")
    data = minimal(body)
    # zipfile wrote the real size; make the headers claim 1 KB so only the bytes read tell.
    return patch_sizes(data, "xl/worksheets/sheet1.xml", 1024)


def write(name, data):
    with open(out(name), "wb") as f:
        f.write(data)


def check_writer(path):
    """Asserts the layout of the workbook XlsxWriter.LayoutForOpenpyxl writes."""
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["任务分解表", "a_b_c__x_"], wb.sheetnames
    ws = wb["任务分解表"]
    assert ws["A1"].value == "2021年重点任务分解表", ws["A1"].value
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1:D1"], ws.merged_cells.ranges
    assert ws["A1"].font.b and ws["A1"].font.sz == 16, ws["A1"].font
    assert ws["A1"].alignment.horizontal == "center"
    assert ws.row_dimensions[1].height == 30, ws.row_dimensions[1].height
    assert [c.value for c in ws[2]] == ["序号", "任务", "牵头单位", "备注"]
    header = ws["B2"]
    assert header.font.b and header.alignment.horizontal == "center" and header.alignment.wrap_text
    assert header.fill.fill_type == "solid" and header.fill.fgColor.rgb.endswith("D9D9D9"), header.fill
    assert header.border.left.style == "thin"
    assert ws.freeze_panes == "A3", ws.freeze_panes
    assert ws["A3"].value == 1 and ws["A3"].data_type == "n", (ws["A3"].value, ws["A3"].data_type)
    assert ws["A4"].value == "待定" and ws["A4"].data_type == "s"
    assert ws["B3"].alignment.wrap_text and ws["B3"].alignment.vertical == "top"
    assert not ws["C3"].alignment.wrap_text and ws["C3"].border.top.style == "thin"
    assert ws["C4"].value is None and ws["C4"].border.bottom.style == "thin"  # empty, bordered
    assert ws["B3"].font.name == "宋体", ws["B3"].font.name
    assert abs(ws.column_dimensions["B"].width - 40) < 1, ws.column_dimensions["B"].width
    assert ws.column_dimensions["D"].hidden
    print(f"{path}: layout OK")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--check-writer":
        check_writer(sys.argv[2])
        return
    os.makedirs(OUT_DIR, exist_ok=True)
    base = basic()
    fixtures = {
        "basic.xlsx": base,
        "two_sheets.xlsx": two_sheets(),
        "shared_strings.xlsx": shared_strings(),
        "inline_strings.xlsx": inline_strings(),
        "rich_text.xlsx": rich_text(),
        "formula.xlsx": formula(),
        "no_refs.xlsx": no_refs(),
        "prefixed.xlsx": prefixed(),
        "truncated.xlsx": base[:len(base) // 2],
        "no_workbook.xlsx": no_workbook(),
        "malformed_xml.xlsx": minimal(cut_sheet()),
        "bad_ref.xlsx": minimal(sheet_xml('<row r="1"><c r="A0"><v>1</v></c></row>')),
        "too_wide.xlsx": minimal(sheet_xml('<row r="1"><c r="XFE1"><v>1</v></c></row>')),
        "too_tall.xlsx": minimal(sheet_xml('<row r="1048577"><c><v>1</v></c></row>')),
        "sparse.xlsx": minimal(sheet_xml("".join(
            f'<row r="{n}"><c r="XFD{n}"><v>1</v></c></row>' for n in range(1, 601)))),
        "bad_shared_index.xlsx": minimal(
            sheet_xml('<row r="1"><c r="A1" t="s"><v>1</v></c></row>'),
            XML_DECL + f'<sst xmlns="{MAIN_NS}"><si><t>only</t></si></sst>'),
        "declared_huge.xlsx": declared_huge(),
        "bomb.xlsx": bomb(),
    }
    for name, data in fixtures.items():
        write(name, data)
    # The valid fixtures must open in openpyxl too, so the C++ expectations rest on files
    # another reader accepts.
    for name in ["basic.xlsx", "two_sheets.xlsx", "shared_strings.xlsx", "inline_strings.xlsx",
                 "rich_text.xlsx",
                 "formula.xlsx", "no_refs.xlsx"]:
        openpyxl.load_workbook(out(name))
    for name, data in fixtures.items():
        print(f"{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
