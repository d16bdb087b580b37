"""Every text response goes out compressed: phones pay for data and share slow venue wifi.

Browsers on plain HTTP (the usual set-up on a venue's wifi) offer only gzip and deflate, so gzip
is what matters; brotli is used when offered (HTTPS). Static files are streamed by Flask, and
must be compressed too.
"""

from __future__ import annotations

import gzip

import pytest

GZIP = {"Accept-Encoding": "gzip, deflate"}
#: What the system's mimetypes table calls a script (it differs between distributions).
JS = {"text/javascript", "application/javascript"}


@pytest.mark.parametrize(
    ("path", "mimetypes"),
    [
        ("/join", {"text/html"}),
        ("/static/css/tavola.css", {"text/css"}),
        ("/static/js/live.js", JS),
        ("/static/vendor/socket.io/socket.io-4.8.4.min.js", JS),
    ],
)
def test_pages_styles_and_scripts_are_gzipped(client, path, mimetypes):
    response = client.get(path, headers=GZIP)
    assert response.status_code == 200
    assert response.mimetype in mimetypes
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    body = gzip.decompress(response.get_data())
    plain = client.get(path)  # a client that asks for nothing gets the plain file
    assert "Content-Encoding" not in plain.headers
    assert body == plain.get_data()
    assert len(response.get_data()) < len(body) / 2


def test_brotli_when_the_browser_offers_it(client):
    response = client.get("/static/css/tavola.css", headers={"Accept-Encoding": "br, gzip"})
    assert response.headers["Content-Encoding"] == "br"


def test_json_and_svg_are_compressed(app, client, trainer, log_in, make_workshop, make_participant):
    workshop = make_workshop(facilitator=trainer)
    for _ in range(5):
        make_participant(workshop)
    log_in(trainer)
    response = client.get(f"/f/{workshop.code}/export.json", headers=GZIP)
    assert response.mimetype == "application/json"
    assert response.headers["Content-Encoding"] == "gzip"
    assert "image/svg+xml" in app.config["COMPRESS_MIMETYPES"]


def test_a_revalidated_static_file_is_not_sent_again(client):
    first = client.get("/static/js/live.js", headers=GZIP)
    again = client.get(
        "/static/js/live.js", headers={**GZIP, "If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304
