"""WSGI entry point for gunicorn (`gunicorn servicehall.wsgi`)."""

import os

from django.core.wsgi import get_wsgi_application

from servicehall.core.serving import ready_to_fork

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicehall.settings")
application = get_wsgi_application()
ready_to_fork()  # with preload_app, once in gunicorn's master (docs/deployment.md, "Workers")
