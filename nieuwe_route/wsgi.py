import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nieuwe_route.settings")
django_application = get_wsgi_application()

from nieuwe_route.polls import OngewijzigdePolls  # after the settings are configured above

# Screens' and phones' polls that find nothing changed are answered without Django's request cycle (polls.py).
application = OngewijzigdePolls(django_application)
