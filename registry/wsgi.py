"""The WSGI application that gunicorn serves.

Production settings unless DJANGO_SETTINGS_MODULE says otherwise: a server started without it
must fail closed (no debug, no known secret key), not fall back to the development defaults.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings.production")
application = get_wsgi_application()
