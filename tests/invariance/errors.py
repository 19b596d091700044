"""A plugin-defined error with its own problem type and a field of its own, as a plugin would declare one."""

from __future__ import annotations

from framework import ServiceError

__all__ = ["OverBudget"]


class OverBudget(ServiceError):
    """Target refuses work beyond a budget; the budget travels as an extension member of the problem."""

    status = 409
    type = "https://turnout.test/problems/over-budget"
    extensions = ("budget",)

    def __init__(self, detail: str | None = None, *, budget: int) -> None:
        super().__init__(detail)
        self.budget = budget
