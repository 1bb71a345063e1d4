from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationConfig(AppConfig):
    """Publication of the plan: the document repository, open data of everything public, the OGP
    minimum-requirements check and the staff dashboard's charts. On top of the layers."""

    name = "publication"
    verbose_name = _("Publication")
