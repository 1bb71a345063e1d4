"""What a visitor can do in each phase: the "what you can do now" of the home page."""

from django.utils.translation import gettext_lazy as _

from plans.models import Phase

WHAT_YOU_CAN_DO = {
    Phase.Kind.EXPLORATION: _(
        "The ministry is holding exploratory talks inside and outside government. Create an account to "
        "be told when the call for input opens."
    ),
    Phase.Kind.CALL_FOR_INPUT: _(
        "Everyone can bring in ideas, suggestions and critical notes for the plan. Every contribution "
        "gets a public, reasoned answer."
    ),
    Phase.Kind.SESSIONS: _("Sign up for a co-creation session to think along about the plan in person or online."),
    Phase.Kind.BUILDING_BLOCKS: _(
        "The input is being grouped into building blocks. Follow what happens to each contribution."
    ),
    Phase.Kind.DRAFTING: _(
        "Action holders are drafting the commitments. The draft texts are published when they are ready for review."
    ),
    Phase.Kind.FORUM_REVIEW: _(
        "The stakeholder forum reviews the draft commitments on content and social added value."
    ),
    Phase.Kind.SUBMISSION: _("The English version of the plan is sent to the Open Government Partnership."),
    Phase.Kind.PUBLICATION: _("The Dutch public version of the plan is presented. Read the plan and its commitments."),
    Phase.Kind.IMPLEMENTATION: _(
        "The action holders carry out their commitments. Follow the progress of every milestone."
    ),
    Phase.Kind.REFRESH: _("Halfway through its term the plan is refreshed: new proposals are welcome."),
}
