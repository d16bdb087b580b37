"""WSGI entry point for gunicorn: ``gunicorn -k gevent -w 1 workshop.wsgi:app``.

gunicorn's gevent worker monkey-patches before importing this module, so the app is created
inside the worker, never in the master. Each worker, as it starts, drops the presence rows an
earlier run of itself left behind (see :func:`workshop.realtime.forget_stale_presence`).
"""

from . import create_app
from .realtime import forget_stale_presence

app = create_app()
forget_stale_presence(app)
