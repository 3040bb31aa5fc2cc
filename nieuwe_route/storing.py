"""When the database goes away: a calm page with status 503, and nothing half saved.

Every POST runs in one transaction, so a request that fails halfway (a 500 or a 503) leaves no partial
writes behind. The page itself is rendered from a static template, without the request's context
processors: it must not need the database it reports as gone.
"""

import logging

from django.db import InterfaceError, OperationalError, transaction
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

DATABASE_WEG = (OperationalError, InterfaceError)
logger = logging.getLogger(__name__)


def storing_pagina(request=None):
    """The 503 page; a GET page reloads itself, so the room's screen comes back by itself when the database does."""
    opnieuw = request is not None and request.method in ("GET", "HEAD")
    response = HttpResponse(render_to_string("503.html", {"opnieuw": opnieuw}), status=503)
    response["Retry-After"] = "30"
    add_never_cache_headers(response)
    return response


def storing(request, fout):
    """Log the failure for the administrator and answer with the 503 page."""
    logger.error("Database niet bereikbaar bij %s %s: %s", request.method, request.path, fout, exc_info=fout)
    return storing_pagina(request)


class StoringMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD", "OPTIONS", "TRACE"):
            return self.get_response(request)
        try:
            with transaction.atomic():
                response = self.get_response(request)
                if response.status_code >= 500:
                    transaction.set_rollback(True)
        except DATABASE_WEG as fout:
            # Beginning or committing the transaction failed: nothing of this request was saved.
            return storing(request, fout)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_WEG):
            return storing(request, exception)
        return None
