"""Page weight of a rendered site as a first visit loads it: requests and
bytes per page (HTTP cache off), from the browser's resource timing.
Usage: page-weight.py SITE_DIR   (needs selenium: scripts/browser-test installs it)"""
import functools, http.server, os, sys, threading

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

site = os.path.abspath(sys.argv[1])
pages = sorted(p for p in os.listdir(site) if p.endswith(".html") and p != "index.html")


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=site))
threading.Thread(target=server.serve_forever, daemon=True).start()
options = webdriver.ChromeOptions()
for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900"]:
    options.add_argument(flag)
driver = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)
try:
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    total_requests = total_bytes = 0
    for page in pages:
        driver.get(f"http://127.0.0.1:{server.server_address[1]}/{page}")
        driver.implicitly_wait(1)
        requests, size = driver.execute_script("""
            const r = performance.getEntriesByType('resource'), n = performance.getEntriesByType('navigation')[0];
            return [r.length + 1, r.reduce((s, e) => s + e.encodedBodySize, n.encodedBodySize)];""")
        total_requests += requests
        total_bytes += size
        print(f"{page:40s} {requests:3d} requests {size:9d} bytes")
    print(f"{'site on disk':40s} {sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(site) for f in fs):23d} bytes")
finally:
    driver.quit()
    server.shutdown()
