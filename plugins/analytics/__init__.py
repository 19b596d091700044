"""The analytics plugin.

A user's transactions and assets in; cash flow, spending, recurring payments, anomalies, net worth
and a financial health score out.
"""
