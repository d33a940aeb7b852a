"""The hello-world WSGI app the API is measured against, on the same gunicorn configuration."""


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "5")])
    return [b"hello"]
