#!/usr/bin/env python3
"""A real SMTP server for the delivery tests, built on aiosmtpd and bound to 127.0.0.1.

    server.py --dir DIR --port N --mode starttls|tls|plain [--cert C --key K]
              [--user U --password P] [--reject ADDR]... [--tempfail N]
              [--hang-at-mail N] [--hang-after-data N]

Each accepted message is saved as DIR/NNNN.eml beside DIR/NNNN.json (envelope sender and
recipients). Faults, for the tests of retries and at-most-once delivery:
  --reject ADDR        RCPT TO:<ADDR> gets 550 (a permanent rejection)
  --tempfail N         the first N messages get 451 after their content (temporary failure)
  --hang-at-mail N     the Nth MAIL FROM of the server's life never gets a reply
  --hang-after-data N  the Nth message's content is received but never acknowledged
Whenever it starts hanging it creates DIR/hanging. DIR/ready holds the port once listening.
"""
import argparse
import asyncio
import json
import os
import ssl
import sys
import time
import warnings

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def main():
    # aiosmtpd 1.4 warns about its own use of a deprecated attribute on every login.
    warnings.simplefilter("ignore")
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--mode", choices=["starttls", "tls", "plain"], default="starttls")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--reject", action="append", default=[])
    parser.add_argument("--tempfail", type=int, default=0)
    parser.add_argument("--hang-at-mail", type=int, default=0)
    parser.add_argument("--hang-after-data", type=int, default=0)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    rejects = {a.lower() for a in args.reject}
    # Numbering goes on from the messages of an earlier server on the same folder.
    saved = len([n for n in os.listdir(args.dir) if n.endswith(".eml")])
    counts = {"mail": 0, "data": 0, "saved": saved, "tempfail": 0}

    async def hang():
        open(os.path.join(args.dir, "hanging"), "w").close()
        await asyncio.sleep(3600)

    class Handler:
        async def handle_MAIL(self, server, session, envelope, address, options):
            counts["mail"] += 1
            if counts["mail"] == args.hang_at_mail:
                await hang()
            envelope.mail_from = address
            envelope.mail_options.extend(options)
            return "250 OK"

        async def handle_RCPT(self, server, session, envelope, address, options):
            if address.lower() in rejects:
                return f"550 5.1.1 <{address}>: mailbox unavailable"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            counts["data"] += 1
            if counts["data"] == args.hang_after_data:
                await hang()
            if counts["tempfail"] < args.tempfail:
                counts["tempfail"] += 1
                return "451 4.3.0 temporary failure, try again later"
            counts["saved"] += 1
            name = os.path.join(args.dir, f"{counts['saved']:04d}")
            with open(name + ".eml", "wb") as f:
                f.write(envelope.original_content)
            with open(name + ".json", "w") as f:
                json.dump({"from": envelope.mail_from, "to": envelope.rcpt_tos}, f)
            return f"250 2.0.0 queued as {counts['saved']:04d}"

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login.decode() == args.user
            and auth_data.password.decode() == args.password
        )
        return AuthResult(success=ok)

    context = None
    if args.mode != "plain":
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
    kwargs = {}
    if args.user:
        # With implicit TLS aiosmtpd does not see the session as encrypted (it tracks STARTTLS
        # only), so it is told not to require TLS for AUTH: the whole connection is TLS.
        kwargs.update(authenticator=authenticator, auth_required=True,
                      auth_require_tls=args.mode == "starttls")
    if args.mode == "starttls":
        kwargs.update(tls_context=context, require_starttls=True)
    elif args.mode == "tls":
        kwargs.update(ssl_context=context)
    controller = Controller(Handler(), hostname="127.0.0.1", port=args.port,
                            server_hostname="localhost", ready_timeout=10, **kwargs)
    controller.start()
    with open(os.path.join(args.dir, "ready"), "w") as f:
        f.write(str(args.port))
    try:
        # Bounded: a test server never outlives a test run by more than an hour.
        time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    sys.exit(main())
