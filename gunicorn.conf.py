"""Gunicorn settings for production and for `make bench` (gunicorn reads this file from the working directory).

Django here is CPU-bound (templates, forms) with short waits on PostgreSQL: two worker processes per core.
Each worker has four threads. A gthread worker keeps the connections it accepted (screens and phones poll over
keep-alive connections), so with one thread a slow page made every other connection of that worker wait while
the other workers were idle: in 2-minute runs of the benchmark's mixed load (bench/README.md) 4 workers x 1 thread
gave a p95 of 0.5-1.7 s on every path, 4 x 4 threads 65-390 ms, at the same throughput. More threads per worker (4 x 8) or
more workers (6 x 4) measured no better on 2 cores.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count()))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
# Room screens poll every second and phones every two: keep their connections open well beyond that.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 30))
worker_connections = 2000
timeout = 60
graceful_timeout = 20
# Restart workers now and then, so a slow leak can never grow without bound.
max_requests = 100000
max_requests_jitter = 10000
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
