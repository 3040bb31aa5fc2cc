"""Gunicorn settings for production and for `make bench` (gunicorn reads this file from the working directory).

Django here is CPU-bound (templates, forms) with short waits on PostgreSQL. Threads in one process share
Python's GIL, so two requests on two threads of one worker take twice as long: measured on 2 cores, 2 workers x 4
threads served the traject page in 85 ms (p50, 2 clients) against 48 ms for 4 workers x 1 thread. So: two worker
processes per core (one runs while the other waits on the database), one thread each. The gthread worker class
still keeps the connections of polling screens alive between polls. Figures: bench/README.md.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count()))
threads = int(os.environ.get("GUNICORN_THREADS", 1))
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
