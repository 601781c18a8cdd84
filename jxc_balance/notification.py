"""The green notification the balance's buttons answer with."""


def success_notification(title, message, next_action=None):
    """A ``display_notification`` client action, then ``next_action``.

    ``next_action`` defaults to closing the dialog the button was in (a no-op elsewhere).
    """
    return {
        "type": "ir.actions.client",
        "tag": "display_notification",
        "params": {
            "title": title,
            "message": message,
            "type": "success",
            "next": next_action or {"type": "ir.actions.act_window_close"},
        },
    }
