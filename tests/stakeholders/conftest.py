# The review rounds' fixtures (forum-B); the commitments' world fixtures come with them.
from tests.stakeholders.review_fixtures import *  # noqa: F403
