"""Scheduled work. Every job is idempotent and is rebuilt from the database at start (never persisted
in APScheduler), through `schedule_all`, which bot.app calls from post_init."""
