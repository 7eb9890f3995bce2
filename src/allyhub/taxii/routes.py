"""The TAXII 2.1 URL map (DESIGN.md: discovery at /taxii2/, one API root per coalition)."""

from __future__ import annotations

from starlette.routing import Route

from allyhub.composition import Services
from allyhub.taxii.endpoints import Endpoints


def routes(services: Services) -> list[Route]:
    e = Endpoints(
        services.charter,
        services.coalition.hub,
        services.keys,
        services.reading,
        services.sharing,
        services.settings.max_content_length,
    )
    root = e.root
    collection = root + "collections/{collection}/"
    obj = collection + "objects/{object_id}/"
    return [
        Route("/taxii2/", e.discovery, methods=["GET"]),
        Route(root, e.api_root, methods=["GET"]),
        Route(root + "status/{status_id}/", e.status, methods=["GET"]),
        Route(root + "collections/", e.collections, methods=["GET"]),
        Route(collection, e.collection, methods=["GET"]),
        Route(collection + "manifest/", e.manifest, methods=["GET"]),
        Route(collection + "objects/", e.get_objects, methods=["GET"]),
        Route(collection + "objects/", e.add_objects, methods=["POST"]),
        Route(obj, e.get_object, methods=["GET"]),
        Route(obj, e.delete_object, methods=["DELETE"]),
        Route(obj + "versions/", e.versions, methods=["GET"]),
    ]
