"""The files plugin: encrypted uploads, sharing, quotas."""
