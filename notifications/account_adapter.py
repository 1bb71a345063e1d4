"""allauth's account adapter with its emails sent through the outbox (ACCOUNT_ADAPTER).

It lives here, not in accounts, because notifications sits above accounts (docs/architecture.md,
"Layers"): accounts never imports the outbox."""

import uuid

from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.utils.translation import get_language

from accounts.adapter import AccountAdapter
from notifications.services import Outgoing, message_enqueue


class OutboxAccountAdapter(AccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """Account emails (codes, confirmations, password reset) go through the outbox like every
        other email: transactional, so without an unsubscribe link. They are secret: a code or link
        in them lets whoever reads it into the account, so the outbox wipes their body in the
        statement that marks them sent, never shows it in the admin, and never sends them again."""
        request = allauth_context.request
        context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            # What the platform's email layout (templates/notifications/email/_base.html) uses.
            "language": (get_language() or "nl")[:2],
            "site_url": settings.SITE_URL,
            **context,
        }
        rendered = self.render_mail(template_prefix, email, context)
        html = next(
            (content for content, mimetype in getattr(rendered, "alternatives", []) if mimetype == "text/html"), ""
        )
        user = context.get("user")
        message_enqueue(
            Outgoing(
                key=f"account:{template_prefix.rsplit('/', 1)[-1]}:{uuid.uuid4()}",
                kind=f"account-{template_prefix.rsplit('/', 1)[-1]}",
                to_email=email,
                template="",
                rendered=(rendered.subject, rendered.body, html),
                recipient=user if getattr(user, "pk", None) else None,
                language=(get_language() or "nl")[:2],
                secret=True,
            )
        )
