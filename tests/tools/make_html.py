#!/usr/bin/python3
"""Writes the .html fixtures for the HTML reader's unit tests (tests/unit/html_reader_test.cc).

The article paragraphs are copied from data/plans/hengyang-14th-fyp-proposal.txt, so the tests can
compare the reader's output with the sample's lines. Output is deterministic, so regenerating
leaves the committed files unchanged.

Usage: /usr/bin/python3 tests/tools/make_html.py [output_dir]   (default: tests/golden/html)

Fixtures:
  hengyang_news.html  the proposal as a Chinese news site serves it: GB18030 bytes under
                      <meta charset="gb2312">, with script, style, nav, breadcrumb, headline,
                      date/font-size line, share bar, QR widget, credit lines, related news and a
                      footer around the first six and last three paragraphs. The paragraphs use
                      &nbsp; and U+3000 indentation, and one <p> holds two paragraphs separated
                      by <br><br>.
  utf8_table.html     a UTF-8 page with an indicator table (header row, three rows, a rowspan, a
                      <br> inside a header cell), a two-column layout table, hidden elements, a
                      <pre> block and headings h2-h4.
"""

import os
import sys
from html import escape

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(ROOT, "data", "plans", "hengyang-14th-fyp-proposal.txt")

# 0-based line numbers in the sample of the paragraphs the news page carries.
FIRST_PARAGRAPHS = [4, 6, 8, 10, 12, 14]  # title, adoption note, preamble, 一、, 1., 2.
LAST_PARAGRAPHS = [184, 186, 188]  # 50., 51., closing paragraph

NBSP = "&nbsp;"
IDEOGRAPHIC_SPACE = "\u3000"


def sample_lines():
    with open(SAMPLE, encoding="utf-8") as f:
        return f.read().split("\n")


def e(text):
    return escape(text, quote=False)


def news_page(lines):
    p = [lines[i].strip() for i in FIRST_PARAGRAPHS + LAST_PARAGRAPHS]
    title, adopted, preamble, part1, art1, art2, art50, art51, closing = p

    # Article 1 opens with a bold lead sentence, as news sites print it.
    lead_end = art1.index("。") + 1
    # The closing paragraph is wrapped in the page source between two CJK characters; the
    # reader must not turn that line break into a space.
    wrap = closing.index("同心同德")

    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="X-UA-Compatible" content="IE=edge" />
<meta charset="gb2312" />
<title>全文公布!衡阳市“十四五”规划和二〇三五年远景目标的建议正式发布_衡阳_新闻频道_红网</title>
<meta name="keywords" content="衡阳,十四五,规划,建议" />
<meta name="description" content="中共衡阳市委关于制定衡阳市国民经济和社会发展第十四个五年规划和二〇三五年远景目标的建议" />
<link rel="stylesheet" type="text/css" href="/css/article.css" />
<style type="text/css">
  body {{ font-family: "Microsoft YaHei", 宋体; }}
  .article p {{ text-indent: 2em; line-height: 2; }}
  .share:before {{ content: "样式表里的文字"; }}
</style>
<script type="text/javascript">
  var _hmt = _hmt || [];
  document.write('<div class="ad">脚本写入的广告文字</div>');
  function setFontSize(size) {{ document.getElementById("content").style.fontSize = size; }}
</script>
</head>
<body>
<div class="topbar"><a href="https://www.rednet.cn/">红网首页</a> | <a href="https://passport.rednet.cn/login">登录</a> | <a href="https://passport.rednet.cn/register">注册</a></div>
<nav class="mainnav">
  <ul>
    <li><a href="https://www.rednet.cn/">首页</a></li>
    <li><a href="https://news.rednet.cn/">新闻</a></li>
    <li><a href="https://news.rednet.cn/szxw/">时政频道</a></li>
    <li><a href="https://hy.rednet.cn/">衡阳站</a></li>
    <li><a href="https://tv.rednet.cn/">红网视听</a></li>
  </ul>
</nav>
<div class="crumb">当前位置：<a href="https://www.rednet.cn/">首页</a> &gt; <a href="https://news.rednet.cn/">新闻</a> &gt; 正文</div>
<div class="main">
  <h1 class="title">全文公布!衡阳市“十四五”规划和二〇三五年远景目标的建议正式发布</h1>
  <div class="info">
    <span class="time">2020-12-22 10:06:14</span>
    <span class="size">字号：<a href="javascript:setFontSize('18px')">大</a> <a href="javascript:setFontSize('16px')">中</a> <a href="javascript:setFontSize('14px')">小</a></span>
  </div>
  <noscript><p>您的浏览器禁用了脚本，部分功能无法使用</p></noscript>
  <div class="article" id="content">
    <p style="text-align: center;"><strong>{e(title)}</strong></p>
    <p style="text-align: center;">{NBSP * 6}{e(adopted)}</p>
    <p>{IDEOGRAPHIC_SPACE * 2}{e(preamble)}</p>
    <p>{IDEOGRAPHIC_SPACE * 2}<strong>{e(part1)}</strong><br />
<br />
{IDEOGRAPHIC_SPACE * 2}<strong>{e(art1[:lead_end])}</strong>{e(art1[lead_end:])}</p>
    <p>{NBSP * 2}{e(art2)}</p>
    <p style="display: none;">【编辑备注：以下为节选，请勿发布】</p>
    <div hidden="hidden">隐藏的投票组件</div>
    <p align="center"><img src="https://img.rednet.cn/2020/12/22/hengyang.jpg" alt="衡阳市委全会现场" /></p>
    <iframe src="https://v.rednet.cn/player/12345" width="600" height="400">视频播放器</iframe>
    <p>{IDEOGRAPHIC_SPACE * 2}{e(art50)}</p>
    <p>{IDEOGRAPHIC_SPACE * 2}{e(art51)}</p>
    <p>{IDEOGRAPHIC_SPACE * 2}{e(closing[:wrap])}
      {e(closing[wrap:])}</p>
  </div>
  <div class="share">分享到：<a href="javascript:share('weixin')">微信</a> <a href="javascript:share('weibo')">微博</a></div>
  <div class="qrcode"><img src="/images/qrcode.png" alt="二维码" /><p>扫一扫在手机打开当前页</p></div>
  <div class="source">来源：红网</div>
  <div class="author">作者：中国共产党衡阳市第十一届委员会</div>
  <div class="editor">编辑：王敏</div>
  <div class="totop"><a href="#top">回顶部</a></div>
  <div class="related">
    <h3>相关新闻</h3>
    <ul>
      <li><a href="https://hy.rednet.cn/content/2020/12/21/1.html">衡阳市委十一届十次全会召开</a></li>
      <li><a href="https://hy.rednet.cn/content/2020/12/18/2.html">衡阳“十四五”规划编制工作推进会召开</a></li>
    </ul>
  </div>
</div>
<footer class="footer">
  <p>Copyright &copy; 2000-2020 rednet.cn All Rights Reserved</p>
  <p>湘ICP备05003863号 | 互联网新闻信息服务许可证：43120180001</p>
  <p>违法和不良信息举报电话：0731-82209202</p>
</footer>
<script type="text/javascript" src="https://s.rednet.cn/stat.js"></script>
</body>
</html>
"""


def table_page():
    return """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>主要指标</title>
</head>
<body>
<h2>衡阳市“十四五”时期经济社会发展主要指标</h2>
<table class="indicators" border="1">
  <thead>
    <tr><th>类别</th><th>指标</th><th>2020年<br>（预计）</th><th>2025年</th><th>属性</th></tr>
  </thead>
  <tbody>
    <tr><td rowspan="2">经济发展</td><td>地区生产总值增长（%）</td><td>3.8</td><td>7左右</td><td>预期性</td></tr>
    <tr><td><p class="MsoNormal">全员劳动生产率增长（%）</p></td><td>4.5</td><td>&gt;7</td><td>预期性</td></tr>
    <tr><td>创新驱动</td><td>研发经费投入增长（%）</td><td>15</td><td>&gt;10</td><td>预期性</td></tr>
  </tbody>
</table>
<h3>说明</h3>
<table class="layout" width="100%">
  <tr>
    <td width="200">
      <ul><li><a href="/">首页</a></li><li><a href="/gh/">规划计划</a></li></ul>
    </td>
    <td>
      <p>注：地区生产总值增速按可比价计算。</p>
      <p>带“&gt;”的指标为最低目标。</p>
    </td>
  </tr>
</table>
<h4>附：<span>数据来源</span></h4>
<div>市统计局<br>市发展改革委</div>
<div hidden>隐藏的段落</div>
<p>可见<span style="DISPLAY: none">隐藏的文字</span>的段落</p>
<pre>  第一行  保留空格
第二行</pre>
</body>
</html>
"""


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "tests", "golden", "html")
    os.makedirs(out_dir, exist_ok=True)
    lines = sample_lines()
    with open(os.path.join(out_dir, "hengyang_news.html"), "wb") as f:
        f.write(news_page(lines).encode("gb18030"))
    with open(os.path.join(out_dir, "utf8_table.html"), "wb") as f:
        f.write(table_page().encode("utf-8"))


if __name__ == "__main__":
    main()
