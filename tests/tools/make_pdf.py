#!/usr/bin/python3
"""Generates the PDF fixtures under tests/golden/pdf/ used by tests/unit/pdf_reader_test.cc.

  wrapped.pdf     three A4 pages of a Chinese plan-like document set the way government
                  PDFs are: lines hard-wrapped at the width of 28 Chinese characters
                  (runs of digits kept whole, so lines with numbers hold fewer characters)
                  and justified, the last line of a paragraph shorter, first lines indented
                  by two full-width spaces, a running head on every page and "— N —" page
                  numbers at the bottom; one paragraph continues across a page break.
  image_only.pdf  two pages of drawn shapes and no text (what a scan looks like to a reader).
  truncated.pdf   the first 60% of wrapped.pdf's bytes.
  encrypted.pdf   a one-page PDF encrypted with the user password "secret" (standard
                  security handler, revision 2, 40-bit RC4), written by hand since cairo
                  cannot encrypt.

Needs python3-cairo and the "WenQuanYi Micro Hei" font (fonts-wqy-microhei). Run from anywhere:
  /usr/bin/python3 tests/tools/make_pdf.py
The output is deterministic (fixed metadata dates), so re-running it leaves git clean.
"""

import hashlib
import os
import zlib

import cairo

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "golden", "pdf")
FONT = "WenQuanYi Micro Hei"
FIXED_DATE = "2021-03-01T08:00:00"

PAGE_W, PAGE_H = 595.28, 841.89  # A4 in points
BODY_SIZE = 15.5  # about 三号 (16 pt), as official documents use
CHARS_PER_LINE = 28  # GB/T 9704: 28 characters a line, 22 lines a page
BODY_W = BODY_SIZE * CHARS_PER_LINE
LEFT = (PAGE_W - BODY_W) / 2
TOP = 110.0
PITCH = 28.9  # line pitch
LINES_PER_PAGE = 17  # fewer than the standard 22, to get three pages from a short text
INDENT = "\u3000\u3000"  # two full-width spaces open every paragraph and heading

TITLE = "衡阳市重点项目建设三年行动方案"
SUBTITLE = "（2021—2023年）"
RUNNING_HEAD = "衡阳市人民政府文件"

# (kind, text): "title" lines are centred and large, "gap" leaves an empty line, "para" is a
# heading or a paragraph (both indented and wrapped).
CONTENT = [
    ("title", TITLE),
    ("subtitle", SUBTITLE),
    ("gap", ""),
    ("para", "为深入贯彻落实市委、市政府关于扩大有效投资的决策部署，加快推进全市重点项目建设，"
             "推动经济高质量发展，结合我市实际，制定本方案。"),
    ("para", "一、总体要求"),
    ("para", "以习近平新时代中国特色社会主义思想为指导，全面贯彻党的十九大和十九届历次全会精神，"
             "坚持稳中求进工作总基调，完整、准确、全面贯彻新发展理念，以项目建设为抓手，"
             "着力补短板、强弱项、增后劲，为全面建设社会主义现代化新衡阳提供有力支撑。"),
    ("para", "到2023年，全市累计实施重点项目300个以上，完成投资1500亿元以上，其中产业项目投资"
             "占比达到55%以上，基础设施和民生短板加快补齐。"),
    ("para", "二、重点任务"),
    ("para", "1.建设现代产业体系。围绕新材料、电子信息、装备制造等主导产业，每年滚动实施产业项目"
             "100个以上，推动衡阳高新区、松木经开区等园区提质扩容，力争新增规模以上工业企业50家。"),
    ("para", "2.建设综合交通枢纽。加快推进衡永高速、南岳机场改扩建等项目，完善“四纵四横”干线路网，"
             "推进湘江衡阳段航道建设，到2023年实现县县通高速、乡乡通三级以上公路。"),
    ("para", "3.建设城市功能设施。实施老旧小区改造项目200个，新建改造城市道路80公里，推进城区排水"
             "管网和污水处理设施建设，城市生活污水集中收集率达到70%以上。"),
    ("para", "4.建设民生保障项目。新建、改扩建中小学校60所、公办幼儿园50所，推进市中心医院新院区"
             "建设，完善城乡养老服务设施，健全社会救助体系，让发展成果更多更公平惠及全体人民群众。"),
    ("para", "三、保障措施"),
    ("para", "（一）强化组织领导。成立市重点项目建设领导小组，由市长任组长，实行市级领导联系重点"
             "项目制度，定期调度项目进展，协调解决项目推进中的重大问题。"),
    ("para", "（二）强化要素保障。统筹用地、用林、用能指标向重点项目倾斜，创新投融资机制，积极争取"
             "中央预算内投资和地方政府专项债券资金支持，引导社会资本参与重点项目建设。"),
    ("para", "（三）强化督查考核。将重点项目建设纳入各县市区和市直单位绩效考核，实行月调度、季通报、"
             "年考核，对工作推进不力、造成严重后果的单位和个人依法依规严肃问责。"),
    ("para", "本方案自印发之日起施行。"),
]

# Characters that must not open a line (避头): they are pulled back onto the previous line.
NO_LINE_START = set("，。、；：？！）》”’%")


def units(text):
    """Splits text into the units a line may break between: single Chinese characters, and
    runs of ASCII letters, digits and punctuation, which Word and WPS keep whole ("1500", "1.")."""
    out = []
    for ch in text:
        if ord(ch) < 0x80 and out and ord(out[-1][-1]) < 0x80:
            out[-1] += ch
        else:
            out.append(ch)
    return out


def new_surface(path, pages_hint):
    surface = cairo.PDFSurface(path, PAGE_W, PAGE_H)
    surface.set_metadata(cairo.PDF_METADATA_TITLE, pages_hint)
    surface.set_metadata(cairo.PDF_METADATA_CREATE_DATE, FIXED_DATE)
    surface.set_metadata(cairo.PDF_METADATA_MOD_DATE, FIXED_DATE)
    return surface


def advance(ctx, ch):
    return ctx.text_extents(ch).x_advance


def wrap(ctx, text):
    """Splits text into lines no wider than BODY_W, keeping closing punctuation off line starts."""
    lines, cur, width = [], [], 0.0
    for unit in units(text):
        w = sum(advance(ctx, ch) for ch in unit)
        if cur and width + w > BODY_W + 0.01:
            if unit[0] in NO_LINE_START:
                # Move the last unit down with the punctuation mark.
                lines.append(cur[:-1])
                cur = cur[-1:]
                width = sum(advance(ctx, ch) for ch in cur[0])
            else:
                lines.append(cur)
                cur, width = [], 0.0
        cur.append(unit)
        width += w
    if cur:
        lines.append(cur)
    return ["".join(line) for line in lines]


def draw_justified(ctx, y, text):
    """Draws text across the full body width, spreading the slack over the gaps (as Word does)."""
    natural = sum(advance(ctx, ch) for ch in text)
    extra = (BODY_W - natural) / (len(text) - 1) if len(text) > 1 else 0.0
    x = LEFT
    for ch in text:
        ctx.move_to(x, y)
        ctx.show_text(ch)
        x += advance(ctx, ch) + extra


def draw_centered(ctx, y, text, size):
    ctx.set_font_size(size)
    ctx.move_to((PAGE_W - ctx.text_extents(text).x_advance) / 2, y)
    ctx.show_text(text)


def make_wrapped(path):
    surface = new_surface(path, TITLE)
    ctx = cairo.Context(surface)
    ctx.select_font_face(FONT, cairo.FONT_SLANT_NORMAL, cairo.FONT_WEIGHT_NORMAL)

    # Lay the content out as (kind, text, last_line_of_paragraph) lines first.
    ctx.set_font_size(BODY_SIZE)
    lines = []
    for kind, text in CONTENT:
        if kind == "para":
            wrapped = wrap(ctx, INDENT + text)
            for i, line in enumerate(wrapped):
                lines.append(("body", line, i == len(wrapped) - 1))
        else:
            lines.append((kind, text, True))

    pages = [lines[i:i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)]
    crossing = sum(1 for p in pages[:-1] if not p[-1][2])
    assert crossing >= 1, "no paragraph continues across a page break; adjust the content"

    for number, page in enumerate(pages, start=1):
        ctx.set_source_rgb(0, 0, 0)
        draw_centered(ctx, 60, RUNNING_HEAD, 10.5)
        ctx.move_to(LEFT, 68)
        ctx.line_to(PAGE_W - LEFT, 68)
        ctx.set_line_width(0.5)
        ctx.stroke()
        for row, (kind, text, last) in enumerate(page):
            y = TOP + row * PITCH
            if kind == "title":
                draw_centered(ctx, y, text, 21)
            elif kind == "subtitle":
                draw_centered(ctx, y, text, BODY_SIZE)
            elif kind == "body":
                ctx.set_font_size(BODY_SIZE)
                if last:
                    ctx.move_to(LEFT, y)
                    ctx.show_text(text)
                else:
                    draw_justified(ctx, y, text)
        draw_centered(ctx, PAGE_H - 50, "— %d —" % number, 14)
        ctx.show_page()
    surface.finish()
    return len(pages)


def make_image_only(path):
    surface = new_surface(path, "scan")
    ctx = cairo.Context(surface)
    for page in range(2):
        ctx.set_source_rgb(0.9, 0.9, 0.9)
        ctx.rectangle(50, 50, PAGE_W - 100, PAGE_H - 100)
        ctx.fill()
        ctx.set_source_rgb(0.2, 0.2, 0.2)
        for row in range(20):  # grey bars where lines of text would be
            ctx.rectangle(LEFT, TOP + row * PITCH, BODY_W - (row % 4) * 40, 12)
        ctx.fill()
        ctx.arc(PAGE_W / 2, PAGE_H - 80, 20 + page * 5, 0, 6.283)
        ctx.stroke()
        ctx.show_page()
    surface.finish()


# Padding string of the PDF standard security handler (ISO 32000-1, 7.6.3.3).
PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def rc4(key, data):
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def make_encrypted(path):
    """Revision 2 encryption (algorithms 2, 3 and 4 of ISO 32000-1, 7.6.3)."""
    user, owner = b"secret", b"owner-secret"
    file_id = hashlib.md5(b"guihua encrypted fixture").digest()
    perms = -44  # print and copy allowed
    o_value = rc4(hashlib.md5((owner + PAD)[:32]).digest()[:5], (user + PAD)[:32])
    key = hashlib.md5((user + PAD)[:32] + o_value + perms.to_bytes(4, "little", signed=True) +
                      file_id).digest()[:5]
    u_value = rc4(key, PAD)

    content = zlib.compress(b"BT /F1 24 Tf 72 700 Td (Encrypted plan) Tj ET")
    object_key = hashlib.md5(key + (4).to_bytes(3, "little") + (0).to_bytes(2, "little")).digest()
    content = rc4(object_key[:10], content)

    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 6 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content +
        b"\nendstream",
        b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>" %
        (o_value.hex().encode(), u_value.hex().encode(), perms),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += (b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 5 0 R /ID [<%s> <%s>] >>\n"
            % (len(objects) + 1, file_id.hex().encode(), file_id.hex().encode()))
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    with open(path, "wb") as f:
        f.write(out)


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    wrapped = os.path.join(OUT_DIR, "wrapped.pdf")
    pages = make_wrapped(wrapped)
    make_image_only(os.path.join(OUT_DIR, "image_only.pdf"))
    with open(wrapped, "rb") as f:
        data = f.read()
    with open(os.path.join(OUT_DIR, "truncated.pdf"), "wb") as f:
        f.write(data[: len(data) * 6 // 10])
    make_encrypted(os.path.join(OUT_DIR, "encrypted.pdf"))
    for name in ("wrapped.pdf", "image_only.pdf", "truncated.pdf", "encrypted.pdf"):
        size = os.path.getsize(os.path.join(OUT_DIR, name))
        print("%-15s %6d bytes" % (name, size))
    print("wrapped.pdf has %d pages" % pages)


if __name__ == "__main__":
    main()
