"""An OTLP/HTTP endpoint that accepts every export and keeps nothing: the far end of a traced
server in bench/server.sh (B=slipway-traced). Appends "<path>\t<bytes>" per request to the file named."""
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port, ledger = int(sys.argv[1]), sys.argv[2]


class Sink(BaseHTTPRequestHandler):
    def do_POST(self):
        size = int(self.headers.get("Content-Length", 0))
        self.rfile.read(size)
        with open(ledger, "a") as out:
            out.write(f"{self.path}\t{size}\n")
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", port), Sink).serve_forever()
