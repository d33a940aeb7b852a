"""ServiceHall as deployed plus the bench's bare view, in one gunicorn: the API and its
reference are measured on the same server (``make bench``)."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from servicehall.core.serving import ready_to_fork

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicehall.settings")
application = get_wsgi_application()
settings.ROOT_URLCONF = "servicehall.bench.urls"
ready_to_fork()  # as servicehall.wsgi: the same warm master
