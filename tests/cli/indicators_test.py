#!/usr/bin/python3
"""End-to-end tests of the indicator commands: regions/indicators/data import, export and
evaluate, with the real national sample and hand-made bad files.

Run: /usr/bin/python3 tests/cli/indicators_test.py --guihua build/app/guihua
"""
import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import openpyxl

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "data")
NATIONAL = os.path.join(DATA, "indicators/national-14th-fyp-indicators.csv")
ACTUALS = os.path.join(DATA, "indicators/national-14th-fyp-actuals-2020-2021.csv")
REGIONS = os.path.join(DATA, "units/hengyang_regions.csv")
GUIHUA = None

CONTRACT = ["indicator", "name", "region", "period", "value", "baseline", "target",
            "target_kind", "progress", "time_elapsed", "pace_gap", "cagr_actual",
            "cagr_required", "projected", "status", "warning", "score"]


def run(*args, check=True, lang="zh"):
    env = dict(os.environ, GUIHUA_LANG=lang)
    p = subprocess.run([GUIHUA, *args], capture_output=True, text=True, env=env)
    if check and p.returncode != 0:
        raise AssertionError(f"guihua {' '.join(args)} exited {p.returncode}\n{p.stderr}")
    return p


class IndicatorCliTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="guihua-ind-")
        self.db = os.path.join(self.dir, "g.db")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.dir, name)

    def write(self, name, text):
        with open(self.path(name), "w", encoding="utf-8") as f:
            f.write(text)
        return self.path(name)

    def load_national(self):
        run("indicators", "import", NATIONAL, "--db", self.db)
        out = run("data", "import", ACTUALS, "--db", self.db).stdout
        return out

    def evaluate(self, *extra):
        p = run("evaluate", "--db", self.db, "--format", "json", *extra)
        return json.loads(p.stdout)

    def count_observations(self):
        out = self.path("count.csv")
        run("data", "export", "--db", self.db, "--csv", out)
        with open(out, encoding="utf-8") as f:
            return len(list(csv.reader(f))) - 1

    def test_national_sample_evaluates_with_the_contract(self):
        out = self.load_national()
        self.assertIn("全国", out, "the new top-level region is reported")
        rows = self.evaluate()
        self.assertEqual(len(rows), 20, "one row per indicator for the one region with data")
        for r in rows:
            self.assertEqual(list(r.keys()), CONTRACT)
        by = {r["indicator"]: r for r in rows}
        self.assertEqual(by["N01"]["status"], "not_scored")  # qualitative
        self.assertEqual(by["N11"]["status"], "no_data")
        self.assertEqual(by["N08"]["period"], "2021")
        self.assertEqual(by["N08"]["value"], 5.1)
        self.assertIn(by["N08"]["status"], ("on_track", "achieved"))  # 5.1 under the 5.5 ceiling
        self.assertEqual(by["N19"]["status"], "on_track")  # a floor met at baseline: maintain
        self.assertEqual(by["N04"]["target_kind"], "growth")
        self.assertEqual(by["N14"]["target_kind"], "cumulative")
        self.assertEqual(by["N14"]["target"], 13.5)
        self.assertIsNotNone(by["N03"]["progress"])
        self.assertAlmostEqual(by["N03"]["time_elapsed"], 20.0, places=6)

    def test_as_of_uses_what_was_known_then(self):
        self.load_national()
        rows = {r["indicator"]: r for r in self.evaluate("--as-of", "2020")}
        self.assertEqual(rows["N03"]["period"], "2020")
        self.assertEqual(rows["N03"]["value"], 63.89)
        self.assertAlmostEqual(rows["N03"]["time_elapsed"], 0.0, places=6)
        bad = run("evaluate", "--db", self.db, "--as-of", "2021年13月", check=False)
        self.assertEqual(bad.returncode, 2)
        self.assertIn("--as-of", bad.stderr)

    def test_text_and_xlsx_outputs(self):
        self.load_national()
        text = run("evaluate", "--db", self.db).stdout
        self.assertIn("约束性", text)
        self.assertIn("地区排名", text)
        xlsx = self.path("eval.xlsx")
        run("evaluate", "--db", self.db, "--format", "xlsx", "--out", xlsx)
        wb = openpyxl.load_workbook(xlsx)
        self.assertEqual(wb.sheetnames, ["评估结果", "分类汇总", "地区排名"])
        ws = wb["评估结果"]
        codes = [ws.cell(row=r, column=1).value for r in range(3, ws.max_row + 1)]
        self.assertEqual(len(codes), 20)

    def test_regions_and_region_filter(self):
        run("regions", "import", REGIONS, "--db", self.db)
        self.load_national()
        data = self.write("county.csv", "指标,地区,时期,数值,来源\nN03,衡阳县,2021,55.2,合成\n"
                                        "N03,衡阳县,2023-Q2,56.0,合成\n")
        run("data", "import", data, "--db", self.db)
        rows = self.evaluate("--region", "衡阳县")
        self.assertTrue(all(r["region"] == "衡阳县" for r in rows))
        n03 = [r for r in rows if r["indicator"] == "N03"][0]
        self.assertEqual(n03["period"], "2023-Q2")
        unknown = run("evaluate", "--db", self.db, "--region", "火星县", check=False)
        self.assertEqual(unknown.returncode, 2)

    def test_bad_indicator_file_names_every_row_and_column_and_creates_nothing(self):
        bad = self.write("bad.csv",
                         "code,name,unit,category,attribute,direction,target_kind,"
                         "baseline_year,baseline,target_year,target\n"
                         "A1,好指标,%,经济发展,约束性,increase,,2020,1.5,2025,>7\n"
                         "A2,坏基期,%,经济发展,预期性,increase,,2020,一点五,2025,65\n"
                         "A3,坏属性,%,经济发展,必须的,increase,,2020,1,2025,65\n"
                         "A1,重复,%,经济发展,,increase,,2020,1,2025,65\n"
                         "A5,坏目标,%,经济发展,,increase,,2020,1,2025,abc>>\n")
        p = run("indicators", "import", bad, "--db", self.db, check=False)
        self.assertEqual(p.returncode, 2)
        for where in ("第 3 行，列 baseline", "第 4 行，列 attribute", "第 5 行，列 code",
                      "第 6 行，列 target"):
            self.assertIn(where, p.stderr)
        self.assertIn("bad.csv", p.stderr)
        self.assertFalse(os.path.exists(self.db), "a bad file must not create the database")

    def test_bad_data_row_rejects_the_whole_file(self):
        self.load_national()
        before = self.count_observations()
        bad = self.write("data.csv", "indicator,region,period,value,source\n"
                                     "N03,全国,2022,65.22,ok\n"
                                     "N03,全国,2022-13,65.3,bad period\n"
                                     "N99,全国,2022,1,unknown indicator\n"
                                     "N05,全国,2022,七点五,bad value\n")
        p = run("data", "import", bad, "--db", self.db, check=False)
        self.assertEqual(p.returncode, 2)
        for where in ("第 3 行，列 period", "第 4 行，列 indicator", "第 5 行，列 value"):
            self.assertIn(where, p.stderr)
        self.assertEqual(self.count_observations(), before, "nothing half-written")

    def test_dry_run_writes_nothing(self):
        self.load_national()
        before = self.count_observations()
        data = self.write("more.csv", "indicator,region,period,value\nN03,全国,2022,65.22\n")
        out = run("data", "import", data, "--db", self.db, "--dry-run").stdout
        self.assertIn("试运行", out)
        self.assertEqual(self.count_observations(), before)
        run("data", "import", data, "--db", self.db)
        self.assertEqual(self.count_observations(), before + 1)

    def test_xlsx_import_export_round_trip(self):
        self.load_national()
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["指标", "地区", "时期", "数值", "来源"])
        ws.append(["常住人口城镇化率", "全国", "2022", 65.22, "统计公报"])  # by name
        ws.append(["N05", "全国", "2022-06", 8.1, "知识产权局"])
        src = self.path("data.xlsx")
        wb.save(src)
        run("data", "import", src, "--db", self.db)
        out = self.path("export.xlsx")
        run("data", "export", "--db", self.db, "--xlsx", out)
        rows = list(openpyxl.load_workbook(out).worksheets[0].values)
        self.assertEqual(rows[0], ("indicator", "region", "period", "value", "source"))
        self.assertIn(("N03", "全国", "2022", 65.22, "统计公报"), rows)
        # The exported CSV imports again without changing anything.
        csv_out = self.path("export.csv")
        run("data", "export", "--db", self.db, "--csv", csv_out)
        n = self.count_observations()
        again = run("data", "import", csv_out, "--db", self.db).stdout
        self.assertIn(f"新增 0、更新 {n}", again)

    def test_truncated_xlsx_and_missing_column_are_rejected(self):
        self.load_national()
        wb = openpyxl.Workbook()
        wb.active.append(["indicator", "region", "period", "value"])
        wb.active.append(["N03", "全国", "2022", 65.2])
        full = self.path("full.xlsx")
        wb.save(full)
        with open(full, "rb") as f:
            data = f.read()
        cut = self.path("cut.xlsx")
        with open(cut, "wb") as f:
            f.write(data[: len(data) // 2])
        p = run("data", "import", cut, "--db", self.db, check=False)
        self.assertEqual(p.returncode, 2)
        self.assertIn("cut.xlsx", p.stderr)
        nocol = self.write("nocol.csv", "indicator,region,value\nN03,全国,65\n")
        p = run("data", "import", nocol, "--db", self.db, check=False)
        self.assertEqual(p.returncode, 2)
        self.assertIn("period", p.stderr)

    def test_only_approved_values_are_evaluated(self):
        self.load_national()
        data = self.write("draft.csv", "indicator,region,period,value,source,status\n"
                                       "N03,全国,2022,65.5,draft,draft\n"
                                       "N05,全国,2022,8.0,ok,approved\n")
        run("data", "import", data, "--db", self.db)
        by = {r["indicator"]: r for r in self.evaluate()}
        self.assertEqual(by["N03"]["period"], "2021", "a draft value does not count")
        self.assertEqual(by["N05"]["period"], "2022")

    def test_english_messages(self):
        bad = self.write("bad.csv", "code,name,baseline\nA1,x,abc\n")
        p = run("indicators", "import", bad, "--db", self.db, check=False, lang="en")
        self.assertEqual(p.returncode, 2)
        self.assertIn("row 2, column baseline", p.stderr)
        self.assertIn("Nothing was written", p.stderr)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--guihua", required=True)
    args, rest = ap.parse_known_args()
    GUIHUA = os.path.abspath(args.guihua)
    unittest.main(argv=[sys.argv[0], *rest])
