"""Transports that carry generated-client calls to a service elsewhere."""

from framework.transports._http import HttpTransport

__all__ = ["HttpTransport"]
