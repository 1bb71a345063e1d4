import json

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts import activity as activity_registry
from accounts import personal_data, services
from accounts.forms import AccountDeleteForm, ProfileForm
from accounts.roles import role_names


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    memberships = request.user.memberships.select_related("organisation")
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "roles": role_names(request.user), "memberships": memberships},
    )


@login_required
def activity(request):
    """What the signed-in person has going on; every section reads only their own rows."""
    return render(request, "accounts/activity.html", {"sections": activity_registry.sections_for(request.user)})


@login_required
@require_GET
def my_data(request):
    """Everything the platform holds about the signed-in person, as one JSON file (GDPR articles
    15 and 20). There is no user in the address: nobody can ask for someone else's file."""
    data = personal_data.export(request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="my-data-{timezone.localdate():%Y-%m-%d}.json"'
    patch_cache_control(response, private=True, no_store=True)
    return response


def _typed_the_right_address(request) -> bool:
    return AccountDeleteForm(request.POST, user=request.user).is_valid()


@login_required
# Deleting cannot be undone, so it asks who is there first (allauth's "confirm it's you": a code by
# email or the password): a session left open on a shared computer is not enough. It asks once the
# typed address is right (a typo is reported straight away); the POST waits for the confirmation
# and allauth then replays it, so nothing has to be typed again.
@reauthentication_required(allow_get=True, enabled=_typed_the_right_address)
def delete_account(request):
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.account_delete(user=request.user)
        logout(request)
        messages.success(
            request,
            _("Your account and your personal data have been deleted. Your contributions stay, without your name."),
        )
        return redirect("home")
    return render(request, "accounts/delete_account.html", {"form": form}, status=400 if form.errors else 200)
