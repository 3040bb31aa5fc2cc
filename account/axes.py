"""How django-axes tells one login attempt from another: by email address and IP address."""


def username(request, credentials=None):
    """The email address as the login form cleans it (trimmed, lower case), so 'Bob@X.nl ' counts as bob@x.nl."""
    naam = (credentials or {}).get("username") or (credentials or {}).get("email")
    if naam is None:
        naam = request.POST.get("username", "") if request is not None else ""
    return str(naam).strip().lower()


def ip_address(request):
    # As for the personal links (links/access.py): a proxy in front must pass the client's address in REMOTE_ADDR.
    return request.META.get("REMOTE_ADDR") or "0.0.0.0"
