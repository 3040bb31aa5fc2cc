"""Gunicorn settings for production and for `make bench` (gunicorn reads this file from the working directory).

Django here is CPU-bound (templates, forms) with short waits on PostgreSQL: one worker process per core, and a
few threads in each so a worker keeps its core busy while one request waits on the database. gthread also keeps
the connections of polling screens alive between polls instead of opening one per request.
Measured on 2 cores: see bench/README.md.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count()))
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
