"""The "follow this plan" form, for the plan's page: plans sits below notifications and does not
read who follows a plan (docs/architecture.md, "Layers")."""

from django import template

register = template.Library()


@register.inclusion_tag("notifications/_follow_plan.html", takes_context=True)
def follow_plan_form(context, plan):
    request = context["request"]
    user = request.user
    following = user.is_authenticated and plan.followers.filter(user=user).exists()
    return {
        "request": request,
        "user": user,
        "plan": plan,
        "following": following,
        "csrf_token": context.get("csrf_token"),
    }
