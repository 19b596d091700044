"""The email channel: aiosmtplib to the configured SMTP server, or the log when none is configured."""

from __future__ import annotations

import logging
import os
import uuid
from email.message import EmailMessage
from email.utils import formataddr

import aiosmtplib

from plugins.notifications.channels import AttemptResult, DeliveryInputs
from plugins.notifications.config import NotificationsConfig
from plugins.notifications.recipients import Recipients

__all__ = ["EmailChannel"]

_START_TLS = {"auto": None, "required": True, "off": False}


class EmailChannel:
    """Sends a plain-text email to the user's address; without ``smtp_host`` logs it instead."""

    name = "email"

    def __init__(self, config: NotificationsConfig, recipients: Recipients, logger: logging.Logger) -> None:
        self.config = config
        self.recipients = recipients
        self.log = logger
        self.password = os.environ.get(config.smtp_password_env, "") if config.smtp_password_env else ""

    def describe(self) -> str:
        """The start-up line: where emails go."""
        if not self.config.smtp_host:
            return "email: no smtp_host configured, emails are written to the log (logging backend)"
        return f"email: SMTP {self.config.smtp_host}:{self.config.smtp_port} as {self.config.smtp_from}"

    def message(self, delivery_id: uuid.UUID, to: str, name: str, inputs: DeliveryInputs) -> EmailMessage:
        """The email for one delivery."""
        email = EmailMessage()
        email["From"] = self.config.smtp_from
        email["To"] = formataddr((name, to))
        email["Subject"] = inputs.title
        email["Message-ID"] = f"<{delivery_id}@turnout>"  # the same on a retry: mail clients drop the repeat
        email["X-Turnout-Kind"] = inputs.kind
        email.set_content(f"Hello {name},\n\n{inputs.body or inputs.title}\n")
        return email

    async def deliver(self, delivery_id: uuid.UUID, message: DeliveryInputs) -> AttemptResult:
        found = await self.recipients.address(message.user_id)
        if found is None:
            return AttemptResult(succeeded=False, error="no email address is known for this user", give_up="dead")
        to, name = found
        email = self.message(delivery_id, to, name, message)
        if not self.config.smtp_host:
            self.log.info("email (logging backend) to user %s: %s [%s]", message.user_id, message.title, message.kind)
            return AttemptResult(succeeded=True)
        config = self.config
        try:
            await aiosmtplib.send(
                email,
                hostname=config.smtp_host,
                port=config.smtp_port,
                username=config.smtp_username or None,
                password=self.password or None,
                use_tls=config.smtp_tls,
                start_tls=_START_TLS[config.smtp_starttls],
                timeout=config.smtp_timeout_seconds,
            )
        except aiosmtplib.SMTPResponseException as error:
            return AttemptResult(succeeded=False, status_code=error.code, error=f"SMTP {error.code}: {error.message}")
        except (aiosmtplib.SMTPException, OSError) as error:
            return AttemptResult(succeeded=False, error=f"SMTP: {type(error).__name__}: {error}")
        return AttemptResult(succeeded=True)
