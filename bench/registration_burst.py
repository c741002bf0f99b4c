"""N registrations of N different emails sent at once; prints served, refused, other, slowest (ms).

    python3 bench/registration_burst.py PORT N
"""
import http.client
import json
import sys
import threading
import time
import uuid

port, n = int(sys.argv[1]), int(sys.argv[2])
results = []
lock = threading.Lock()
gate = threading.Barrier(n)


def register():
    body = json.dumps({"email": "burst-%s@bench.local" % uuid.uuid4(), "name": "Burst",
                       "password": "burst password 1234"})
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    gate.wait()
    start = time.monotonic()
    try:
        connection.request("POST", "/api/v1/users", body, {"Content-Type": "application/json"})
        status = connection.getresponse().status
    except OSError:
        status = 0
    took = (time.monotonic() - start) * 1000
    with lock:
        results.append((status, took))


threads = [threading.Thread(target=register) for _ in range(n)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
served = sum(1 for status, _ in results if status == 201)
refused = sum(1 for status, _ in results if status == 503)
print("served=%d refused=%d other=%d slowest_ms=%.0f" % (
    served, refused, n - served - refused, max(took for _, took in results)))
