"""Router settings."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr

from shared.config import CommonSettings


class RouterSettings(CommonSettings):
    seed_reference_data: bool = True

    topic_model_dir: Path | None = Field(
        default=Path("var/router"),
        description="Where the trained topic model is stored and loaded from; unset: never "
        "stored (trained at every start).",
    )
    topic_training_size: int = Field(default=1_500, ge=100, le=200_000)
    topic_training_seed: int = 0
    triage_threshold: float = Field(default=0.4, gt=0.0, lt=1.0)
    triage_doubtful_topics: bool = Field(
        default=False,
        description="Send an appeal to triage when the model confidently disagrees with the "
        "topic a person gave; by default the person's topic is kept and the doubt recorded.",
    )
    doubtful_topic_threshold: float = Field(
        default=0.05,
        gt=0.0,
        lt=1.0,
        description="A topic given at intake is doubtful when the model gives it less than "
        "this probability while it is confident in another one.",
    )

    delivery_poll_interval: float = Field(default=1.0, gt=0.0, le=60.0)
    delivery_batch_size: int = Field(default=20, ge=1, le=500)
    delivery_lease_seconds: float = Field(default=60.0, gt=0.0)
    delivery_max_attempts: int = Field(default=8, ge=1, le=100)
    delivery_timeout_seconds: float = Field(default=10.0, gt=0.0, le=120.0)
    delivery_backoff_base_seconds: float = Field(default=2.0, gt=0.0)
    delivery_backoff_cap_seconds: float = Field(default=3_600.0, gt=0.0)

    smtp_host: str | None = Field(default=None, description="SMTP relay; none: e-mail waits")
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = False
    smtp_timeout_seconds: float = Field(default=15.0, gt=0.0)
    mail_from: str = "Регіональний контактний центр <noreply@example.org>"
    notification_poll_interval: float = Field(default=2.0, gt=0.0, le=60.0)
    notification_max_attempts: int = Field(default=6, ge=1, le=100)
