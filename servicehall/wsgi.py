"""WSGI entry point for gunicorn (`gunicorn servicehall.wsgi`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicehall.settings")
application = get_wsgi_application()
