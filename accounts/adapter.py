from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import get_language


class AccountAdapter(DefaultAccountAdapter):
    """allauth's adapter for what accounts decides. Its emails go through the outbox:
    ``notifications.account_adapter.OutboxAccountAdapter`` (the ACCOUNT_ADAPTER setting) adds
    that, as notifications sits above accounts."""

    def save_user(self, request, user, form, commit=True):
        # Remember the language the person signed up in: emails go out in it.
        user.language = (get_language() or "nl")[:2]
        return super().save_user(request, user, form, commit=commit)
