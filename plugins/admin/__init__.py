"""The admin plugin.

The platform's administration: users (through auth) and the audit log of every plugin's events.
"""
