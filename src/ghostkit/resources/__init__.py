"""Resource declarations (data), read by the clients and the CLI."""

from ghostkit.resources.catalog import ADMIN_RESOURCES, PAGES, POSTS, TAGS
from ghostkit.resources.spec import ResourceSpec

__all__ = ["ADMIN_RESOURCES", "PAGES", "POSTS", "TAGS", "ResourceSpec"]
