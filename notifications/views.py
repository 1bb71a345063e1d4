from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from notifications.forms import PreferencesForm
from notifications.services import preferences_for, read_unsubscribe_token, unsubscribe
from plans.models import ActionPlan


@login_required
def preferences(request):
    prefs = preferences_for(request.user)
    form = PreferencesForm(request.POST or None, instance=prefs)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your email preferences have been saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_POST
def follow(request, slug):
    plan = get_object_or_404(ActionPlan.objects.public(), slug=slug)
    prefs = preferences_for(request.user)
    if request.POST.get("follow") == "0":
        prefs.plans.remove(plan)
        messages.success(request, _("You no longer follow this plan."))
    else:
        prefs.plans.add(plan)
        messages.success(request, _("You follow this plan: we email you when a new phase opens."))
    return redirect(plan.get_absolute_url())


# No login and no CSRF token: the signed token is the authorisation, and mail programs send the
# one-click unsubscribe (RFC 8058) as a bare POST to the List-Unsubscribe address.
@csrf_exempt
def unsubscribe_view(request, token):
    parsed = read_unsubscribe_token(token)
    if parsed is None:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    topic = parsed["topic"]
    if request.method == "POST":
        if not unsubscribe(**parsed):
            return render(request, "notifications/unsubscribe_invalid.html", status=400)
        return render(request, "notifications/unsubscribed.html", {"topic": topic})
    return render(request, "notifications/unsubscribe_confirm.html", {"topic": topic, "token": token})
