class DutchUnlessChosenMiddleware:
    """Dutch is the default language: a browser's Accept-Language is ignored, only the language switch counts.

    Many Dutch professionals run an English operating system; they still expect the Dutch app.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
