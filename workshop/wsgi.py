"""WSGI entry point for gunicorn: ``gunicorn -k gevent -w 1 workshop.wsgi:app``.

gunicorn's gevent worker monkey-patches before importing this module, so the app is created
inside the worker, never in the master.
"""

from . import create_app

app = create_app()
