"""English texts. Values are HTML (parse_mode=HTML); placeholders are filled with escaped values."""

MESSAGES: dict[str, str] = {
    # Roles
    "role.rep": "Field service rep",
    "role.supervisor": "Service manager",
    "role.admin": "Admin",
    # Command menu
    "cmd.start": "Register with an invite link",
    "cmd.help": "What I can do for you",
    "cmd.language": "Change language / 切换语言",
    "cmd.cancel": "Stop what you are doing",
    "cmd.invite": "Invite a new colleague",
    "cmd.checkin": "Check in at a customer site",
    "cmd.checkout": "Check out from the site",
    "cmd.visit": "File a visit record",
    "cmd.weekly": "Weekly report",
    "cmd.monthly": "Monthly report",
    "cmd.feedback": "Quality feedback, complaint, market info",
    "cmd.stats": "My numbers this week and month",
    "cmd.team": "Where my team is",
    "cmd.missing": "Who is missing reports",
    "cmd.customers": "Customers: add, edit, list",
    "cmd.schedule": "Report deadlines and reminders",
    "cmd.leave": "Mark someone on leave",
    "cmd.holiday": "Declare a team holiday",
    # Main menu (reply keyboard)
    "menu.checkin": "📍 Check in",
    "menu.visit": "📝 Visit record",
    "menu.weekly": "📅 Weekly report",
    "menu.feedback": "⚠️ Feedback",
    "menu.stats": "📊 My stats",
    "common.back": "« Back",
    "common.submit": "✅ Submit",
    "common.edit": "✏️ Edit",
    "common.skip": "Skip",
    "common.too_long": "That is too long: at most {limit} characters, yours has {length}. Please shorten it.",
    "common.text_expected": "Please type your answer as text.",
    "common.finish_first": "You are in the middle of something else. Finish it, or send /cancel first.",
    "common.not_yours": "That is not yours to open.",
    # Access
    "access.refused": (
        "Sorry, fieldbot is only for registered after-sales service staff.\n"
        "To get access, ask your service manager for an invite link and open it."
    ),
    "group.private_only": "I only work in private chats. Please message me directly.",
    # Registration
    "reg.already": "You are already registered as {name}.",
    "reg.confirm_name": (
        "Welcome to fieldbot!\n\nColleagues will see you as <b>{name}</b>.\n"
        "Press the button to keep this name, or type the name you want."
    ),
    "reg.keep_name": "Keep this name",
    "reg.name_invalid": "Please type a name of 1 to {limit} characters.",
    "reg.name_expected": "Please type your name, or press “Keep this name”.",
    "reg.ask_phone": (
        "Thanks, {name}. Share your phone number so your manager can call you on the road, or skip this step."
    ),
    "reg.share_phone": "📱 Share my phone number",
    "reg.skip": "Skip",
    "reg.not_own_contact": "Please share your own number with the button below.",
    "reg.phone_expected": "Please use the buttons below: share your number, or Skip.",
    "reg.done": "You are registered as <b>{name}</b> ({role}). Send /help to see what you can do.",
    "reg.inviter_notice": "{name} has registered as {role}.",
    "registration.cancelled": "Registration stopped. Open your invite link again to continue.",
    # Invites
    "invite.not_allowed": "You are not allowed to do that.",
    "invite.no_team": "You are not assigned to a team yet; ask an admin.",
    "invite.ask_role": "Who are you inviting?",
    "invite.no_teams": "There are no teams yet. Create one with /teams.",
    "invite.ask_team": "Which team will they join?",
    "invite.created": (
        "Invite for a new {role}, team {team}.\n\nForward this link to them:\n{link}\n\n"
        "It works once, for one person, until {expires}."
    ),
    # Common
    "common.cancel": "Cancel",
    "common.cancelled": "Cancelled. Nothing was saved.",
    "common.use_buttons": "Please choose with the buttons above, or send /cancel.",
    "common.nothing_to_cancel": "There is nothing to cancel.",
    "common.stale_button": "This button is no longer active.",
    "common.not_understood": "I did not understand that. Send /help to see what I can do.",
    "start.welcome_back": "Welcome back, {name}!",
    "help.text": "You are signed in as {role}. Commands:\n{commands}",
    # Language
    "lang.name": "English",
    "lang.choose": "Choose your language:",
    "lang.set": "Language set to English.",
    # Errors
    "error.user_saved": (
        "Sorry, something went wrong on our side. What you entered so far is saved; "
        "please try again in a moment, or send /cancel."
    ),
    "error.admin_notice": "⚠️ fieldbot error while handling {where}:\n<code>{error}</code>",
}
