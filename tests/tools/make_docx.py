#!/usr/bin/python3
"""Writes the .docx fixtures for the docx reader's unit tests (tests/unit/docx_reader_test.cc).

Every part is a hand-written XML string and the zip is built with the standard library only,
so styles.xml and numbering.xml hold exactly what the tests expect. Output is deterministic
(fixed timestamps), so regenerating leaves the committed files unchanged.

Usage: /usr/bin/python3 tests/tools/make_docx.py [output_dir]   (default: tests/golden/docx)

Fixtures:
  numbered.docx      a 纲要-like plan: Title, 第一章 (numbered via heading styles), 一、/（一）/1.
                     lists, a table (gridSpan, vMerge, nested table), tracked changes, fields,
                     a content control, a text box, tabs/breaks/hyphens, outline levels.
  formats.docx       one list per w:numFmt and the counter rules (lvlRestart, startOverride,
                     shared lists, isLgl, numStyleLink, level linked by pStyle, suffixes).
  empty.docx         a valid document without text.
  malformed.docx     word/document.xml is not well-formed XML.
  not_a_docx.docx    a zip archive without word/document.xml.
  truncated.docx     the first half of numbered.docx.
  bomb_declared.docx word/document.xml whose zip directory claims 100 MB uncompressed.
  bomb_hidden.docx   word/document.xml that inflates to 65 MB while the directory claims 40 KB.
  deep_blocks.docx   100000 nested content controls (the reader refuses beyond its depth limit).
  deep_inline.docx   a paragraph whose run sits inside 100000 nested hyperlinks (read fine).
"""

import io
import os
import struct
import sys
import zipfile
from xml.sax.saxutils import escape, quoteattr

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = (
    f'xmlns:w="{W}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'mc:Ignorable="wps"'
)
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

CONTENT_TYPES = XML_HEAD + (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/numbering.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
    "</Types>"
)
PACKAGE_RELS = XML_HEAD + (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)
DOCUMENT_RELS = XML_HEAD + (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{REL}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId2" Type="{REL}/numbering" Target="numbering.xml"/>'
    "</Relationships>"
)
SECT_PR = (
    '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
    '<w:pgMar w:top="1440" w:right="1800" w:bottom="1440" w:left="1800" w:header="851" '
    'w:footer="992" w:gutter="0"/></w:sectPr>'
)


# ---- WordprocessingML builders ------------------------------------------------------------


def t(text):
    return f'<w:t xml:space="preserve">{escape(text)}</w:t>'


def r(text="", bold=False, inner=""):
    rpr = "<w:rPr><w:b/><w:bCs/></w:rPr>" if bold else ""
    return f"<w:r>{rpr}{t(text) if text else ''}{inner}</w:r>"


def ppr_content(style=None, num=None, ilvl=None, outline=None):
    """The children of a w:pPr (of a paragraph or a style): style, list, outline level."""
    out = ""
    if style is not None:
        out += f'<w:pStyle w:val="{style}"/>'
    if num is not None:
        out += "<w:numPr>"
        if ilvl is not None:
            out += f'<w:ilvl w:val="{ilvl}"/>'
        out += f'<w:numId w:val="{num}"/></w:numPr>'
    if outline is not None:
        out += f'<w:outlineLvl w:val="{outline}"/>'
    return out


def p(*runs, style=None, num=None, ilvl=None, outline=None):
    """A paragraph; plain strings become runs."""
    ppr = ppr_content(style, num, ilvl, outline)
    body = "".join(x if x.startswith("<") else r(x) for x in runs)
    return f"<w:p>{'<w:pPr>' + ppr + '</w:pPr>' if ppr else ''}{body}</w:p>"


def tc(*paragraphs, span=None, vmerge=None):
    tcpr = '<w:tcW w:w="2000" w:type="dxa"/>'
    if span:
        tcpr += f'<w:gridSpan w:val="{span}"/>'
    if vmerge == "restart":
        tcpr += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue":
        tcpr += "<w:vMerge/>"
    content = "".join(paragraphs) or "<w:p/>"
    return f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{content}</w:tc>"


def tbl(*rows, cols=3):
    grid = "".join('<w:gridCol w:w="2000"/>' for _ in range(cols))
    body = "".join(f"<w:tr>{''.join(cells)}</w:tr>" for cells in rows)
    return (
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>"
    )


def document(*blocks):
    body = "".join(blocks)
    return XML_HEAD + f"<w:document {NAMESPACES}><w:body>{body}{SECT_PR}</w:body></w:document>"


def style(style_id, name, kind="paragraph", based_on=None, num=None, ilvl=None, outline=None,
          default=False):
    attrs = f'w:type="{kind}" w:styleId="{style_id}"'
    if default:
        attrs += ' w:default="1"'
    out = f'<w:style {attrs}><w:name w:val="{name}"/>'
    if based_on:
        out += f'<w:basedOn w:val="{based_on}"/>'
    ppr = ppr_content(num=num, ilvl=ilvl, outline=outline)
    if ppr:
        out += f"<w:pPr>{ppr}</w:pPr>"
    return out + "</w:style>"


def styles(*items):
    return XML_HEAD + f'<w:styles xmlns:w="{W}">{"".join(items)}</w:styles>'


def lvl(ilvl, fmt, text, start=1, suff=None, restart=None, pstyle=None, legal=False):
    out = f'<w:lvl w:ilvl="{ilvl}">'
    if start is not None:
        out += f'<w:start w:val="{start}"/>'
    out += f'<w:numFmt w:val="{fmt}"/>'
    if restart is not None:
        out += f'<w:lvlRestart w:val="{restart}"/>'
    if pstyle:
        out += f'<w:pStyle w:val="{pstyle}"/>'
    if legal:
        out += "<w:isLgl/>"
    if suff:
        out += f'<w:suff w:val="{suff}"/>'
    out += f"<w:lvlText w:val={quoteattr(text)}/>"
    out += '<w:lvlJc w:val="left"/></w:lvl>'
    return out


def abstract_num(abstract_id, *levels, style_link=None, num_style_link=None):
    out = f'<w:abstractNum w:abstractNumId="{abstract_id}">'
    out += '<w:multiLevelType w:val="multilevel"/>'
    if style_link:
        out += f'<w:styleLink w:val="{style_link}"/>'
    if num_style_link:
        out += f'<w:numStyleLink w:val="{num_style_link}"/>'
    return out + "".join(levels) + "</w:abstractNum>"


def num(num_id, abstract_id, overrides=""):
    return (f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
            f"{overrides}</w:num>")


def numbering(abstracts, nums):
    # Schema order: every w:abstractNum before any w:num.
    body = "".join(abstracts) + "".join(nums)
    return XML_HEAD + f'<w:numbering xmlns:w="{W}">{body}</w:numbering>'


# ---- fixtures -------------------------------------------------------------------------------


def numbered_docx():
    st = styles(
        style("a", "Normal", default=True),
        style("a3", "Title", based_on="a"),
        # Chinese Word names heading styles "heading N" with ids "1", "2", ...; numbering of
        # chapters (第一章) and sections (第一节) comes from the styles' numPr.
        style("1", "heading 1", based_on="a", num=1, outline=0),
        style("2", "heading 2", based_on="a", num=1, ilvl=1, outline=1),
        style("30", "标题 3", based_on="a"),
        # A list style two basedOn steps away from the paragraph.
        style("a5", "List Number Custom", based_on="a", num=2, ilvl=1),
        style("Sub", "Sub item", based_on="a5"),
    )
    nb = numbering(
        [
            abstract_num(0,
                         lvl(0, "chineseCounting", "第%1章", suff="space", pstyle="1"),
                         lvl(1, "chineseCounting", "第%2节", suff="space", pstyle="2")),
            abstract_num(1,
                         lvl(0, "chineseCounting", "%1、", suff="nothing"),
                         lvl(1, "chineseCounting", "（%2）", suff="nothing"),
                         lvl(2, "decimal", "%3.", suff="nothing")),
            abstract_num(2,
                         lvl(0, "decimal", "%1.", suff="nothing"),
                         lvl(1, "decimal", "%1.%2", suff="space")),
            abstract_num(3, lvl(0, "bullet", "\u25cf", suff="tab")),
        ],
        [
            num(1, 0),
            num(2, 1),
            # The second chapter's 一、 list restarts: a new w:num with a start override.
            num(3, 1, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'),
            num(4, 2),
            num(5, 3),
        ],
    )

    deleted = ('<w:del w:id="1" w:author="a" w:date="2021-01-01T00:00:00Z">'
               "<w:r><w:delText>企业</w:delText></w:r></w:del>")
    inserted = ('<w:ins w:id="2" w:author="a" w:date="2021-01-01T00:00:00Z">'
                "<w:r><w:t>增加值</w:t></w:r></w:ins>")
    field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGEREF _Toc1 \\h </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:t>12</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    simple_field = ('<w:fldSimple w:instr=" DATE \\@ &quot;yyyy年&quot; ">'
                    "<w:r><w:t>2021年</w:t></w:r></w:fldSimple>")
    box = '<w:txbxContent>' + p("专栏1 重大工程") + "</w:txbxContent>"
    text_box = (
        "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing>"
        '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0'
        '</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0'
        '</wp:posOffset></wp:positionV><wp:extent cx="1000000" cy="500000"/><wp:wrapNone/>'
        '<wp:docPr id="1" name="专栏"/><a:graphic><a:graphicData '
        'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
        '<wps:spPr/><wps:txbx>' + box + '</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData>'
        "</a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict>"
        '<v:shape style="width:100pt;height:50pt"><v:textbox>' + box + "</v:textbox></v:shape>"
        "</w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    runs_misc = (
        r("时间")
        + "<w:r><w:tab/><w:t>2021</w:t><w:noBreakHyphen/><w:t>2025年</w:t>"
        '<w:sym w:font="Wingdings" w:char="F0FC"/><w:softHyphen/></w:r>'
        '<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏文字</w:t></w:r>'
        "<w:r><w:br/><w:t>第二行</w:t></w:r>"
    )
    nested = tbl([tc(p("核心产业")), tc(p("占比10%"))], cols=2)
    table = tbl(
        [tc(p("指标")), tc(p("2020年")), tc(p("2025年"))],
        [tc(p("地区生产总值（亿元）")), tc(p("3500")), tc(p("5000"))],
        [tc(p("说明（合并两列）"), span=2),
         tc(p("备注第一段"), p("备注第二段"), vmerge="restart")],
        [tc(p("数字经济"), nested, p()), tc(p()), tc(p(), vmerge="continue")],
    )
    sdt = (
        '<w:sdt><w:sdtPr><w:alias w:val="摘要"/><w:id w:val="1"/></w:sdtPr><w:sdtContent>'
        + p("内容控件中的段落")
        + "</w:sdtContent></w:sdt>"
    )
    doc = document(
        "<w:p/>",
        p("衡州市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要", style="a3"),
        p("\u3000\u3000（2021年1月20日衡州市第十六届人民代表大会第五次会议通过）  "),
        p("   "),
        p("总则", style="1"),
        p("发展基础", style="2"),
        p("综合实力", r("显", bold=True), "著增强", num=2, ilvl=0),
        p("经济总量迈上新台阶", num=2, ilvl=1),
        p("地区生产总值突破3500亿元。", num=2, ilvl=2),
        p("规模以上工业", deleted, inserted, "年均增长8%。", num=2, ilvl=2),
        p("创新能力持续提升", num=2, ilvl=1),
        p("研发投入强度达到2.1%。", num=2, ilvl=2),
        p("开放合作不断深化", style="Sub"),
        p(num=2, ilvl=0),  # empty list item: Word still counts it (二、)
        p("发展环境", num=2, ilvl=0),
        table,
        p("发展目标", style="1"),
        p("主要目标", style="2"),
        p("经济发展取得新成效", num=3, ilvl=0),
        p("人均地区生产总值", num=4, ilvl=0),
        p("城镇居民收入", num=4, ilvl=1),
        p("农村居民收入", num=4, ilvl=1),
        p("详见第", field, "页，更新于", simple_field, "。"),
        sdt,
        p(runs_misc),
        p("重点任务", outline=2),
        p("见专栏：", text_box),
        p("坚持党的全面领导", num=5, ilvl=0),
        p("结束语", style="1", num=0),
        p("保障措施", style="1"),
        p("组织实施", style="30"),
    )
    return {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": PACKAGE_RELS,
        "word/_rels/document.xml.rels": DOCUMENT_RELS,
        "word/document.xml": doc,
        "word/styles.xml": st,
        "word/numbering.xml": nb,
    }


def formats_docx():
    """One list per number format ("[%1]" labels) plus the counter rules."""
    cases = [  # (format, start, paragraphs)
        ("decimalZero", 7, 4),
        ("decimalFullWidth", 9, 2),
        ("chineseCounting", 19, 3),
        ("chineseCountingThousand", 100, 2),
        ("chineseLegalSimplified", 9, 3),
        ("ideographTraditional", 1, 3),
        ("decimalEnclosedCircle", 19, 3),
        ("decimalEnclosedCircleChinese", 3, 1),
        ("upperLetter", 26, 2),
        ("lowerLetter", 1, 2),
        ("upperRoman", 4, 2),
        ("lowerRoman", 14, 1),
        ("decimal", 0, 2),
        ("none", 1, 1),
        ("bullet", 1, 1),
    ]
    abstracts, nums, body = [], [], []
    for i, (fmt, start, count) in enumerate(cases):
        n = 100 + i
        abstracts.append(abstract_num(n, lvl(0, fmt, "[%1]", start=start)))
        nums.append(num(n, n))
        body += [p(fmt, num=n, ilvl=0) for _ in range(count)]

    # Suffixes after the label: tab, space, nothing, absent.
    for i, suff in enumerate(["tab", "space", "nothing", None]):
        n = 200 + i
        abstracts.append(abstract_num(n, lvl(0, "decimal", "%1.", suff=suff)))
        nums.append(num(n, n))
        body.append(p(f"suff {suff or 'absent'}", num=n, ilvl=0))

    # lvlRestart: level 2 never restarts, level 3 restarts only after level 0.
    abstracts.append(abstract_num(
        300,
        lvl(0, "decimal", "A%1"),
        lvl(1, "decimal", "B%2"),
        lvl(2, "decimal", "C%3", restart=0),
        lvl(3, "decimal", "D%4", restart=1)))
    nums.append(num(300, 300))
    for level in [0, 2, 3, 1, 2, 3, 0, 1, 2, 3]:
        body.append(p("restart", num=300, ilvl=level))

    # Two w:num on one abstract list continue one sequence; a start override counts apart.
    abstracts.append(abstract_num(310, lvl(0, "decimal", "(%1)")))
    nums += [num(310, 310), num(311, 310),
             num(312, 310,
                 '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride>')]
    for n in [310, 311, 312, 312, 310]:
        body.append(p(f"shared {n}", num=n, ilvl=0))

    # isLgl: the chapter number reads 1, not 一, inside the second level's label.
    abstracts.append(abstract_num(
        320,
        lvl(0, "chineseCounting", "第%1章", suff="space"),
        lvl(1, "decimal", "%1.%2", suff="space", legal=True),
        lvl(2, "decimal", "%1.%2.%3", suff="space")))
    nums.append(num(320, 320))
    body += [p("legal", num=320, ilvl=0), p("legal", num=320, ilvl=1),
             p("not legal", num=320, ilvl=2)]

    # A second level used before any first level.
    abstracts.append(abstract_num(
        330, lvl(0, "decimal", "%1."), lvl(1, "decimal", "%1.%2", suff="space")))
    nums.append(num(330, 330))
    body += [p("orphan", num=330, ilvl=1), p("parent", num=330, ilvl=0),
             p("child", num=330, ilvl=1)]

    # numStyleLink: list 340 takes its levels from the list style OutlineList (list 341).
    abstracts.append(abstract_num(340, num_style_link="OutlineList"))
    abstracts.append(abstract_num(341, lvl(0, "decimal", "§%1"), style_link="OutlineList"))
    nums += [num(340, 340), num(341, 341)]
    body.append(p("linked", num=340, ilvl=0))

    # Levels linked to paragraph styles by w:lvl/w:pStyle; the styles carry only w:numId.
    abstracts.append(abstract_num(
        350,
        lvl(0, "decimal", "%1)", pstyle="ListA"),
        lvl(1, "lowerLetter", "%2)", pstyle="ListB")))
    nums.append(num(350, 350))
    body += [p("style A", style="ListA"), p("style B", style="ListB"),
             p("style B", style="ListB"), p("style A", style="ListA")]

    # A level replaced by w:lvlOverride/w:lvl.
    abstracts.append(abstract_num(360, lvl(0, "decimal", "%1.")))
    nums.append(num(360, 360, '<w:lvlOverride w:ilvl="0">'
                    + lvl(0, "upperRoman", "%1:", start=3) + "</w:lvlOverride>"))
    body.append(p("override", num=360, ilvl=0))

    # Undefined list, level out of range: no label.
    body += [p("undefined", num=999, ilvl=0), p("bad level", num=100, ilvl=12)]

    st = styles(
        style("Normal", "Normal", default=True),
        style("OutlineList", "Outline List", kind="numbering", num=341),
        style("ListA", "List A", based_on="Normal", num=350),
        style("ListB", "List B", based_on="Normal", num=350),
    )
    return {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": PACKAGE_RELS,
        "word/_rels/document.xml.rels": DOCUMENT_RELS,
        "word/document.xml": document(*body),
        "word/styles.xml": st,
        "word/numbering.xml": numbering(abstracts, nums),
    }


def minimal(document_xml):
    return {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": PACKAGE_RELS,
        "word/document.xml": document_xml,
    }


# ---- zip writing ----------------------------------------------------------------------------


def zip_bytes(parts, level=6):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            if isinstance(data, str):
                data = data.encode("utf-8")
            z.writestr(info, data, compresslevel=level)
    return buffer.getvalue()


def patch_sizes(data, name, uncompressed):
    """Rewrites the uncompressed size recorded for `name` in the local header and the
    central directory (the data stays as it is)."""
    out = bytearray(data)
    encoded = name.encode()
    # (signature, offset of the name length, offset of the name, offset of the size)
    for signature, len_at, name_at, size_at in [(b"PK\x03\x04", 26, 30, 22),
                                                (b"PK\x01\x02", 28, 46, 24)]:
        pos = out.find(signature)
        while pos >= 0:
            n = struct.unpack_from("<H", out, pos + len_at)[0]
            if out[pos + name_at:pos + name_at + n] == encoded:
                struct.pack_into("<I", out, pos + size_at, uncompressed)
            pos = out.find(signature, pos + 4)
    return bytes(out)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "golden", "docx")
    os.makedirs(out_dir, exist_ok=True)

    files = {}
    files["numbered.docx"] = zip_bytes(numbered_docx())
    files["formats.docx"] = zip_bytes(formats_docx())
    files["empty.docx"] = zip_bytes(minimal(document(
        "<w:p/>", p("   "), tbl([tc(), tc()], cols=2))))
    files["malformed.docx"] = zip_bytes(minimal(
        XML_HEAD + f"<w:document {NAMESPACES}><w:body><w:p><w:r><w:t>未闭合</w:r></w:p>"))
    files["not_a_docx.docx"] = zip_bytes({
        "[Content_Types].xml": CONTENT_TYPES,
        "readme.txt": "这是一个压缩包，但不是 Word 文档。\n",
    })
    files["truncated.docx"] = files["numbered.docx"][: len(files["numbered.docx"]) // 2]

    # Zip bombs: one declares its size honestly (checked before inflating), one hides it
    # (the inflated bytes are capped). The payload is a valid document padded with spaces.
    big = document(p("炸弹")).encode()
    big = big.replace(b"<w:body>", b"<w:body>" + b" " * (65 << 20), 1)
    files["bomb_declared.docx"] = patch_sizes(
        zip_bytes(minimal(document(p("炸弹")))), "word/document.xml", 100 << 20)
    files["bomb_hidden.docx"] = patch_sizes(
        zip_bytes(minimal(big), level=9), "word/document.xml", 40 << 10)

    depth = 100000
    files["deep_blocks.docx"] = zip_bytes(minimal(document(
        "<w:sdt><w:sdtContent>" * depth + p("深") + "</w:sdtContent></w:sdt>" * depth)))
    files["deep_inline.docx"] = zip_bytes(minimal(document(
        "<w:p>" + "<w:hyperlink>" * depth + r("深") + "</w:hyperlink>" * depth + "</w:p>")))

    for name, data in files.items():
        with open(os.path.join(out_dir, name), "wb") as f:
            f.write(data)
        print(f"{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
