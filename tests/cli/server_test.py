#!/usr/bin/python3
"""End-to-end tests of accounts, the audit log and the HTTP server: `guihua user ...`,
`guihua audit verify` (also after tampering with the database), and `guihua serve` on a free
port, exercised with urllib: login, cookie flags, 401/403, CSRF, JSON errors, OpenAPI
coverage, login throttling and a graceful SIGTERM.

Run: /usr/bin/python3 tests/cli/server_test.py --guihua build/app/guihua
"""
import http.client
import json
import os
import select
import shutil
import signal
import socket
import sqlite3
import tempfile
import threading
import time
import unittest
from urllib.parse import quote

import http_support
from http_support import Client, free_port, run, start_server

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(ROOT, "data/plans/hengyang-14th-fyp-proposal.txt")
NATIONAL = os.path.join(ROOT, "data/indicators/national-14th-fyp-indicators.csv")
ACTUALS = os.path.join(ROOT, "data/indicators/national-14th-fyp-actuals-2020-2021.csv")






class AccountCliTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="guihua-acct-")
        self.db = os.path.join(self.dir, "g.db")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def test_password_is_not_echoed_at_a_terminal(self):
        import pty
        pid, fd = pty.fork()
        if pid == 0:  # the child: guihua on a pseudo-terminal
            os.execv(http_support.GUIHUA, [http_support.GUIHUA, "user", "add", "tty1", "--role",
                                            "viewer", "--db", self.db])
        out = b""
        deadline = time.time() + 10
        while "密码".encode() not in out and time.time() < deadline:
            if select.select([fd], [], [], 0.5)[0]:
                out += os.read(fd, 1024)
        self.assertIn("密码".encode(), out)  # the prompt, on the terminal
        os.write(fd, b"tty-secret-99\n")
        deadline = time.time() + 20
        while time.time() < deadline:
            if not select.select([fd], [], [], 0.5)[0]:
                continue
            try:
                chunk = os.read(fd, 1024)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            out += chunk
        else:
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        self.assertEqual(os.waitstatus_to_exitcode(status), 0, out)
        self.assertNotIn(b"tty-secret-99", out)
        self.assertIn("tty1".encode(), out)

    def test_add_list_passwd_disable(self):
        run("user", "add", "alice", "--role", "viewer", "--db", self.db, stdin="alice-pass-1\n")
        out = run("user", "add", "boss", "--role", "admin", "--random-password",
                  "--db", self.db).stdout
        self.assertIn("密码", out)
        pw = out.strip().splitlines()[-1].split("：")[-1]
        self.assertEqual(len(pw), 24)
        run("user", "add", "rep", "--role", "reporter", "--unit", "衡南县", "--db", self.db,
            stdin="rep-pass-123\n")
        users = {u["name"]: u for u in json.loads(
            run("user", "list", "--format", "json", "--db", self.db).stdout)}
        self.assertEqual(set(users), {"alice", "boss", "rep"})
        self.assertEqual(users["rep"]["unit"], "衡南县")
        self.assertNotIn("password_hash", users["alice"])
        run("user", "passwd", "alice", "--db", self.db, stdin="another-pass\n")
        run("user", "disable", "alice", "--db", self.db)
        self.assertIn("已停用", run("user", "list", "--db", self.db).stdout)
        # The database file never holds a password in clear.
        con = sqlite3.connect(self.db)
        hashes = [r[0] for r in con.execute("SELECT password_hash FROM users")]
        con.close()
        self.assertTrue(all(h.startswith("$argon2id$") for h in hashes))

    def test_user_errors(self):
        p = run("user", "add", "x", "--role", "viewer", "--db", self.db, stdin="\n", check=False)
        self.assertEqual(p.returncode, 2)
        self.assertIn("密码不能为空", p.stderr)
        self.assertFalse(os.path.exists(self.db))  # nothing created for bad input
        p = run("user", "add", "r", "--role", "reporter", "--db", self.db, stdin="long-pass-1\n",
                check=False)
        self.assertEqual(p.returncode, 2)
        self.assertIn("--unit", p.stderr)
        p = run("user", "add", "x", "--role", "root", "--db", self.db, stdin="long-pass-1\n",
                check=False)
        self.assertEqual(p.returncode, 2)
        run("user", "add", "x", "--role", "viewer", "--db", self.db, stdin="long-pass-1\n")
        p = run("user", "add", "x", "--role", "viewer", "--db", self.db, stdin="long-pass-1\n",
                check=False)
        self.assertEqual(p.returncode, 2)
        self.assertIn("已存在", p.stderr)
        p = run("user", "disable", "nobody", "--db", self.db, check=False)
        self.assertEqual(p.returncode, 2)

    def test_audit_verify_detects_edit_and_delete(self):
        for n in ("a1", "a2", "a3"):
            run("user", "add", n, "--role", "viewer", "--db", self.db, stdin="long-pass-1\n")
        run("user", "disable", "a2", "--db", self.db)
        ok = run("audit", "verify", "--db", self.db)
        self.assertIn("4", ok.stdout)
        shutil.copy(self.db, self.db + ".orig")

        con = sqlite3.connect(self.db)
        con.execute("UPDATE audit_log SET after = replace(after, 'viewer', 'admin') WHERE id = 2")
        con.commit()
        con.close()
        p = run("audit", "verify", "--db", self.db, check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("第 2 条", p.stderr)

        shutil.copy(self.db + ".orig", self.db)
        con = sqlite3.connect(self.db)
        con.execute("DELETE FROM audit_log WHERE id = 3")
        con.commit()
        con.close()
        p = run("audit", "verify", "--db", self.db, check=False, lang="en")
        self.assertEqual(p.returncode, 1)
        self.assertIn("entry 4", p.stderr)
        self.assertIn("entry 3 is missing", p.stderr)




class ServerFixture(unittest.TestCase):
    """Starts `guihua serve` on a free port over a database with the sample plan, the national
    indicators and two users, once per test class."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="guihua-srv-")
        cls.db = os.path.join(cls.dir, "g.db")
        run("import", SAMPLE, "--db", cls.db)
        run("indicators", "import", NATIONAL, "--db", cls.db)
        run("data", "import", ACTUALS, "--db", cls.db)
        run("user", "add", "admin1", "--role", "admin", "--db", cls.db, stdin="admin-pass-1\n")
        run("user", "add", "viewer1", "--role", "viewer", "--db", cls.db, stdin="viewer-pass-1\n")
        cls.port = free_port()
        cls.log = open(os.path.join(cls.dir, "server.log"), "w")
        cls.proc = start_server(cls.db, cls.port, cls.log)

    @classmethod
    def tearDownClass(cls):
        if cls.proc.poll() is None:
            cls.proc.kill()
            cls.proc.wait()
        cls.log.close()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def assertError(self, payload, code):  # noqa: N802 (unittest style)
        http_support.assert_error(self, payload, code)



class ServerTest(ServerFixture):
    def test_anonymous_gets_401_json(self):
        c = Client(self.port)
        for path in ("/api/v1/plans", "/api/v1/me", "/api/v1/tasks", "/api/v1/audit"):
            status, payload, _ = c.call("GET", path)
            self.assertEqual(status, 401, path)
            self.assertError(payload, "unauthenticated")

    def test_session_probe_and_language(self):
        c = Client(self.port)
        # Anonymous: 200 with user null (a page's "am I logged in?" is not an error).
        status, payload, _ = c.call("GET", "/api/v1/session")
        self.assertEqual((status, payload), (200, {"user": None}))
        status, login, _ = c.login("admin1", "admin-pass-1")
        status, payload, _ = c.call("GET", "/api/v1/session")
        self.assertEqual(status, 200)
        self.assertEqual(payload["user"]["name"], "admin1")
        self.assertEqual(payload["csrf_token"], login["csrf_token"])  # a reloaded tab can write
        # Errors come in the language the caller asks for; the default stays Chinese.
        _, zh, _ = c.call("GET", "/api/v1/plans/999")
        _, en, _ = c.call("GET", "/api/v1/plans/999", headers={"Accept-Language": "en-US,en;q=0.9"})
        _, fr, _ = c.call("GET", "/api/v1/plans/999", headers={"Accept-Language": "fr"})
        self.assertIn("规划", zh["error"]["message"])
        self.assertEqual(en["error"]["message"], "no plan with id 999")
        self.assertEqual(fr["error"]["message"], zh["error"]["message"])

    def test_login_cookie_and_reads(self):
        c = Client(self.port)
        status, payload, resp = c.login("admin1", "admin-pass-1")
        self.assertEqual(status, 200, payload)
        cookie = resp.getheader("Set-Cookie")
        self.assertTrue(cookie.startswith("guihua_session="))
        self.assertIn("HttpOnly", cookie)
        self.assertIn("SameSite=Strict", cookie)
        self.assertIn("Max-Age=", cookie)
        self.assertEqual(len(payload["csrf_token"]), 64)
        self.assertEqual(c.call("GET", "/api/v1/me")[1]["name"], "admin1")
        status, plans, _ = c.call("GET", "/api/v1/plans")
        self.assertEqual(status, 200)
        self.assertEqual(len(plans), 1)
        status, outline, _ = c.call("GET", f"/api/v1/plans/{plans[0]['id']}")
        self.assertEqual(status, 200)
        self.assertIn("nodes", outline)
        status, payload, _ = c.call("GET", "/api/v1/plans/999")
        self.assertEqual(status, 404)
        self.assertError(payload, "not_found")
        status, page, _ = c.call("GET", "/api/v1/tasks?per_page=5&page=2")
        self.assertEqual(status, 200)
        self.assertEqual(len(page["tasks"]), 5)
        self.assertGreater(page["total"], 10)
        unit = next(t["lead_unit"] for t in c.call("GET", "/api/v1/tasks?per_page=500")[1]["tasks"]
                    if t.get("lead_unit"))
        status, page, _ = c.call("GET", "/api/v1/tasks?per_page=500&unit=" + quote(unit))
        self.assertTrue(page["tasks"])
        self.assertTrue(all(t["lead_unit"] == unit or unit in t["co_units"]
                            for t in page["tasks"]))
        status, payload, _ = c.call("GET", "/api/v1/tasks?page=abc")
        self.assertEqual(status, 400)
        self.assertError(payload, "invalid_argument")
        self.assertEqual(payload["error"]["field"], "page")
        status, inds, _ = c.call("GET", "/api/v1/indicators")
        self.assertEqual(len(inds), 20)
        status, ev, _ = c.call("GET", "/api/v1/evaluation?as_of=2021")
        self.assertEqual(status, 200)
        self.assertEqual(len(ev), 20)
        status, payload, _ = c.call("GET", "/api/v1/evaluation?as_of=" + quote("2021年13月"))
        self.assertEqual(status, 400)
        self.assertEqual(payload["error"]["field"], "as_of")
        status, dash, _ = c.call("GET", "/api/v1/dashboard?as_of=2021")
        self.assertEqual(status, 200)
        self.assertEqual(dash["total"], 20)
        self.assertEqual(sum(dash["by_status"].values()), 20)
        self.assertLessEqual(len(dash["attention"]), 10)
        status, users, _ = c.call("GET", "/api/v1/users")
        self.assertEqual({u["name"] for u in users} >= {"admin1", "viewer1"}, True)
        status, audit, _ = c.call("GET", "/api/v1/audit?limit=1&offset=1")
        self.assertEqual(status, 200)
        self.assertEqual([e["id"] for e in audit], [2])

    def test_roles_and_csrf(self):
        v = Client(self.port)
        self.assertEqual(v.login("viewer1", "viewer-pass-1")[0], 200)
        self.assertEqual(v.call("GET", "/api/v1/plans")[0], 200)
        for path in ("/api/v1/audit", "/api/v1/users"):
            status, payload, _ = v.call("GET", path)
            self.assertEqual(status, 403, path)
            self.assertError(payload, "forbidden")
        # A write without the CSRF token is refused before anything else; with it, it works.
        status, payload, _ = v.call("DELETE", "/api/v1/session", csrf=False)
        self.assertEqual(status, 403)
        self.assertError(payload, "csrf")
        status, payload, _ = v.call("DELETE", "/api/v1/session",
                                    csrf=False, headers={"X-CSRF-Token": "0" * 64})
        self.assertEqual(status, 403)
        status, _, resp = v.call("DELETE", "/api/v1/session")
        self.assertEqual(status, 200)
        self.assertIn("Max-Age=0", resp.getheader("Set-Cookie"))
        self.assertEqual(v.call("GET", "/api/v1/plans")[0], 401)  # the session is gone

    def test_error_shapes(self):
        c = Client(self.port)
        status, payload, _ = c.call("GET", "/api/v1/nope")
        self.assertEqual(status, 404)
        self.assertError(payload, "no_such_route")
        status, payload, resp = c.call("PUT", "/api/v1/plans", raw="")
        self.assertEqual(status, 405)
        self.assertError(payload, "method_not_allowed")
        self.assertEqual(resp.getheader("Allow"), "GET")
        status, payload, _ = c.call("POST", "/api/v1/session", raw="not json")
        self.assertEqual(status, 400)
        self.assertError(payload, "invalid_argument")
        status, payload, _ = c.call("POST", "/api/v1/session", {"username": "x"})
        self.assertEqual(status, 400)
        self.assertEqual(payload["error"]["field"], "password")
        status, payload, _ = c.call("POST", "/api/v1/session", raw="x" * (2 << 20))
        self.assertEqual(status, 413)
        self.assertError(payload, "payload_too_large")

    def test_json_bodies_must_say_so(self):
        # A cross-site form post (login CSRF) cannot set application/json.
        c = Client(self.port)
        status, payload, _ = c.call("POST", "/api/v1/session",
                                    raw="username=admin1&password=admin-pass-1",
                                    headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(status, 415, payload)
        self.assertError(payload, "unsupported_media_type")
        self.assertEqual(payload["error"]["field"], "Content-Type")
        status, payload, _ = c.login("admin1", "admin-pass-1")
        self.assertEqual(status, 200, payload)

    def test_openapi_covers_the_routes(self):
        c = Client(self.port)
        status, doc, _ = c.call("GET", "/api/v1/openapi.json")
        self.assertEqual(status, 200)
        self.assertTrue(doc["openapi"].startswith("3."))
        a = Client(self.port)
        self.assertEqual(a.login("admin1", "admin-pass-1")[0], 200)
        ops = [(m.upper(), p) for p, item in doc["paths"].items() for m in item]
        self.assertIn(("GET", "/api/v1/tasks"), ops)
        self.assertIn(("POST", "/api/v1/session"), ops)
        # Every documented route exists on the running server (no "no such route").
        for method, path in ops:
            if (method, path) == ("DELETE", "/api/v1/session"):
                continue  # would log the admin out; covered in test_roles_and_csrf
            url = path.replace("{id}", "1")
            status, payload, _ = a.call(method, url, {} if method != "GET" else None)
            self.assertNotEqual(status, 405, (method, path))
            if status == 404:
                self.assertNotEqual(payload["error"]["code"], "no_such_route", (method, path))

    def test_concurrent_requests(self):
        # Several clients at once over the one shared store: logins (argon2 outside the lock)
        # interleaved with reads; every answer must be complete and correct.
        import threading
        errors = []

        def worker(user, password):
            try:
                c = Client(self.port)
                if c.login(user, password)[0] != 200:
                    errors.append(f"login {user}")
                    return
                for path in ("/api/v1/plans", "/api/v1/dashboard", "/api/v1/tasks?per_page=3",
                             "/api/v1/me") * 5:
                    status, payload, _ = c.call("GET", path)
                    if status != 200 or payload is None:
                        errors.append(f"{user} {path} {status}")
            except Exception as e:  # noqa: BLE001 (collect, assert below)
                errors.append(repr(e))

        threads = [threading.Thread(target=worker, args=("admin1", "admin-pass-1")) for _ in range(3)]
        threads += [threading.Thread(target=worker, args=("viewer1", "viewer-pass-1"))
                    for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        self.assertEqual(errors, [])

    def test_zz_sigterm_stops_gracefully(self):
        # Runs last (zz): stops the shared server.
        self.proc.send_signal(signal.SIGTERM)
        rc = self.proc.wait(timeout=15)
        self.assertEqual(rc, 0)
        with open(os.path.join(self.dir, "server.log"), encoding="utf-8") as f:
            log = f.read()
        self.assertIn("checkpointed", log)
        self.assertIn("access remote=127.0.0.1", log)
        wal = self.db + "-wal"
        self.assertTrue(not os.path.exists(wal) or os.path.getsize(wal) == 0)
        self.assertEqual(run("audit", "verify", "--db", self.db).returncode, 0)


def recv_until(sock, marker=None, got=b""):
    """Reads from `sock` until `marker` is in what was read (or, with no marker, until the
    peer closes); returns everything read, `got` first."""
    while marker is None or marker not in got:
        chunk = sock.recv(65536)
        if not chunk:
            break
        got += chunk
    return got


class TransportTest(ServerFixture):
    """The event-loop transport: connections hold no thread, the body limit is applied from
    the request head, Expect: 100-continue, malformed requests, HEAD, and a shutdown that
    closes idle connections at once but answers the request in flight."""

    def raw(self, data, read_until=b"\r\n\r\n"):
        """Sends `data` on a new connection and returns (socket, bytes read up to and
        including `read_until`, the rest of the head)."""
        s = socket.create_connection(("127.0.0.1", self.port), timeout=10)
        s.sendall(data)
        return s, recv_until(s, read_until)

    def test_idle_connections_hold_no_thread(self):
        # Far more idle keep-alive connections than threads: a new client is still answered
        # at once (a thread-per-connection server would make it wait for an idle timeout).
        idle = []
        for _ in range(100):
            s, got = self.raw(b"GET /api/v1/openapi.json HTTP/1.1\r\nHost: x\r\n\r\n")
            self.assertTrue(got.startswith(b"HTTP/1.1 200"), got[:40])
            idle.append(s)
        try:
            start = time.time()
            status, payload, _ = Client(self.port).call("GET", "/api/v1/session")
            self.assertEqual(status, 200, payload)
            self.assertLess(time.time() - start, 2.0)
        finally:
            for s in idle:
                s.close()

    def test_oversized_body_refused_from_the_head(self):
        # Content-Length over a JSON route's limit (1 MiB) but under an upload route's: 413
        # before a byte of the body is sent.
        s, got = self.raw(b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
                          b"Content-Type: application/json\r\nContent-Length: 2097152\r\n\r\n")
        s.close()
        self.assertTrue(got.startswith(b"HTTP/1.1 413"), got[:60])
        self.assertIn(b"Connection: close", got)

    def test_chunked_bodies(self):
        body = json.dumps({"username": "admin1", "password": "admin-pass-1"}).encode()
        chunked = b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in (body[:7], body[7:])) + b"0\r\n\r\n"
        s, got = self.raw(b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
                          b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                          + chunked, read_until=b"}")
        s.close()
        self.assertTrue(got.startswith(b"HTTP/1.1 200"), got[:60])
        # A Transfer-Encoding that does not end in chunked has no knowable length: 400, not a
        # bodiless request followed by whatever the body holds (request smuggling).
        s, got = self.raw(b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
                          b"Transfer-Encoding: chunked, gzip\r\n\r\n"
                          b"GET /api/v1/openapi.json HTTP/1.1\r\nHost: x\r\n\r\n")
        with s:
            got = recv_until(s, got=got)
        self.assertTrue(got.startswith(b"HTTP/1.1 400"), got[:60])
        self.assertNotIn(b"HTTP/1.1 200", got)

    def test_endless_chunk_line_is_refused(self):
        # A chunk-size line that never ends must not grow the server's buffer without limit.
        s = socket.create_connection(("127.0.0.1", self.port), timeout=10)
        s.sendall(b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Transfer-Encoding: chunked\r\n\r\n1;x=")
        try:
            for _ in range(64):  # up to 4 MiB of extension
                s.sendall(b"a" * 65536)
        except OSError:
            pass  # the server answered and closed
        with s:
            got = recv_until(s, b"\r\n\r\n")
        self.assertTrue(got.startswith(b"HTTP/1.1 400"), got[:60])

    def test_anonymous_upload_gets_the_json_limit(self):
        # The evidence route takes 10 MiB only with a session: an anonymous 2 MiB body is
        # refused from its head, before the server buffers it.
        s, got = self.raw(b"POST /api/v1/evidence?name=a.pdf HTTP/1.1\r\nHost: x\r\n"
                          b"Content-Type: application/pdf\r\nContent-Length: 2097152\r\n\r\n")
        s.close()
        self.assertTrue(got.startswith(b"HTTP/1.1 413"), got[:60])

    def test_expect_100_continue(self):
        body = json.dumps({"username": "admin1", "password": "admin-pass-1"}).encode()
        s, got = self.raw(b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
                          b"Content-Type: application/json\r\nExpect: 100-continue\r\n"
                          b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n")
        try:
            self.assertTrue(got.startswith(b"HTTP/1.1 100 Continue"), got[:60])
            s.sendall(body)
            rest = recv_until(s, b"csrf_token")
            self.assertTrue(rest.startswith(b"HTTP/1.1 200"), rest[:60])
        finally:
            s.close()

    def test_malformed_request_is_400_json(self):
        s, got = self.raw(b"NOT HTTP AT ALL\r\n\r\n", read_until=b"}}")
        s.close()
        self.assertTrue(got.startswith(b"HTTP/1.1 400"), got[:60])
        self.assertIn(b"application/json", got)
        payload = json.loads(got.split(b"\r\n\r\n", 1)[1])
        self.assertIn("error", payload)

    def test_head_has_length_and_no_body(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        conn.request("HEAD", "/api/v1/openapi.json")
        resp = conn.getresponse()
        self.assertEqual(resp.status, 200)
        self.assertGreater(int(resp.getheader("Content-Length")), 1000)
        self.assertEqual(resp.read(), b"")
        conn.close()

    def test_query_plus_and_percent_decoding(self):
        a = Client(self.port)
        self.assertEqual(a.login("admin1", "admin-pass-1")[0], 200)
        # "钢管 之都" written with '+' and %XX: the same search as the decoded words.
        status, plus, _ = a.call("GET", "/api/v1/search?q=%E9%92%A2%E7%AE%A1+%E4%B9%8B%E9%83%BD")
        self.assertEqual(status, 200, plus)
        status, spaced, _ = a.call("GET", "/api/v1/search?q=" + quote("钢管 之都"))
        self.assertEqual(status, 200, spaced)
        self.assertEqual(plus, spaced)
        self.assertGreater(plus["total"], 0)

    def test_zz_sigterm_closes_idle_and_answers_in_flight(self):
        # Runs last (zz): stops this class's server. Idle connections must not delay the exit
        # (the read timeout is 10 s); a login in flight (argon2: tens of ms) is answered.
        idle = [self.raw(b"GET /api/v1/session HTTP/1.1\r\nHost: x\r\n\r\n")[0]
                for _ in range(20)]
        # And a client stuck halfway through a body: it gets 2 s, not the read timeout.
        stuck = socket.create_connection(("127.0.0.1", self.port), timeout=10)
        stuck.sendall(b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
                      b"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
        idle.append(stuck)
        # A login sent in full before the signal (argon2 takes tens of ms): its answer must
        # arrive whole, whether it finished before the signal or during the drain.
        body = json.dumps({"username": "admin1", "password": "admin-pass-1"}).encode()
        busy = socket.create_connection(("127.0.0.1", self.port), timeout=10)
        busy.sendall(b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
                     b"Content-Type: application/json\r\nContent-Length: "
                     + str(len(body)).encode() + b"\r\n\r\n" + body)
        time.sleep(0.005)
        start = time.time()
        self.proc.send_signal(signal.SIGTERM)
        with busy:
            answer = recv_until(busy)
        rc = self.proc.wait(timeout=15)
        elapsed = time.time() - start
        for s in idle:
            s.close()
        self.assertEqual(rc, 0)
        self.assertLess(elapsed, 5.0)
        self.assertTrue(answer.startswith(b"HTTP/1.1 200"), answer[:60])
        self.assertIn(b"csrf_token", answer)


class ThrottleTest(ServerFixture):
    """Its own server: a blocked address would refuse the other tests' logins."""

    def test_login_throttling(self):
        run("user", "add", "victim", "--role", "viewer", "--db", self.db, stdin="victim-pass-1\n")
        c = Client(self.port)
        for _ in range(5):
            status, payload, _ = c.call("POST", "/api/v1/session",
                                        {"username": "victim", "password": "wrong-guess"})
            self.assertEqual(status, 401)
            self.assertError(payload, "unauthenticated")
        # Blocked now, even with the right password: the account and this address.
        status, payload, _ = c.call("POST", "/api/v1/session",
                                    {"username": "victim", "password": "victim-pass-1"})
        self.assertEqual(status, 429)
        self.assertError(payload, "too_many_attempts")


if __name__ == "__main__":
    http_support.main()
