"""Screenshot pages of a running Odoo with headless Chromium, logged in as a user.

    .venv/bin/python scripts/screenshot.py --url "/odoo/inventory" \
        --out docs/lines.png [--login admin --password admin --db jxc_demo --lang zh_CN]
        [--width 375 --height 812: a phone, Chromium's mobile emulation below 500 px]
        [--scroll ".o_jxc_stock_accuracy": scrolled to that element first]
        [--tz Asia/Shanghai: the browser's timezone, in which Odoo shows times]

Logs in through JSON-RPC, hands the session cookie to Chromium (DevTools protocol over
websocket-client), opens the page, waits for Odoo to settle and saves a PNG.
"""

import argparse
import base64
import json
import shutil
import socket
import subprocess
import tempfile
import time

import requests
import websocket


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def odoo_session(base, db, login, password, lang):
    session = requests.Session()
    response = session.post(f"{base}/web/session/authenticate", json={
        "jsonrpc": "2.0", "method": "call",
        "params": {"db": db, "login": login, "password": password},
    }, timeout=60)
    response.raise_for_status()
    result = response.json()
    if result.get("error"):
        raise SystemExit(f"login failed: {result['error']['data']['message']}")
    if lang:
        session.post(f"{base}/web/dataset/call_kw/res.users/write", json={
            "jsonrpc": "2.0", "method": "call",
            "params": {"model": "res.users", "method": "write",
                       "args": [[result["result"]["uid"]], {"lang": lang}], "kwargs": {}},
        }, timeout=60).raise_for_status()
    return session.cookies["session_id"]


class Chrome:
    def __init__(self, width, height):
        binary = shutil.which("chromium") or shutil.which("google-chrome")
        if not binary:
            raise SystemExit("Chromium is needed: apt-get install chromium")
        self.port = free_port()
        self.profile = tempfile.mkdtemp(prefix="jxc_chrome_")
        self.proc = subprocess.Popen([
            binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", f"--user-data-dir={self.profile}",
            f"--remote-debugging-port={self.port}", f"--window-size={width},{height}",
            "about:blank",
        ], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _attempt in range(100):
            try:
                targets = requests.get(f"http://127.0.0.1:{self.port}/json", timeout=1).json()
                page = next(t for t in targets if t["type"] == "page")
                break
            except (requests.RequestException, StopIteration):
                time.sleep(0.1)
        else:
            raise SystemExit("Chromium did not start")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], suppress_origin=True)
        self.next_id = 0
        self.send("Emulation.setDeviceMetricsOverride",
                  width=width, height=height, deviceScaleFactor=1, mobile=width < 500)

    def send(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True,
                           awaitPromise=True)
        return result.get("result", {}).get("value")

    def close(self):
        self.ws.close()
        self.proc.terminate()
        self.proc.wait(10)
        shutil.rmtree(self.profile, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://localhost:8069")
    parser.add_argument("--db", default="jxc_demo")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--lang", help="set the user's language first, e.g. zh_CN")
    parser.add_argument("--url", required=True, help="path to open, e.g. /odoo/inventory")
    parser.add_argument("--out", required=True)
    parser.add_argument("--width", type=int, default=1440)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--wait", type=float, default=3.0, help="seconds after load")
    parser.add_argument("--click", action="append", default=[],
                        help="CSS selector to click after load (repeatable)")
    parser.add_argument("--scroll", help="CSS selector to scroll to the top before the shot")
    parser.add_argument("--tz", help="the browser's timezone (Odoo shows times in it), "
                        "e.g. Asia/Shanghai")
    args = parser.parse_args()

    session_id = odoo_session(args.base, args.db, args.login, args.password, args.lang)
    chrome = Chrome(args.width, args.height)
    try:
        host = args.base.split("//", 1)[1].split(":")[0]
        chrome.send("Network.enable")
        chrome.send("Network.setCookie", name="session_id", value=session_id, domain=host,
                    path="/")
        chrome.send("Page.enable")
        if args.tz:
            chrome.send("Emulation.setTimezoneOverride", timezoneId=args.tz)
        chrome.send("Page.navigate", url=args.base + args.url)
        deadline = time.time() + 60
        while time.time() < deadline and chrome.evaluate(
                "document.readyState === 'complete' && !!document.querySelector('.o_action')"
                " && !document.querySelector('.o_loading_indicator')") is not True:
            time.sleep(0.3)
        time.sleep(args.wait)
        for selector in args.click:
            chrome.evaluate(f"document.querySelector({json.dumps(selector)}).click()")
            time.sleep(args.wait)
        if args.scroll:
            chrome.evaluate(f"document.querySelector({json.dumps(args.scroll)})"
                            ".scrollIntoView({block: 'start'})")
            time.sleep(1)
        shot = chrome.send("Page.captureScreenshot", format="png")
        with open(args.out, "wb") as out:
            out.write(base64.b64decode(shot["data"]))
        print(f"saved {args.out}")
    finally:
        chrome.close()


if __name__ == "__main__":
    main()
