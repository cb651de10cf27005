#!/usr/bin/python3
"""End-to-end tests of the guihua CLI: the commands as users run them, bad input, and the
task table round trip through Excel-like edits (openpyxl).

Run: /usr/bin/python3 tests/cli/cli_test.py --guihua build/app/guihua
"""
import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import openpyxl

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(ROOT, "data/plans/hengyang-14th-fyp-proposal.txt")
GOLDEN = os.path.join(ROOT, "tests/golden")
GUIHUA = None


def run(*args, check=True, env=None):
    e = dict(os.environ)
    e.setdefault("GUIHUA_LANG", "zh")
    if env:
        e.update(env)
    p = subprocess.run([GUIHUA, *args], capture_output=True, text=True, env=e)
    if check and p.returncode != 0:
        raise AssertionError(f"guihua {' '.join(args)} exited {p.returncode}\n{p.stderr}")
    return p


def file_digest(path):
    if not os.path.exists(path):
        return None
    h = hashlib.sha256()
    for suffix in ("", "-wal"):
        if os.path.exists(path + suffix):
            with open(path + suffix, "rb") as f:
                h.update(f.read())
    return h.hexdigest()


class CliTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="guihua-cli-")
        self.db = os.path.join(self.dir, "g.db")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.dir, name)

    def write(self, name, data):
        p = self.path(name)
        with open(p, "wb") as f:
            f.write(data)
        return p

    # --- parse -------------------------------------------------------------------------
    def test_parse_json_contract(self):
        out = json.loads(run("parse", SAMPLE, "--format", "json").stdout)
        for key in ("title", "issuer", "adopted", "region", "period", "vision_year", "nodes"):
            self.assertIn(key, out)
        self.assertEqual(out["adopted"], "2020-12-22")
        self.assertEqual(out["period"], {"start": 2021, "end": 2025})
        parts = [n for n in out["nodes"] if n["kind"] == "part"]
        self.assertEqual(len(parts), 13)
        for n in parts:
            self.assertEqual(set(n) >= {"id", "kind", "label", "number", "title", "text", "children"}, True)

    def test_english_messages(self):
        p = run("parse", self.path("missing.txt"), check=False, env={"GUIHUA_LANG": "en"})
        self.assertEqual(p.returncode, 2)
        self.assertIn("no such file", p.stderr)
        p = run("--lang", "zh", "parse", self.path("missing.txt"), check=False, env={"GUIHUA_LANG": "en"})
        self.assertIn("文件不存在", p.stderr)

    # --- bad input: one line naming the file, exit 2, nothing written ------------------
    def assert_rejected(self, path, *words):
        for cmd in (["parse", path], ["import", path, "--db", self.db]):
            before = file_digest(self.db)
            p = run(*cmd, check=False)
            self.assertEqual(p.returncode, 2, f"{cmd}: {p.stdout}{p.stderr}")
            lines = [l for l in p.stderr.splitlines() if l.strip()]
            self.assertEqual(len(lines), 1, p.stderr)
            self.assertIn(os.path.basename(path), lines[0])
            for w in words:
                self.assertIn(w, lines[0])
            self.assertEqual(file_digest(self.db), before, f"{cmd} touched the database")

    def test_bad_inputs(self):
        self.assert_rejected(self.path("nope.txt"), "不存在")
        self.assert_rejected(self.write("empty.txt", b""), "空")
        self.assert_rejected(self.write("binary.bin", bytes(range(256)) * 8), "二进制")
        self.assert_rejected(self.write("bad-encoding.txt", b"\x80\x80\x80\x80 abc \xff\xfe"), "UTF-8")
        self.assert_rejected(self.write("flat.txt", "这是一段没有结构的文字。\n另一段。\n".encode()), "结构")
        self.assert_rejected(os.path.join(GOLDEN, "docx/truncated.docx"))
        self.assert_rejected(os.path.join(GOLDEN, "pdf/truncated.pdf"))
        self.assert_rejected(os.path.join(GOLDEN, "pdf/image_only.pdf"), "OCR")
        self.assert_rejected(self.write("legacy.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512), ".docx")
        # The database was never created by any of these.
        self.assertFalse(os.path.exists(self.db))

    def test_bad_input_leaves_existing_database_untouched(self):
        run("import", SAMPLE, "--db", self.db)
        before = file_digest(self.db)
        p = run("import", self.write("flat.txt", "没有结构。\n".encode()), "--db", self.db, check=False)
        self.assertEqual(p.returncode, 2)
        self.assertEqual(file_digest(self.db), before)
        p = run("tasks", "import", os.path.join(GOLDEN, "xlsx/truncated.xlsx"), "--db", self.db, check=False)
        self.assertEqual(p.returncode, 2)
        self.assertIn("truncated.xlsx", p.stderr)
        self.assertEqual(file_digest(self.db), before)

    # --- import and versions -------------------------------------------------------------
    def test_import_is_idempotent_and_versions_changes(self):
        out = run("import", SAMPLE, "--db", self.db).stdout
        self.assertIn("已导入", out)
        out = run("import", SAMPLE, "--db", self.db).stdout
        self.assertIn("未变化", out)
        with open(SAMPLE, encoding="utf-8") as f:
            text = f.read()
        changed = self.write("changed.txt", text.replace("建设区域性先进制造业中心。", "建设区域性先进制造业中心。加快建设衡阳钢管产业园。").encode())
        out = run("import", changed, "--db", self.db).stdout
        self.assertIn("第 2 版", out)
        plans = run("plans", "--db", self.db).stdout
        self.assertIn("第 1 版", plans)
        self.assertIn("第 2 版", plans)
        v1 = json.loads(run("tasks", "--db", self.db, "--version", "1", "--format", "json").stdout)
        v2 = json.loads(run("tasks", "--db", self.db, "--format", "json").stdout)
        self.assertEqual(len(v2), len(v1) + 1)
        self.assertTrue(any(t["text"] == "加快建设衡阳钢管产业园" for t in v2))

    def test_read_commands_never_create_a_database(self):
        for cmd in (["tasks", "--db", self.db], ["plans", "--db", self.db],
                    ["tasks", "import", os.path.join(GOLDEN, "xlsx/basic.xlsx"), "--db", self.db]):
            p = run(*cmd, check=False)
            self.assertEqual(p.returncode, 2, cmd)
            self.assertIn("g.db", p.stderr)
            self.assertFalse(os.path.exists(self.db), cmd)
        # A bad workbook is named before the database is looked at.
        p = run("tasks", "import", os.path.join(GOLDEN, "xlsx/truncated.xlsx"), "--db", self.db, check=False)
        self.assertEqual(p.returncode, 2)
        self.assertIn("truncated.xlsx", p.stderr)

    def test_reimport_after_a_change_and_back_is_idempotent(self):
        with open(SAMPLE, encoding="utf-8") as f:
            text = f.read()
        changed = self.write("changed.txt", text.replace("保持制造业比重基本稳定,", "").encode())
        run("import", SAMPLE, "--db", self.db)
        run("import", changed, "--db", self.db)
        self.assertIn("第 3 版", run("import", SAMPLE, "--db", self.db).stdout)
        self.assertIn("未变化", run("import", SAMPLE, "--db", self.db).stdout)

    def test_table_from_an_older_version_is_refused(self):
        run("import", SAMPLE, "--db", self.db)
        old = self.path("v1.xlsx")
        run("tasks", "--db", self.db, "--xlsx", old)
        with open(SAMPLE, encoding="utf-8") as f:
            text = f.read()
        run("import", self.write("v2.txt", text.replace("保持制造业比重基本稳定,", "").encode()), "--db", self.db)
        before = file_digest(self.db)
        p = run("tasks", "import", old, "--db", self.db, check=False)
        self.assertEqual(p.returncode, 2)
        self.assertIn("第 1 版", p.stderr)
        self.assertEqual(file_digest(self.db), before)

    def test_tasks_json_contract(self):
        run("import", SAMPLE, "--db", self.db)
        tasks = json.loads(run("tasks", "--db", self.db, "--format", "json").stdout)
        self.assertGreater(len(tasks), 300)
        keys = {"id", "part", "article", "article_title", "text", "initiatives", "targets", "lead_unit", "co_units",
                "deadline", "kind", "remarks"}
        for t in tasks:
            self.assertTrue(keys <= set(t), t)
            self.assertIn(t["kind"], ("工程", "行动", "平台", "制度", "项目", "other"))
        with open(SAMPLE, encoding="utf-8") as f:
            source = f.read()
        for a, b in ((",", "，"), (";", "；"), (":", "："), ("(", "（"), (")", "）")):
            source = source.replace(a, b)
        for t in tasks:  # task text is always taken from the document
            self.assertTrue(t["text"] in source, t["text"])
        steel = [t for t in tasks if "钢管之都" in t["initiatives"]]
        self.assertTrue(steel)
        self.assertTrue(any("链长制" in t["initiatives"] for t in tasks))
        self.assertEqual([t["article"] for t in tasks], sorted(t["article"] for t in tasks))  # document order

    # --- task table round trip --------------------------------------------------------------
    def test_task_table_round_trip(self):
        run("import", SAMPLE, "--db", self.db)
        xlsx = self.path("任务分解表.xlsx")
        run("tasks", "--db", self.db, "--xlsx", xlsx)
        wb = openpyxl.load_workbook(xlsx)
        ws = wb.active
        self.assertEqual(ws.freeze_panes, "A3")
        self.assertEqual([c.value for c in ws[2]], ["序号", "所属部分", "条目", "任务内容", "牵头单位", "责任单位", "完成时限", "备注"])
        self.assertGreater(ws.column_dimensions["D"].width, 40)
        self.assertTrue(ws["D3"].alignment.wrap_text)

        out = run("tasks", "import", xlsx, "--db", self.db).stdout
        self.assertIn("修改 0 项，新增 0 项", out)

        # An officer edits in Excel: units, a deadline, a remark, and adds a row.
        ws["E3"] = "市发改委"
        ws["F3"] = "市工信局、衡阳县"
        ws["G3"] = "2023年6月底"
        ws["H3"] = "每季度报送进展"
        ws.append([None, ws["B3"].value, ws["C3"].value, "建设衡阳钢管产业研究院", "市科技局", None, "2024年底", None])
        wb.save(xlsx)
        dry = run("tasks", "import", xlsx, "--db", self.db, "--dry-run").stdout
        self.assertIn("修改 1 项，新增 1 项", dry)
        tasks = json.loads(run("tasks", "--db", self.db, "--format", "json").stdout)
        self.assertNotEqual(tasks[0]["lead_unit"], "市发改委")  # dry run wrote nothing
        out = run("tasks", "import", xlsx, "--db", self.db).stdout
        self.assertIn("修改 1 项，新增 1 项", out)
        tasks = json.loads(run("tasks", "--db", self.db, "--format", "json").stdout)
        self.assertEqual(tasks[0]["lead_unit"], "市发改委")
        self.assertEqual(tasks[0]["co_units"], ["市工信局", "衡阳县"])
        self.assertEqual(tasks[0]["deadline"], "2023-06-30")
        self.assertEqual(tasks[0]["remarks"], "每季度报送进展")
        manual = [t for t in tasks if t["manual"]]
        self.assertEqual(len(manual), 1)
        self.assertEqual(manual[0]["article"], 7)
        self.assertEqual(manual[0]["deadline"], "2024-12-31")

        # Export again and re-import: nothing changes.
        run("tasks", "--db", self.db, "--xlsx", xlsx)
        out = run("tasks", "import", xlsx, "--db", self.db).stdout
        self.assertIn("修改 0 项，新增 0 项", out)

        # A bad cell rejects the whole file, naming row and column; nothing is written.
        wb = openpyxl.load_workbook(xlsx)
        wb.active["E4"] = "市财政局"
        wb.active["G5"] = "下个月"
        wb.save(xlsx)
        before = file_digest(self.db)
        p = run("tasks", "import", xlsx, "--db", self.db, check=False)
        self.assertEqual(p.returncode, 2)
        self.assertIn("第 5 行", p.stderr)
        self.assertIn("完成时限", p.stderr)
        self.assertEqual(file_digest(self.db), before)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--guihua", required=True)
    args, rest = ap.parse_known_args()
    GUIHUA = os.path.abspath(args.guihua)
    unittest.main(argv=[sys.argv[0], *rest])
