#!/usr/bin/python3
"""End-to-end tests of what `guihua serve` offers the front end: the built web app (files,
history-mode fallback to index.html, cache and security headers, path traversal refused, the
page shown when nothing is built), full-text search (GET /api/v1/search), the task list's
filters and progress (the overdue rule as of a given day, GET /api/v1/progress counting what the
filters return), the 任务分解表 export (GET /api/v1/tasks/export, read back with openpyxl), and
publications being stored in Chinese whatever the caller's Accept-Language.

Run: /usr/bin/python3 tests/cli/web_routes_test.py --guihua build/app/guihua
"""
import datetime
import http.client
import io
import json
import os
import shutil
import subprocess
import tempfile
import unittest
from urllib.parse import quote, urlencode

import http_support
from http_support import Client, free_port, run, start_server

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(ROOT, "data/plans/hengyang-14th-fyp-proposal.txt")

INDEX = "<!doctype html><html><body><div id=app></div><script type=module src=/assets/app.js>" \
        "</script></body></html>\n"
APP_JS = "console.log('guihua');\n"
SECRET = "top secret outside the web root\n"
CSP = ("default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
       "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
       "form-action 'self'")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = ("序号", "所属部分", "条目", "任务内容", "牵头单位", "责任单位", "完成时限", "备注")
PROGRESS_KEYS = {"percent", "status", "status_label", "state", "report_id", "reported_at",
                 "approved", "closed_out", "overdue"}


def raw_get(port, path):
    """GET `path` sent exactly as written (no client-side normalisation)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.putrequest("GET", path, skip_accept_encoding=True)
    conn.endheaders()
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, body, resp


class WebFixture(unittest.TestCase):
    """The sample plan, an admin, a reviewer and a viewer; a web root with index.html and
    assets/app.js (and a secret file beside it); `guihua serve --web ROOT` on a free port."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="guihua-web-")
        cls.addClassCleanup(shutil.rmtree, cls.dir, ignore_errors=True)
        cls.db = os.path.join(cls.dir, "g.db")
        run("import", SAMPLE, "--db", cls.db)
        for name, role in (("admin1", "admin"), ("reviewer1", "reviewer"), ("viewer1", "viewer")):
            run("user", "add", name, "--role", role, "--db", cls.db, stdin=f"{name}-pass\n")
        cls.web = os.path.join(cls.dir, "site", "dist")
        os.makedirs(os.path.join(cls.web, "assets"))
        with open(os.path.join(cls.web, "index.html"), "w", encoding="utf-8") as f:
            f.write(INDEX)
        with open(os.path.join(cls.web, "assets", "app.js"), "w", encoding="utf-8") as f:
            f.write(APP_JS)
        with open(os.path.join(cls.dir, "site", "secret.txt"), "w", encoding="utf-8") as f:
            f.write(SECRET)
        cls.port = free_port()
        cls.log = open(os.path.join(cls.dir, "server.log"), "w")
        cls.addClassCleanup(cls.log.close)
        cls.proc = start_server(cls.db, cls.port, cls.log, ("--web", cls.web))
        cls.addClassCleanup(cls.stop_server)
        cls.c = {}
        for name in ("admin1", "reviewer1", "viewer1"):
            cls.c[name] = Client(cls.port)
            status, payload, _ = cls.c[name].login(name, f"{name}-pass")
            assert status == 200, (name, status, payload)

    @classmethod
    def stop_server(cls):
        if cls.proc.poll() is None:
            cls.proc.kill()
            cls.proc.wait()

    def ok(self, user, method, path, body=None, expect=200):
        status, payload, _ = self.c[user].call(method, path, body)
        self.assertEqual(status, expect, (method, path, payload))
        return payload


class WebAppTest(WebFixture):
    def assertIndex(self, path):  # noqa: N802 (unittest style)
        status, body, resp = raw_get(self.port, path)
        self.assertEqual(status, 200, path)
        self.assertEqual(body.decode("utf-8"), INDEX, path)
        self.assertEqual(resp.getheader("Content-Type"), "text/html; charset=utf-8", path)
        self.assertEqual(resp.getheader("Content-Security-Policy"), CSP, path)
        self.assertEqual(resp.getheader("X-Content-Type-Options"), "nosniff", path)
        self.assertEqual(resp.getheader("Referrer-Policy"), "same-origin", path)
        self.assertEqual(resp.getheader("Cache-Control"), "no-cache", path)

    def test_history_mode_paths_get_index_html(self):
        for path in ("/", "/index.html", "/public", "/tasks/5", "/indicators/H01", "/search?q=x",
                     "/tasks/"):
            self.assertIndex(path)
        with open(os.path.join(self.dir, "server.log"), encoding="utf-8") as f:
            self.assertIn("web root: " + os.path.realpath(self.web), f.read())

    def test_assets_are_immutable(self):
        status, body, resp = raw_get(self.port, "/assets/app.js")
        self.assertEqual(status, 200)
        self.assertEqual(body.decode("utf-8"), APP_JS)
        self.assertIn("javascript", resp.getheader("Content-Type"))
        self.assertEqual(resp.getheader("Cache-Control"), "public, max-age=31536000, immutable")
        self.assertEqual(resp.getheader("X-Content-Type-Options"), "nosniff")
        # A missing hashed asset is a 404, not index.html served as a script.
        status, body, _ = raw_get(self.port, "/assets/app-0000.js")
        self.assertEqual(status, 404)

    def test_unknown_api_paths_stay_json_404(self):
        for path in ("/api/v1/nope", "/api/nope", "/api"):
            status, body, resp = raw_get(self.port, path)
            self.assertEqual(status, 404, path)
            self.assertTrue(resp.getheader("Content-Type").startswith("application/json"), path)
            http_support.assert_error(self, json.loads(body), "no_such_route")

    def test_traversal_is_refused(self):
        for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/assets/../../secret.txt",
                     "/assets/%2e%2e/%2e%2e/secret.txt", "/%2e%2e%2fsecret.txt",
                     "/..%5csecret.txt", "/assets/..%2f..%2fsecret.txt", "/%2E%2E/%2E%2E/etc/passwd",
                     "/./../secret.txt"):
            status, body, _ = raw_get(self.port, path)
            self.assertIn(status, (400, 403, 404), path)
            self.assertNotIn(b"top secret", body, path)
            self.assertNotIn(b"root:", body, path)

    def test_web_root_without_index_is_refused(self):
        empty = os.path.join(self.dir, "empty")
        os.makedirs(empty, exist_ok=True)
        p = subprocess.run([http_support.GUIHUA, "serve", "--db", self.db, "--port",
                            str(free_port()), "--web", empty],
                           capture_output=True, text=True, timeout=30,
                           env=dict(os.environ, GUIHUA_LANG="zh"))
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("index.html", p.stderr)


class NoWebRootTest(unittest.TestCase):
    def test_slash_explains_how_to_build(self):
        d = tempfile.mkdtemp(prefix="guihua-noweb-")
        self.addCleanup(shutil.rmtree, d, ignore_errors=True)
        db = os.path.join(d, "g.db")
        run("import", SAMPLE, "--db", db)
        port = free_port()
        log = open(os.path.join(d, "server.log"), "w")
        self.addCleanup(log.close)
        proc = start_server(db, port, log, ("--no-web",))
        self.addCleanup(lambda: (proc.kill(), proc.wait()))
        status, body, resp = raw_get(port, "/")
        self.assertEqual(status, 200)
        text = body.decode("utf-8")
        self.assertIn("make web", text)
        self.assertIn("/api/v1/openapi.json", text)
        self.assertIn("前端尚未构建", text)
        self.assertEqual(resp.getheader("Content-Security-Policy"), CSP)
        self.assertTrue(resp.getheader("Content-Type").startswith("text/html"))
        status, _, _ = raw_get(port, "/tasks/5")
        self.assertEqual(status, 404)


class SearchTest(WebFixture):
    def search(self, q, expect=200, **params):
        return self.ok("viewer1", "GET", "/api/v1/search?" + urlencode(dict(q=q, **params)),
                       expect=expect)

    def assertHits(self, result, terms):  # noqa: N802 (unittest style)
        self.assertGreater(result["total"], 0, result)
        self.assertTrue(result["hits"])
        for h in result["hits"]:
            self.assertIn(h["type"], ("node", "task"))
            self.assertEqual(h["task_id"] is None, h["type"] == "node")
            for k in ("node", "kind", "label", "title", "part", "before", "match", "after",
                      "field"):
                self.assertIsInstance(h[k], str, k)
            self.assertIn(h["match"].lower(), terms, h)

    def test_one_and_two_characters_and_terms(self):
        one = self.search("钢")
        self.assertEqual(one["query"], "钢")
        self.assertHits(one, ["钢"])
        self.assertEqual(one["plan_id"], 1)
        two = self.search("制造")
        self.assertHits(two, ["制造"])
        # Title hits come first.
        self.assertEqual(two["hits"][0]["field"], "title")
        both = self.search(" 制造业　衡阳 ")
        self.assertEqual(both["query"], "制造业　衡阳")
        self.assertHits(both, ["制造业", "衡阳"])
        self.assertLessEqual(both["total"], min(self.search("制造业")["total"],
                                                self.search("衡阳")["total"]))
        # A task's unit is searched too.
        tasks = self.ok("viewer1", "GET", "/api/v1/tasks?per_page=1000")["tasks"]
        unit = next(t["lead_unit"] for t in tasks if t.get("lead_unit"))
        by_unit = self.search(unit)
        self.assertIn("lead_unit", {h["field"] for h in by_unit["hits"]} | {
            h["field"] for h in self.search(unit, limit=200)["hits"]})
        self.assertEqual(self.search("量子引力弦论")["total"], 0)
        self.assertEqual(len(self.search("发展", limit=1)["hits"]), 1)

    def test_bad_queries(self):
        for q in ("", "   ", "字" * 101):
            payload = self.search(q, expect=400)
            http_support.assert_error(self, payload, "invalid_argument")
            self.assertEqual(payload["error"]["field"], "q")
        status, payload, _ = self.c["viewer1"].call("GET", "/api/v1/search")
        self.assertEqual((status, payload["error"]["field"]), (400, "q"))
        for limit in ("0", "201", "x", "4294967297"):  # the last is 1 if cut to 32 bits
            payload = self.search("钢", expect=400, limit=limit)
            self.assertEqual(payload["error"]["field"], "limit")
        status, payload, _ = Client(self.port).call("GET", "/api/v1/search?q=" + quote("钢"))
        self.assertEqual(status, 401)


class TaskExportAndProgressTest(WebFixture):
    def tasks(self, **params):
        return self.ok("viewer1", "GET", "/api/v1/tasks?" + urlencode(dict(per_page=1000,
                                                                           **params)))

    def test_part_filter_and_export(self):
        everything = self.tasks()
        part = self.tasks(part="三")
        self.assertGreater(part["total"], 0)
        self.assertLess(part["total"], everything["total"])
        self.assertTrue(all(t["part"] == "三" for t in part["tasks"]))
        status, body, resp = self.c["viewer1"].call(
            "GET", "/api/v1/tasks/export?" + urlencode({"part": "三"}))
        self.assertEqual(status, 200)
        self.assertEqual(resp.getheader("Content-Type"), XLSX)
        self.assertEqual(resp.getheader("Content-Disposition"),
                         "attachment; filename=\"tasks.xlsx\"; filename*=UTF-8''"
                         "%E4%BB%BB%E5%8A%A1%E5%88%86%E8%A7%A3%E8%A1%A8.xlsx")
        import openpyxl
        wb = openpyxl.load_workbook(io.BytesIO(resp.data))
        rows = [r for r in wb.worksheets[0].iter_rows(values_only=True) if any(r)]
        header = rows.index(HEADER)
        data = rows[header + 1:]
        self.assertEqual(len(data), part["total"])
        self.assertEqual([int(r[0]) for r in data], [t["id"] for t in part["tasks"]])
        # Text filter: every term, case-insensitive, in text or units.
        steel = self.tasks(q="钢管")
        self.assertTrue(steel["tasks"])
        self.assertTrue(all("钢管" in t["text"] for t in steel["tasks"]))
        status, body, resp = self.c["viewer1"].call(
            "GET", "/api/v1/tasks/export?" + urlencode({"q": "钢管"}))
        rows = [r for r in openpyxl.load_workbook(io.BytesIO(resp.data)).worksheets[0]
                .iter_rows(values_only=True) if any(r)]
        self.assertEqual(len(rows) - rows.index(HEADER) - 1, steel["total"])

    def test_filter_errors(self):
        for params, field in (({"status": "半完成"}, "status"), ({"overdue": "maybe"}, "overdue"),
                              ({"per_page": "1001"}, "per_page"), ({"q": " "}, "q"),
                              ({"today": "2020-13-01"}, "today"), ({"today": "tomorrow"}, "today")):
            status, payload, _ = self.c["viewer1"].call(
                "GET", "/api/v1/tasks?" + urlencode(params))
            self.assertEqual(status, 400, params)
            self.assertEqual(payload["error"]["field"], field, params)
            status, payload, _ = self.c["viewer1"].call(
                "GET", "/api/v1/tasks/export?" + urlencode(params))
            if field != "per_page":  # export takes every page
                self.assertEqual(status, 400, params)
                self.assertEqual(payload["error"]["field"], field, params)

    def test_overdue_as_of_today(self):
        # Early on, a task is overdue only when its deadline has passed (the rounds a test
        # opens are due after 2020).
        early = self.tasks(overdue="true", today="2020-01-01")
        self.assertEqual([t["id"] for t in early["tasks"]
                          if not t["deadline"] or t["deadline"] >= "2020-01-01"], [])
        # Late on, every unfinished task with a deadline is overdue, and no completed one.
        late = self.tasks(overdue="true", today="2099-01-01")
        late_ids = {t["id"] for t in late["tasks"]}
        unfinished = {t["id"] for t in self.tasks()["tasks"]
                      if t["deadline"] and t["progress"]["status"] != "completed"}
        self.assertTrue(unfinished)
        self.assertLessEqual(unfinished, late_ids)
        self.assertFalse([t["id"] for t in late["tasks"]
                          if t["progress"]["status"] == "completed"])
        # The export applies the same rule on the same day.
        status, _, resp = self.c["viewer1"].call(
            "GET", "/api/v1/tasks/export?" + urlencode({"overdue": "true", "today": "2099-01-01"}))
        self.assertEqual(status, 200)
        import openpyxl
        rows = [r for r in openpyxl.load_workbook(io.BytesIO(resp.data)).worksheets[0]
                .iter_rows(values_only=True) if any(r)]
        self.assertEqual(len(rows) - rows.index(HEADER) - 1, late["total"])

    def test_publication_is_stored_in_chinese(self):
        def publish(lang):
            status, payload, _ = self.c["admin1"].call(
                "POST", "/api/v1/publications", {"note": lang}, headers={"Accept-Language": lang})
            self.assertEqual(status, 201, payload)
            public = self.ok("viewer1", "GET", "/api/v1/public")
            self.assertEqual(public["note"], lang)
            return public["tasks"]

        en, zh = publish("en"), publish("zh-CN")
        self.assertEqual(en["total"]["title"], "合计")
        self.assertEqual([p["title"] for p in en["parts"]], [p["title"] for p in zh["parts"]])
        self.assertEqual(en["total"], zh["total"])
        # Errors still speak the caller's language.
        status, payload, _ = self.c["admin1"].call(
            "POST", "/api/v1/publications", {"as_of": "2024-Q9"},
            headers={"Accept-Language": "en"})
        self.assertEqual((status, payload["error"]["field"]), (400, "as_of"))
        self.assertTrue(payload["error"]["message"].startswith("as_of: "), payload)

    def test_progress(self):
        page = self.tasks()
        for t in page["tasks"]:
            self.assertEqual(set(t["progress"]), PROGRESS_KEYS)
        self.assertEqual(self.tasks(status="none")["total"], page["total"])
        overdue, on_time = self.tasks(overdue="true"), self.tasks(overdue="false")
        self.assertEqual(overdue["total"] + on_time["total"], page["total"])
        self.assertTrue(all(t["progress"]["overdue"] for t in overdue["tasks"]))
        self.assertFalse(any(t["progress"]["overdue"] for t in on_time["tasks"]))

        first, second = [t["id"] for t in page["tasks"] if t.get("lead_unit")][:2]
        due = (datetime.date.today() + datetime.timedelta(days=5)).isoformat()
        self.ok("admin1", "POST", "/api/v1/rounds",
                {"name": "2024年第二季度", "period": "2024-Q2", "due_on": due}, expect=201)
        body = {"period": "2024-Q2", "percent": 40, "status": "推进中", "narrative": "已开工"}
        r1 = self.ok("admin1", "POST", f"/api/v1/tasks/{first}/reports", body, expect=201)
        self.ok("reviewer1", "POST", f"/api/v1/reports/{r1['id']}/approve", {})
        self.ok("admin1", "POST", f"/api/v1/tasks/{second}/reports",
                dict(body, percent=0, status="未启动", narrative=""), expect=201)

        p1 = self.ok("viewer1", "GET", f"/api/v1/tasks/{first}")["task"]["progress"]
        self.assertEqual((p1["percent"], p1["status"], p1["status_label"], p1["state"],
                          p1["approved"], p1["report_id"], p1["closed_out"]),
                         (40, "in_progress", "推进中", "approved", True, r1["id"], False))
        self.assertTrue(p1["reported_at"])
        p2 = self.ok("viewer1", "GET", f"/api/v1/tasks/{second}")["task"]["progress"]
        self.assertEqual((p2["percent"], p2["status"], p2["state"], p2["approved"]),
                         (0, "not_started", "submitted", False))
        self.assertEqual([t["id"] for t in self.tasks(status="in_progress")["tasks"]], [first])
        self.assertEqual([t["id"] for t in self.tasks(status="未启动")["tasks"]], [second])
        self.assertEqual(self.tasks(status="none")["total"], page["total"] - 2)
        listed = {t["id"]: t["progress"] for t in self.tasks()["tasks"]}
        self.assertEqual(listed[first], p1)
        self.assertEqual(listed[second], p2)
        # GET /progress counts what the task list's filters return.
        total = self.ok("viewer1", "GET", "/api/v1/progress")["total"]
        self.assertEqual(total["tasks"], page["total"])
        self.assertEqual(total["reported"], page["total"] - self.tasks(status="none")["total"])
        self.assertEqual(total["completed"], self.tasks(status="completed")["total"])
        self.assertEqual(total["lagging"], self.tasks(status="lagging")["total"])


if __name__ == "__main__":
    http_support.main()
