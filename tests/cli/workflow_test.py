#!/usr/bin/python3
"""End-to-end tests of the reporting workflow over HTTP (`guihua serve`):

- AuthorisationMatrixTest: every non-GET operation of the OpenAPI document, for every role
  (admin, reviewer, reporter, viewer, anonymous) on the reporter's own unit's data and on
  another unit's, against one table of expectations (EXPECTED) and one table of request
  fixtures (FIXTURES). A documented write without a fixture, or whose x-guihua-access has no
  expectation, fails: a new route must come with its rule. Also: authorisation before
  validation (a refused reporter learns nothing from 400/404).
- ClosedLoopTest: the 督查督办 closed loop — evidence upload and download, submit, return,
  reminders, resubmit, approve, close out (销号); indicator values that reach the observations
  only once approved; publication for the public; the audit log of every write kind and
  `guihua audit verify` after a SIGTERM.

Both classes serve a copy of one database built once per run: the sample plan, Hengyang's
regions, the synthetic Hengyang indicators with `guihua gen` data to 2023-12, and the users
admin1, reviewer1, viewer1, rep1 (reporter of 衡南县) and rep2 (reporter of 祁东县).

Run: /usr/bin/python3 tests/cli/workflow_test.py --guihua build/app/guihua
"""
import collections
import datetime
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import tempfile
import unittest
from urllib.parse import quote

import http_support
from http_support import Client, free_port, run, start_server

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(ROOT, "data/plans/hengyang-14th-fyp-proposal.txt")
REGIONS = os.path.join(ROOT, "data/units/hengyang_regions.csv")
SYNTHETIC = os.path.join(ROOT, "data/indicators/hengyang-synthetic-indicators.csv")

OWN_UNIT, OTHER_UNIT = "衡南县", "祁东县"  # rep1's unit, rep2's unit
USERS = {  # client key -> (name, password, role, unit)
    "admin": ("admin1", "admin-pass-1", "admin", None),
    "reviewer": ("reviewer1", "reviewer-pass-1", "reviewer", None),
    "viewer": ("viewer1", "viewer-pass-1", "viewer", None),
    "reporter": ("rep1", "rep1-pass-123", "reporter", OWN_UNIT),
    "reporter2": ("rep2", "rep2-pass-123", "reporter", OTHER_UNIT),
}
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
TEMPLATE = {}  # "dir", "db": the database every server class copies






def in_days(n):
    """An ISO date n days from today (UTC, as the server counts)."""
    today = datetime.datetime.now(datetime.timezone.utc).date()
    return (today + datetime.timedelta(days=n)).isoformat()


def setUpModule():  # noqa: N802 (unittest's name)
    d = tempfile.mkdtemp(prefix="guihua-wf-template-")
    db = os.path.join(d, "g.db")
    unittest.addModuleCleanup(shutil.rmtree, d, ignore_errors=True)  # also if a step fails
    TEMPLATE.update(dir=d, db=db)
    run("import", SAMPLE, "--db", db)
    run("regions", "import", REGIONS, "--db", db)
    run("indicators", "import", SYNTHETIC, "--db", db)
    run("gen", "--out", os.path.join(d, "syn"), "--end", "2023-12")
    run("data", "import", os.path.join(d, "syn", "observations.csv"), "--db", db)
    for name, password, role, unit in USERS.values():
        args = ["user", "add", name, "--role", role, "--db", db]
        if unit:
            args += ["--unit", unit]
        run(*args, stdin=password + "\n")




class ServerFixture(unittest.TestCase):
    """Serves a copy of the template database on a free port, once per test class; logs in
    one client per role (self.c[role]; "anonymous" has no session), finds the reporters'
    tasks by their units and opens the round 2024-Q2 (self.round)."""

    @classmethod
    def setUpClass(cls):
        # Cleanups (not tearDownClass) so that a failure below still stops the server.
        cls.dir = tempfile.mkdtemp(prefix="guihua-wf-")
        cls.addClassCleanup(shutil.rmtree, cls.dir, ignore_errors=True)
        cls.db = os.path.join(cls.dir, "g.db")
        src = sqlite3.connect(TEMPLATE["db"])
        dst = sqlite3.connect(cls.db)
        src.backup(dst)
        dst.close()
        src.close()
        cls.port = free_port()
        cls.log = open(os.path.join(cls.dir, "server.log"), "w")
        cls.addClassCleanup(cls.log.close)
        cls.proc = start_server(cls.db, cls.port, cls.log)
        cls.addClassCleanup(cls.stop_server)
        cls.c = {"anonymous": Client(cls.port)}
        for key, (name, password, _, _) in USERS.items():
            cls.c[key] = Client(cls.port)
            status, payload, _ = cls.c[key].login(name, password)
            assert status == 200, (name, status, payload)
        # The reporters' tasks, chosen by their units (lead or co-unit), not by id.
        status, page, _ = cls.c["admin"].call("GET", "/api/v1/tasks?per_page=500&page=1")
        assert status == 200, page
        tasks = page["tasks"]
        page_no = 1
        while len(tasks) < page["total"]:
            page_no += 1
            tasks += cls.c["admin"].call("GET", f"/api/v1/tasks?per_page=500&page={page_no}")[1][
                "tasks"]
        cls.tasks = tasks

        def units(t):
            return {t.get("lead_unit") or ""} | set(t["co_units"])

        cls.own_task = next(t["id"] for t in tasks
                            if OWN_UNIT in units(t) and OTHER_UNIT not in units(t))
        cls.other_task = next(t["id"] for t in tasks
                              if OTHER_UNIT in units(t) and OWN_UNIT not in units(t))
        # Tasks of neither reporter, with a lead unit: spare tasks to close out.
        cls.spare_tasks = [t["id"] for t in tasks
                           if t.get("lead_unit") and not {OWN_UNIT, OTHER_UNIT} & units(t)]
        status, rnd, _ = cls.c["admin"].call("POST", "/api/v1/rounds", {
            "name": "2024年第二季度", "period": "2024-Q2", "due_on": in_days(2)})
        assert status == 201, rnd
        cls.round = rnd

    @classmethod
    def stop_server(cls):
        if cls.proc.poll() is None:
            cls.proc.kill()
            cls.proc.wait()

    def assertError(self, payload, code):  # noqa: N802 (unittest style)
        http_support.assert_error(self, payload, code)

    def ok(self, role, method, path, body=None, expect=(200, 201), **kw):
        """Sends as `role`; asserts a status in `expect`; returns the payload."""
        status, payload, _ = self.c[role].call(method, path, body, **kw)
        expect = (expect,) if isinstance(expect, int) else expect
        self.assertIn(status, expect, f"{role} {method} {path}: {payload}")
        return payload


# --- The authorisation matrix -------------------------------------------------------------

ANONYMOUS = "(anonymous operation)"  # the EXPECTED key of operations with "security": []
ANY, OWN = "any unit", "own unit only"
LOGGED_IN = ("admin", "reviewer", "reporter", "viewer")
# Anonymous first, admin last: the refused roles meet a task that could really be closed out.
ROLES = ("anonymous", "viewer", "reporter", "reviewer", "admin")

# Who may do what (mirrors kRules in src/workflow/account.cc): x-guihua-access -> role -> scope.
EXPECTED = {
    "manage_users": {"admin": ANY},
    "manage_rounds": {"admin": ANY},
    "publish": {"admin": ANY},
    "read_audit": {"admin": ANY},
    "review": {"admin": ANY, "reviewer": ANY},
    "write_task_report": {"admin": ANY, "reporter": OWN},
    "write_observation": {"admin": ANY, "reporter": OWN},
    "read": {r: ANY for r in LOGGED_IN},
    "session": {r: ANY for r in LOGGED_IN},
    ANONYMOUS: {r: ANY for r in ROLES},
}

# What a fixture returns: the path (with ids filled in), a JSON body or raw bytes, a query
# string, extra headers, and the client to send with (None: the role's shared client).
Call = collections.namedtuple("Call", "path body raw query headers client",
                              defaults=(None, None, "", None, None))


class Prep:
    """Prepares fresh prerequisites for one request of the matrix (as admin or the reporters),
    so that every allowed call can succeed and no call depends on another."""

    def __init__(self, t):
        self.t = t
        self.n = 0
        self.closable = set()

    def fresh(self):
        self.n += 1
        return self.n

    def period(self):
        """A month no round has used (2030-01, 2030-02, …)."""
        n = self.fresh()
        return f"{2030 + n // 12}-{n % 12 + 1:02d}"

    def round(self):
        """A fresh open round (its own period, so every submission in it is a first one)."""
        return self.t.ok("admin", "POST", "/api/v1/rounds", {
            "name": "测试轮次", "period": self.period(), "due_on": in_days(30)}, expect=201)["id"]

    def task(self, variant):
        return self.t.own_task if variant == "own" else self.t.other_task

    def region(self, variant):
        return OWN_UNIT if variant == "own" else OTHER_UNIT

    def submitted_value(self, variant):
        """A value report just submitted by rep1 (own) or rep2 (other): not the reviewer's."""
        rid = self.round()
        reporter = "reporter" if variant == "own" else "reporter2"
        path = f"/api/v1/indicators/H01/regions/{quote(self.region(variant))}/values"
        report = self.t.ok(reporter, "POST", path, {"value": 6.5, "period": "2023",
                                                    "round_id": rid}, expect=201)
        self.t.assertEqual(report["state"], "submitted")
        return report["id"]

    def closable_task(self, variant):
        """The variant's task while it is open, then spare tasks: each with an approved
        report saying 已完成 at 100 % (admin reports, reviewer1 approves)."""
        for task in [self.task(variant)] + self.t.spare_tasks:
            detail = self.t.ok("admin", "GET", f"/api/v1/tasks/{task}")
            if detail["closed_out"] is None:
                break
        if task not in self.closable:
            rid = self.round()
            report = self.t.ok("admin", "POST", f"/api/v1/tasks/{task}/reports", {
                "round_id": rid, "percent": 100, "status": "已完成", "narrative": "已全部完成"},
                expect=201)
            self.t.ok("reviewer", "POST", f"/api/v1/reports/{report['id']}/approve",
                      {"comment": "同意销号"})
            self.closable.add(task)
        return task

    def user(self):
        """A fresh throwaway account."""
        name = f"tmp{self.fresh()}"
        self.t.ok("admin", "POST", "/api/v1/users",
                  {"username": name, "password": "tmp-pass-123", "role": "viewer"}, expect=201)
        return name

    def session(self, role):
        """A fresh session of `role` (DELETE /session must not end the shared ones)."""
        if role == "anonymous":
            return None
        c = Client(self.t.port)
        name, password, _, _ = USERS[role]
        self.t.assertEqual(c.login(name, password)[0], 200)
        return c


# "METHOD path" -> function(prep, role, variant) -> Call. Every non-GET route needs one.
FIXTURES = {
    "POST /api/v1/session": lambda p, role, v: Call(
        "/api/v1/session", {"username": "viewer1", "password": "viewer-pass-1"}),
    "DELETE /api/v1/session": lambda p, role, v: Call("/api/v1/session",
                                                      client=p.session(role)),
    "POST /api/v1/tasks/{id}/reports": lambda p, role, v: Call(
        f"/api/v1/tasks/{p.task(v)}/reports",
        {"round_id": p.round(), "percent": 30, "status": "推进中", "narrative": "正在推进"}),
    "POST /api/v1/tasks/{id}/close-out": lambda p, role, v: Call(
        f"/api/v1/tasks/{p.closable_task(v)}/close-out", {"comment": "销号"}),
    "POST /api/v1/reports/{id}/approve": lambda p, role, v: Call(
        f"/api/v1/reports/{p.submitted_value(v)}/approve", {"comment": "同意"}),
    "POST /api/v1/reports/{id}/return": lambda p, role, v: Call(
        f"/api/v1/reports/{p.submitted_value(v)}/return", {"comment": "请核实数据来源"}),
    "POST /api/v1/rounds": lambda p, role, v: Call("/api/v1/rounds", {
        "name": "矩阵轮次", "period": p.period(), "due_on": in_days(10)}),
    "POST /api/v1/rounds/{id}/close": lambda p, role, v: Call(
        f"/api/v1/rounds/{p.round()}/close", {}),
    "POST /api/v1/indicators/{code}/regions/{region}/values": lambda p, role, v: Call(
        f"/api/v1/indicators/H01/regions/{quote(p.region(v))}/values",
        {"value": 5.5, "period": "2023", "round_id": p.round(), "source": "统计局"}),
    "POST /api/v1/evidence": lambda p, role, v: Call(
        "/api/v1/evidence", raw=PDF, query="name=" + quote("佐证.pdf"),
        headers={"Content-Type": "application/octet-stream"}),
    "POST /api/v1/users": lambda p, role, v: Call("/api/v1/users", {
        "username": f"new{p.fresh()}", "password": "new-pass-123", "role": "viewer"}),
    "POST /api/v1/users/{name}/password": lambda p, role, v: Call(
        f"/api/v1/users/{p.user()}/password", {"password": "changed-pass-1"}),
    "POST /api/v1/users/{name}/disable": lambda p, role, v: Call(
        f"/api/v1/users/{p.user()}/disable", {}),
    "POST /api/v1/publications": lambda p, role, v: Call(
        "/api/v1/publications", {"note": "矩阵测试发布", "as_of": "2023"}),
}


class AuthorisationMatrixTest(ServerFixture):
    def test_every_write_for_every_role(self):
        status, doc, _ = self.c["anonymous"].call("GET", "/api/v1/openapi.json")
        self.assertEqual(status, 200)
        ops = {}
        for path, item in doc["paths"].items():
            for method, op in item.items():
                if method.upper() != "GET":
                    ops[f"{method.upper()} {path}"] = op
        self.assertIn("POST /api/v1/tasks/{id}/reports", ops)

        # The tables must cover the document: a new route without a rule fails here.
        access = {}
        problems = []
        for key, op in sorted(ops.items()):
            if op.get("security") == []:
                access[key] = ANONYMOUS
            elif "x-guihua-access" in op:
                access[key] = op["x-guihua-access"]
            else:
                problems.append(f"{key}: neither \"security\": [] nor x-guihua-access")
                continue
            if access[key] not in EXPECTED:
                problems.append(f"{key}: x-guihua-access {access[key]!r} has no EXPECTED entry")
            if key not in FIXTURES:
                problems.append(f"{key}: no FIXTURES entry (add one that prepares the call)")
            scope = op.get("x-guihua-scope")
            if scope is not None and scope not in ("task", "report", "value"):
                problems.append(f"{key}: unknown x-guihua-scope {scope!r}")
        problems += [f"{key}: FIXTURES entry for a route the document does not list"
                     for key in sorted(set(FIXTURES) - set(ops))]
        self.assertEqual(problems, [], "\n".join(problems))

        prep = Prep(self)
        # Close-outs last: a closed-out task takes no more reports.
        for key, op in sorted(ops.items(), key=lambda kv: (kv[0].endswith("/close-out"), kv[0])):
            method, route = key.split(" ", 1)
            rule = EXPECTED[access[key]]
            scoped = "x-guihua-scope" in op
            for variant in ("own", "other"):
                for role in ROLES:
                    with self.subTest(route=key, role=role, variant=variant):
                        call = FIXTURES[key](prep, role, variant)
                        grant = rule.get(role)
                        allowed = grant == ANY or (grant == OWN and (variant == "own" or
                                                                     not scoped))
                        client = call.client or self.c[role]
                        url = call.path + ("?" + call.query if call.query else "")
                        status, payload, _ = client.call(method, url, call.body, raw=call.raw,
                                                         headers=call.headers)
                        if allowed:
                            self.assertTrue(200 <= status < 300, f"{status} {payload}")
                        elif role == "anonymous":
                            self.assertEqual(status, 401, payload)
                            self.assertError(payload, "unauthenticated")
                        else:
                            self.assertEqual(status, 403, payload)
                            self.assertError(payload, "forbidden")

    def test_authorisation_before_validation(self):
        rep, admin = "reporter", "admin"
        other = f"/api/v1/tasks/{self.other_task}/reports"
        # Another unit's task: 403 whatever the body (broken JSON, wrong types, nothing).
        for raw in ("not json", json.dumps({"percent": "x", "status": 7}), ""):
            with self.subTest(raw=raw):
                status, payload, _ = self.c[rep].call("POST", other, raw=raw)
                self.assertEqual(status, 403, payload)
                self.assertError(payload, "forbidden")
        # A task that does not exist: 403 for the reporter (it learns nothing), 404 for admin.
        good = {"period": "2024-Q2", "percent": 10, "status": "推进中", "narrative": "x"}
        for path in ("/api/v1/tasks/999999/reports", "/api/v1/tasks/abc/reports"):
            with self.subTest(path=path):
                status, payload, _ = self.c[rep].call("POST", path, good)
                self.assertEqual(status, 403, payload)
                status, payload, _ = self.c[admin].call("POST", path, good)
                self.assertEqual(status, 404, payload)
                self.assertError(payload, "not_found")
        # The same for values of an unknown region or indicator, and reports that do not exist.
        for path in (f"/api/v1/indicators/H01/regions/{quote('不存在县')}/values",
                     f"/api/v1/indicators/NOPE/regions/{quote(OWN_UNIT)}/values"):
            with self.subTest(path=path):
                status, payload, _ = self.c[rep].call("POST", path, {"value": 1, "period": "2023"})
                self.assertEqual(status, 403, payload)
                status, payload, _ = self.c[admin].call("POST", path,
                                                        {"value": 1, "period": "2023"})
                self.assertEqual(status, 404, payload)
        status, payload, _ = self.c[rep].call("POST", "/api/v1/reports/999999/approve", {})
        self.assertEqual(status, 403, payload)
        status, payload, _ = self.c[admin].call("POST", "/api/v1/reports/999999/approve", {})
        self.assertEqual(status, 404, payload)
        # On its own task the reporter is authorised, so validation speaks: 400 naming the field.
        status, payload, _ = self.c[rep].call("POST", f"/api/v1/tasks/{self.own_task}/reports",
                                              {"period": "2024-Q2", "percent": 101,
                                               "status": "推进中", "narrative": "x"})
        self.assertEqual(status, 400, payload)
        self.assertEqual(payload["error"]["field"], "percent")
        status, payload, _ = self.c[rep].call("POST", f"/api/v1/tasks/{self.own_task}/reports",
                                              raw="not json")
        self.assertEqual(status, 400, payload)
        self.assertError(payload, "invalid_argument")


# --- The closed loop --------------------------------------------------------------------

class ClosedLoopTest(ServerFixture):
    def upload(self, role, name, data):
        return self.c[role].call("POST", "/api/v1/evidence?name=" + quote(name), raw=data,
                                 headers={"Content-Type": "application/octet-stream"})

    def test_evidence_upload_and_download(self):
        data = PDF + b"% closed loop\n"
        status, f, _ = self.upload("reporter", "验收报告.pdf", data)
        self.assertEqual(status, 201, f)
        self.assertEqual(f["hash"], hashlib.sha256(data).hexdigest())
        self.assertEqual((f["name"], f["type"], f["size"], f["uploaded_by"]),
                         ("验收报告.pdf", "application/pdf", len(data), "rep1"))
        # Stored content-addressed next to the database.
        self.assertTrue(os.path.exists(os.path.join(self.db + ".files", f["hash"][:2],
                                                    f["hash"][2:])))
        for role in ("viewer", "reviewer", "reporter2"):
            status, body, resp = self.c[role].call("GET", f"/api/v1/evidence/{f['hash']}")
            self.assertEqual(status, 200, body)
            self.assertEqual(resp.data, data)
            self.assertEqual(resp.getheader("Content-Type"), "application/pdf")
            disposition = resp.getheader("Content-Disposition")
            self.assertTrue(disposition.startswith("attachment;"), disposition)
            self.assertIn("filename*=UTF-8''" + quote("验收报告.pdf"), disposition)
        status, payload, _ = self.c["viewer"].call("GET", "/api/v1/evidence/" + "0" * 64)
        self.assertEqual(status, 404, payload)
        status, payload, _ = self.c["viewer"].call("GET", "/api/v1/evidence/..%2F..%2Fetc")
        self.assertEqual(status, 404, payload)

        # Types are decided from the bytes: a Windows executable is refused.
        status, payload, _ = self.upload("reporter", "x.exe", b"MZ\x90\x00" + b"\x00" * 60)
        self.assertEqual(status, 400, payload)
        self.assertError(payload, "invalid_argument")
        status, payload, _ = self.upload("reporter", "x.pdf", b"MZ\x90\x00" + b"\x00" * 60)
        self.assertEqual(status, 400, payload)
        # 10 MiB is the limit: one byte more is 413 like a body beyond the transport's limit
        # (10 MiB + 4 KiB); exactly 10 MiB is stored.
        big = PDF + b"0" * ((10 << 20) + 1 - len(PDF))
        for data in (big, big + b"0" * (1 << 20)):
            status, payload, _ = self.upload("reporter", "big.pdf", data)
            self.assertEqual(status, 413, payload)
            self.assertError(payload, "payload_too_large")
        status, f10, _ = self.upload("reporter", "ten.pdf", big[:-1])
        self.assertEqual(status, 201, f10)
        self.assertEqual(f10["size"], 10 << 20)
        # A JSON route takes at most 1 MiB.
        status, payload, _ = self.c["reporter"].call(
            "POST", f"/api/v1/tasks/{self.own_task}/reports",
            raw=json.dumps({"narrative": "x" * (3 << 19)}))
        self.assertEqual(status, 413, payload)
        self.assertError(payload, "payload_too_large")

    def test_task_report_loop(self):
        task = self.own_task
        detail = self.ok("reporter", "GET", f"/api/v1/tasks/{task}")
        self.assertIn(OWN_UNIT, [detail["task"]["lead_unit"]] + detail["task"]["co_units"])
        status, f, _ = self.upload("reporter", "验收报告.pdf", PDF)
        self.assertEqual(status, 201, f)
        path = f"/api/v1/tasks/{task}/reports"
        body = {"period": "2024-Q2", "percent": 60, "status": "推进中",
                "narrative": "已完成可研批复，正在开展招标", "evidence": [f["hash"]]}
        r = self.ok("reporter", "POST", path, body, expect=201)
        self.assertEqual((r["state"], r["revision"], r["unit"], r["task_id"], r["percent"]),
                         ("submitted", 1, OWN_UNIT, task, 60))
        self.assertEqual(r["evidence"], [f["hash"]])
        # Submitted and awaiting review: not again.
        status, payload, _ = self.c["reporter"].call("POST", path, body)
        self.assertEqual(status, 409, payload)
        # Unknown evidence is refused, naming the field.
        status, payload, _ = self.c["reporter"].call(
            "POST", f"/api/v1/tasks/{task}/reports", dict(body, evidence=["f" * 64]))
        self.assertEqual(status, 400, payload)
        self.assertEqual(payload["error"]["field"], "evidence")
        # The review queue shows it; a return needs a comment.
        queue = self.ok("reviewer", "GET", "/api/v1/reports?state=submitted&kind=task")
        self.assertIn(r["id"], [x["id"] for x in queue])
        status, payload, _ = self.c["reviewer"].call("POST", f"/api/v1/reports/{r['id']}/return",
                                                     {})
        self.assertEqual(status, 400, payload)
        self.assertEqual(payload["error"]["field"], "comment")
        ret = self.ok("reviewer", "POST", f"/api/v1/reports/{r['id']}/return",
                      {"comment": "请补充招标公告"})
        self.assertEqual((ret["state"], ret["reviewed_by"], ret["review_comment"]),
                         ("returned", "reviewer1", "请补充招标公告"))
        # The reporter's reminders list the returned report.
        due = self.ok("reporter", "GET", "/api/v1/due")
        returned = [d for d in due if d["kind"] == "returned"]
        self.assertEqual([(d["report_kind"], d.get("task_id"), d["report_id"], d["unit"])
                          for d in returned], [("task", task, r["id"], OWN_UNIT)], due)
        self.assertTrue(all(d["unit"] == OWN_UNIT for d in due))
        # Resubmitted: revision 2; then approved by the reviewer.
        r2 = self.ok("reporter", "POST", path, dict(body, narrative="已补充招标公告"), expect=201)
        self.assertEqual((r2["state"], r2["revision"]), ("submitted", 2))
        self.assertNotIn(r["id"], [d["report_id"] for d in
                                   self.ok("reporter", "GET", "/api/v1/due")
                                   if d["kind"] == "returned"])
        ok = self.ok("reviewer", "POST", f"/api/v1/reports/{r2['id']}/approve", {"comment": "同意"})
        self.assertEqual(ok["state"], "approved")
        # Approved: no resubmission in this round, and 60 % cannot be closed out.
        status, payload, _ = self.c["reporter"].call("POST", path, body)
        self.assertEqual(status, 409, payload)
        status, payload, _ = self.c["admin"].call("POST", f"/api/v1/tasks/{task}/close-out", {})
        self.assertEqual(status, 409, payload)
        self.assertError(payload, "failed_precondition")

        # Next quarter: completed at 100 %, approved, closed out (once).
        q3 = self.ok("admin", "POST", "/api/v1/rounds", {
            "name": "2024年第三季度", "period": "2024-Q3", "due_on": in_days(2)}, expect=201)
        status, payload, _ = self.c["reporter"].call("POST", path, dict(
            body, period="2024-Q3", percent=90, status="已完成"))
        self.assertEqual(status, 400, payload)  # 已完成 means 100 %
        self.assertEqual(payload["error"]["field"], "percent")
        done = self.ok("reporter", "POST", path, dict(
            body, period="2024-Q3", percent=100, status="已完成", narrative="项目已竣工验收"),
            expect=201)
        self.assertEqual(done["round_id"], q3["id"])
        self.ok("reviewer", "POST", f"/api/v1/reports/{done['id']}/approve", {})
        co = self.ok("admin", "POST", f"/api/v1/tasks/{task}/close-out", {"comment": "同意销号"},
                     expect=201)
        self.assertEqual((co["task_id"], co["closed_by"], co["comment"]),
                         (task, "admin1", "同意销号"))
        status, payload, _ = self.c["admin"].call("POST", f"/api/v1/tasks/{task}/close-out", {})
        self.assertEqual(status, 409, payload)
        # A closed-out task takes no more progress reports.
        status, payload, _ = self.c["reporter"].call(
            "POST", f"/api/v1/tasks/{task}/reports",
            {"round_id": q3["id"], "percent": 100, "status": "已完成", "narrative": "再报"})
        self.assertEqual((status, payload["error"]["code"]), (409, "failed_precondition"), payload)

        detail = self.ok("viewer", "GET", f"/api/v1/tasks/{task}")
        self.assertEqual(detail["closed_out"]["closed_by"], "admin1")
        mine = [x for x in detail["reports"] if x["unit"] == OWN_UNIT]
        self.assertEqual(sorted((x["round_id"], x["state"], x["percent"]) for x in mine),
                         sorted([(self.round["id"], "approved", 60),
                                 (q3["id"], "approved", 100)]))
        progress = self.ok("viewer", "GET", "/api/v1/progress")
        self.assertGreaterEqual(progress["total"]["closed_out"], 1)
        self.assertGreaterEqual(progress["total"]["completed"], 1)

    def test_values_feed_observations_once_approved(self):
        region = quote(OWN_UNIT)
        path = f"/api/v1/indicators/H01/regions/{region}/values"
        obs_url = f"/api/v1/observations?indicator=H01&region={region}"

        def observation(period):
            rows = [o for o in self.ok("viewer", "GET", obs_url) if o["period"] == period]
            self.assertLessEqual(len(rows), 1)
            return rows[0] if rows else None

        v = self.ok("reporter", "POST", path, {"value": 8.8, "period": "2024-Q2",
                                               "source": "衡南县统计局"}, expect=201)
        self.assertEqual((v["kind"], v["state"], v["unit"], v["region"], v["period"]),
                         ("value", "submitted", OWN_UNIT, OWN_UNIT, "2024-Q2"))
        self.assertIsNone(observation("2024-Q2"))  # not before it is approved
        self.ok("reviewer", "POST", f"/api/v1/reports/{v['id']}/approve", {})
        o = observation("2024-Q2")
        self.assertIsNotNone(o)
        self.assertEqual((o["value"], o["status"]), (8.8, "approved"))

        # An annual figure in the quarter's round replaces the stored one once approved, and
        # the evaluation (served from a cache while the data is unchanged) follows at once.
        def evaluated():
            rows = [e for e in self.ok("viewer", "GET", "/api/v1/evaluation?as_of=2023")
                    if e["indicator"] == "H01" and e["region"] == OWN_UNIT]
            self.assertEqual(len(rows), 1)
            return rows[0]["value"]

        before = observation("2023")
        self.assertIsNotNone(before)  # the synthetic data's
        self.assertEqual(evaluated(), before["value"])
        self.assertEqual(evaluated(), before["value"])  # the cached answer is the same
        v = self.ok("reporter", "POST", path, {"value": 12.34, "period": "2023",
                                               "round_period": "2024-Q2"}, expect=201)
        self.assertEqual(observation("2023"), before)
        self.assertEqual(evaluated(), before["value"])  # submitted is not yet approved
        self.ok("reviewer", "POST", f"/api/v1/reports/{v['id']}/approve", {})
        self.assertEqual((observation("2023")["value"], observation("2023")["status"]),
                         (12.34, "approved"))
        self.assertEqual(evaluated(), 12.34)
        # A period ending after the round's is refused, naming the field.
        status, payload, _ = self.c["reporter"].call(
            "POST", path, {"value": 1, "period": "2025", "round_period": "2024-Q2"})
        self.assertEqual(status, 400, payload)
        self.assertEqual(payload["error"]["field"], "period")
        # Another county's figures are not rep1's.
        status, payload, _ = self.c["reporter"].call(
            "POST", f"/api/v1/indicators/H01/regions/{quote(OTHER_UNIT)}/values",
            {"value": 1, "period": "2024-Q2"})
        self.assertEqual(status, 403, payload)

        # Nobody reviews what they submitted: admin submits, admin cannot approve.
        mine = self.ok("admin", "POST", f"/api/v1/indicators/H02/regions/{region}/values",
                       {"value": 3.3, "period": "2024-Q2"}, expect=201)
        status, payload, _ = self.c["admin"].call("POST", f"/api/v1/reports/{mine['id']}/approve",
                                                  {})
        self.assertEqual(status, 409, payload)
        self.assertError(payload, "failed_precondition")
        self.assertEqual(self.ok("admin", "GET", f"/api/v1/reports/{mine['id']}")["state"],
                         "submitted")
        self.ok("reviewer", "POST", f"/api/v1/reports/{mine['id']}/approve", {})

    def test_publication(self):
        status, payload, _ = self.c["anonymous"].call("GET", "/api/v1/public")
        self.assertEqual(status, 404, payload)
        self.assertError(payload, "not_found")
        status, payload, _ = self.c["viewer"].call("POST", "/api/v1/publications", {"note": "x"})
        self.assertEqual(status, 403, payload)
        pub = self.ok("admin", "POST", "/api/v1/publications",
                      {"note": "2023年度监测结果", "as_of": "2023"}, expect=201)
        self.assertEqual(pub["published_by"], "admin1")
        status, public, resp = self.c["anonymous"].call("GET", "/api/v1/public")
        self.assertEqual(status, 200, public)
        for key in ("summary", "evaluation", "tasks", "indicators", "plan", "as_of", "note"):
            self.assertIn(key, public)
        self.assertEqual((public["as_of"], public["note"]), ("2023", "2023年度监测结果"))
        self.assertTrue(public["evaluation"])
        self.assertNotIn(b"published_by", resp.data)
        self.assertNotIn(b"admin1", resp.data)
        listed = self.ok("admin", "GET", "/api/v1/publications")
        self.assertEqual([p["id"] for p in listed], [pub["id"]])

    def test_zz_audit_and_verify(self):
        # Runs last (zz): reads what the other tests wrote, then stops the shared server.
        audit = self.ok("admin", "GET", "/api/v1/audit?limit=1000")
        entities = [e["entity"] for e in audit]

        def kinds(prefix):
            return [e for e in audit if e["entity"].startswith(prefix)]

        self.assertTrue(kinds("round:"), entities)
        self.assertTrue(kinds("session:rep1"), entities)
        self.assertTrue(kinds("evidence:"), entities)
        self.assertTrue(kinds("value:H01/" + OWN_UNIT + "/"), entities)
        self.assertTrue(kinds("publication"), entities)
        reviews = kinds("report:")
        self.assertTrue(reviews, entities)
        self.assertTrue(any(json.loads(e["after"])["state"] == "returned" for e in reviews))
        task_reports = [e for e in kinds("task:") if e["action"].endswith("/reports")]
        # A resubmission records before and after as JSON.
        resubmit = [e for e in task_reports if e["before"]]
        self.assertTrue(resubmit, task_reports)
        before, after = json.loads(resubmit[0]["before"]), json.loads(resubmit[0]["after"])
        self.assertEqual((before["state"], after["state"]), ("returned", "submitted"))
        self.assertEqual(after["revision"], before["revision"] + 1)
        self.assertEqual((resubmit[0]["user"], resubmit[0]["role"], resubmit[0]["unit"]),
                         ("rep1", "reporter", OWN_UNIT))
        closeouts = [e for e in kinds("task:") if e["action"].endswith("/close-out")]
        self.assertEqual(len(closeouts), 1, closeouts)
        self.assertEqual(json.loads(closeouts[0]["after"])["closed_by"], "admin1")

        self.proc.send_signal(signal.SIGTERM)
        self.assertEqual(self.proc.wait(timeout=15), 0)
        p = run("audit", "verify", "--db", self.db, check=False)
        self.assertEqual(p.returncode, 0, p.stderr)


if __name__ == "__main__":
    http_support.main()
