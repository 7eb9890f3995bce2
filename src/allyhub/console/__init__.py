"""The analyst web console at `/`: an edge over the services, like taxii/ and api/.

Other layers import `routes` only. Pages are server-rendered (Jinja2) with a little
vanilla JavaScript for live updates and the graph; every asset ships in the package.
"""

from allyhub.console.routes import routes

__all__ = ["routes"]
