import rules

from accounts.roles import is_process_owner, is_staff_member

# Staff see the outbox and resend failed messages; process owners see people's preferences.
rules.add_perm("notifications", is_staff_member)
rules.add_perm("notifications.view_message", is_staff_member)
rules.add_perm("notifications.change_message", is_staff_member)
rules.add_perm("notifications.view_preferences", is_process_owner)
