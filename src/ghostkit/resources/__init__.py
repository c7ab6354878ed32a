"""Resource declarations (data), read by the clients and the CLI."""

from ghostkit.resources.catalog import ADMIN_RESOURCES, CONTENT_RESOURCES
from ghostkit.resources.spec import ResourceSpec

__all__ = ["ADMIN_RESOURCES", "CONTENT_RESOURCES", "ResourceSpec"]
