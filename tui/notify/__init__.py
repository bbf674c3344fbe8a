"""Desktop notifications: bounded, never-raising delivery (no Textual imports here)."""

from tui.notify.delivery import (
    NOTIFICATIONS_NAME,
    DeliveryResult,
    plain_text,
    send_notification,
    server_available,
)

__all__ = [
    "NOTIFICATIONS_NAME",
    "DeliveryResult",
    "plain_text",
    "send_notification",
    "server_available",
]
