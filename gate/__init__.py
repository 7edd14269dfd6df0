"""What every update passes before and after the features: the inbox (store and deduplicate, and hold
updates back from the Bot API while the database is down), each person's rate, private chats only, the access
check, one open conversation per person, and the flush that writes each person's state with the update.

It sits between presentation and the features (handlers, jobs): handlers use its refusal, its handler groups
and the busy record; bot.app registers it."""
