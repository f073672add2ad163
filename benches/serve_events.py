"""What serve_latency.py and serve_search.py share: starting `stegvis serve`
on a site and following its event stream like an open browser tab."""
import os
import re
import socket
import subprocess
import sys


def step_files(site):
    """The step files of SITE's guides as (guide folder, file name), in order."""
    out = []
    content = os.path.join(site, "content")
    for d in sorted(os.listdir(content)):
        p = os.path.join(content, d)
        if os.path.isdir(p):
            for f in sorted(os.listdir(p)):
                if f.endswith(".md") and f != "_guide.md":
                    out.append((d, f))
    return out


def start_serve(binary, site, *flags):
    """Starts `BINARY serve --port 0 --no-color FLAGS` in SITE; returns the
    process (its stdout still open, after the address line) and the
    address (host:port) it printed."""
    proc = subprocess.Popen(
        [binary, "serve", "--port", "0", "--no-color", *flags],
        cwd=site, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    for line in proc.stdout:
        m = re.match(r"Forhåndsvisning: http://([^/]+)/", line)
        if m:
            return proc, m.group(1)
    proc.wait()
    sys.exit(f"{binary} serve exited ({proc.returncode}) before it printed its address")


class EventStream:
    """The preview's Server-Sent Events (/__stegvis/hendelser), subscribed
    to and read up to the server's first message (`retry:`)."""

    def __init__(self, addr, timeout):
        host, port = addr.rsplit(":", 1)
        self.sock = socket.create_connection((host, int(port)))
        self.sock.sendall(f"GET /__stegvis/hendelser HTTP/1.1\r\nHost: {addr}\r\n\r\n".encode())
        self.sock.settimeout(timeout)
        buf = b""
        while b"retry:" not in buf:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise SystemExit("event stream closed")
            buf += chunk

    def wait_reload(self):
        """Blocks until the next reload event."""
        buf = b""
        while b"event: reload" not in buf:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise SystemExit("event stream closed")
            buf += chunk
