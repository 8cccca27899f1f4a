"""A tiny SMTP server (just enough of RFC 5321 for smtplib) that keeps what it receives."""

from __future__ import annotations

import asyncio
import email
import email.policy
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage


@dataclass
class SmtpInbox:
    messages: list[EmailMessage] = field(default_factory=list)
    host: str = "127.0.0.1"
    port: int = 0


async def _session(
    inbox: SmtpInbox, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    async def say(line: str) -> None:
        writer.write(line.encode() + b"\r\n")
        await writer.drain()

    await say("220 test-smtp ready")
    while True:
        line = (await reader.readline()).decode(errors="replace").strip()
        verb = line[:4].upper()
        if not line or verb == "QUIT":
            await say("221 bye")
            break
        if verb == "EHLO":
            await say("250-test-smtp")
            await say("250 8BITMIME")
        elif verb == "DATA":
            await say("354 end with <CRLF>.<CRLF>")
            raw = await reader.readuntil(b"\r\n.\r\n")
            message = email.message_from_bytes(raw[:-5], policy=email.policy.default)
            inbox.messages.append(message)
            await say("250 queued")
        else:
            await say("250 ok")
    writer.close()


@contextmanager
def running_smtp_server() -> Iterator[SmtpInbox]:
    inbox = SmtpInbox()
    ready = threading.Event()
    loop = asyncio.new_event_loop()
    holder: dict[str, asyncio.Server] = {}

    async def start() -> None:
        server = await asyncio.start_server(lambda r, w: _session(inbox, r, w), inbox.host, 0)
        holder["server"] = server
        inbox.port = server.sockets[0].getsockname()[1]
        ready.set()

    def serve() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(start())
        loop.run_forever()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    ready.wait(10)
    try:
        yield inbox
    finally:
        loop.call_soon_threadsafe(holder["server"].close)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
