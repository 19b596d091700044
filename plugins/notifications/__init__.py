"""The notifications plugin.

Items each user keeps: created, listed, read and deleted by their owner.
"""
