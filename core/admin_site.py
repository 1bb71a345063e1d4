from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class PlatformAdminSite(admin.AdminSite):
    site_header = _("Open Government platform – administration")
    site_title = _("Open Government administration")
    index_title = _("Administration")

    def has_permission(self, request):
        # Staff roles come from groups (see accounts.roles), not from the is_staff flag.
        return request.user.is_active and request.user.has_perm("accounts.access_staff_pages")
