"""Monitoring settings: the deadline policy, the reminder ladder and the loop intervals."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from shared.config import CommonSettings
from shared.deadlines import DeadlinePolicy


class ReminderThreshold(BaseModel):
    """One rung of the reminder ladder, counted in Kyiv days before the due date.

    3 means three days before the due date, 0 the due day itself, -1 the first overdue day;
    a negative rung is a breach (escalation), the others are reminders.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(pattern=r"^[a-z0-9_]{1,40}$")
    days_before_due: int = Field(ge=-366, le=45)

    @property
    def is_breach(self) -> bool:
        return self.days_before_due < 0


DEFAULT_THRESHOLDS = (
    ReminderThreshold(name="due_in_3_days", days_before_due=3),
    ReminderThreshold(name="due_today", days_before_due=0),
    ReminderThreshold(name="overdue", days_before_due=-1),
    ReminderThreshold(name="overdue_week", days_before_due=-8),
)


class MonitoringSettings(CommonSettings):
    deadline_policy: DeadlinePolicy = DeadlinePolicy()
    reminder_thresholds: tuple[ReminderThreshold, ...] = DEFAULT_THRESHOLDS
    reminder_interval_seconds: float = Field(default=60.0, gt=0, le=3600)
    reminder_batch_size: int = Field(default=200, ge=1, le=5000)
    hotspot_interval_seconds: float = Field(default=900.0, gt=0, le=86400)
    gauge_interval_seconds: float = Field(default=30.0, gt=0, le=3600)
    public_requests_per_minute: int = Field(default=30, ge=1, le=10000)
    run_background_loops: bool = Field(
        default=True, description="Off for tests that drive the scheduler passes themselves."
    )

    @field_validator("reminder_thresholds")
    @classmethod
    def _names_are_unique(
        cls, thresholds: tuple[ReminderThreshold, ...]
    ) -> tuple[ReminderThreshold, ...]:
        names = [threshold.name for threshold in thresholds]
        if len(set(names)) != len(names):
            raise ValueError("reminder threshold names must be unique")
        days = [threshold.days_before_due for threshold in thresholds]
        if len(set(days)) != len(days):
            raise ValueError("two reminder thresholds must not fall on the same day")
        return thresholds
