"""WSGI entry point for gunicorn: ``gunicorn -k gevent -w 1 workshop.wsgi:app``.

gunicorn's gevent worker monkey-patches before importing this module, so the app is created
inside the worker, never in the master. Each worker, as it starts, drops the presence rows an
earlier run of itself left behind (see :func:`workshop.realtime.forget_stale_presence`).
"""

import gc

from . import create_app
from .realtime import forget_stale_presence

app = create_app()
forget_stale_presence(app)
# What is loaded now (the app, its modules and templates) lives as long as the process: keep it
# out of the collector's full passes, which otherwise walk it all and pause every phone.
gc.collect()
gc.freeze()
# A thousand connections make a lot of short-lived objects; collect young ones less often, so
# the pauses are fewer (objects without cycles are freed at once anyway).
gc.set_threshold(20_000, 20, 20)
