"""Waits for the first 200 from GET /health/ready on 127.0.0.1:PORT while process PID lives.

    python3 bench/ready.py PORT PID      # exit 0 when ready, 1 if the process exited first

One process polling every 10 ms over plain sockets: a shell loop starting curl each time costs
about half a core on a two-core machine, CPU taken from the very start-up being timed.
"""
import os
import socket
import sys
import time

port, pid = int(sys.argv[1]), int(sys.argv[2])
request = b"GET /health/ready HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
while True:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        sys.exit(1)
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as connection:
            connection.sendall(request)
            if connection.recv(16).startswith(b"HTTP/1.1 200"):
                sys.exit(0)
    except OSError:
        pass
    time.sleep(0.01)
