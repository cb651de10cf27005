"""Shared by the end-to-end tests that drive `guihua` and its HTTP server: running the CLI,
a free port, starting `guihua serve` and waiting for it, a cookie-keeping JSON client, and the
common `--guihua PATH` entry point. Debian's /usr/bin/python3, standard library only."""
import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import time
import unittest

GUIHUA = None  # set by main()


def run(*args, check=True, stdin=None, lang="zh"):
    env = dict(os.environ, GUIHUA_LANG=lang)
    p = subprocess.run([GUIHUA, *args], capture_output=True, text=True, env=env, input=stdin)
    if check and p.returncode != 0:
        raise AssertionError(f"guihua {' '.join(args)} exited {p.returncode}\n{p.stderr}")
    return p


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db, port, log, extra_args=()):
    """Starts `guihua serve` (with `extra_args`, e.g. ("--web", DIR)) and returns the process
    once the port accepts connections."""
    proc = subprocess.Popen([GUIHUA, "serve", "--db", db, "--port", str(port), *extra_args],
                            stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 20
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc
        except OSError:
            if proc.poll() is not None:
                raise AssertionError("server exited early")
            time.sleep(0.05)
    proc.kill()
    raise AssertionError("server did not start")


class Client:
    """A tiny cookie-keeping JSON client over http.client. Returns (status, payload, resp):
    payload is the parsed JSON, or the raw bytes when the body is not JSON; `resp.data` holds
    the raw body."""

    def __init__(self, port):
        self.port = port
        self.cookie = None
        self.csrf = None

    def call(self, method, path, body=None, csrf=True, headers=None, raw=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        h = dict(headers or {})
        if self.cookie:
            h["Cookie"] = self.cookie
        if csrf and self.csrf and method != "GET":
            h["X-CSRF-Token"] = self.csrf
        data = raw if raw is not None else (json.dumps(body) if body is not None else "")
        if method != "GET":
            h.setdefault("Content-Type", "application/json")
        conn.request(method, path, body=data if method != "GET" else None, headers=h)
        resp = conn.getresponse()
        resp.data = resp.read()
        conn.close()
        try:
            payload = json.loads(resp.data.decode("utf-8")) if resp.data else None
        except ValueError:
            payload = resp.data
        return resp.status, payload, resp

    def login(self, user, password):
        status, payload, resp = self.call("POST", "/api/v1/session",
                                          {"username": user, "password": password})
        if status == 200:
            self.cookie = resp.getheader("Set-Cookie").split(";")[0]
            self.csrf = payload["csrf_token"]
        return status, payload, resp


def assert_error(test, payload, code):
    """The API's error shape: exactly {"error":{"code","message","field"}} with this code."""
    test.assertIsInstance(payload, dict, payload)
    test.assertEqual(set(payload), {"error"})
    test.assertEqual(set(payload["error"]), {"code", "message", "field"})
    test.assertEqual(payload["error"]["code"], code)
    test.assertTrue(payload["error"]["message"])


def main():
    """`python3 TEST.py --guihua build/app/guihua [unittest args]`."""
    global GUIHUA
    ap = argparse.ArgumentParser()
    ap.add_argument("--guihua", required=True)
    args, rest = ap.parse_known_args()
    GUIHUA = os.path.abspath(args.guihua)
    unittest.main(module="__main__", argv=[sys.argv[0], *rest])
