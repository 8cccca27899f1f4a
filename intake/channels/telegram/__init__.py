"""Telegram bot channel: the dialogue that collects an electronic appeal, and the Bot API client.

The dialogue is pure (no I/O) so intake can store its state in a database row, replay it
after a restart and test it without a network; the client is the only part that talks to
Telegram.
"""
