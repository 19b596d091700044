"""The notifications plugin.

Notifications to users: in-app, email, signed webhooks, SMS and push, per each user's preferences;
every delivery beyond in-app is a durable job, retried with backoff and dead-lettered at the end.
"""
