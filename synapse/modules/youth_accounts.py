"""Synapse module: a youth's throwaway account, made in one request and without a password.

Why not Synapse's ``/register``: it requires a password, and it hashes it with bcrypt at the
server's ``bcrypt_rounds`` (12, for the counsellors' sake). That hash was 61 % of the server's work
for each arriving youth (docs/scaling.md) and ~300 ms of her wait before she could write. A youth's
page never needs the password again: it keeps the access token for the one conversation, then the
account is erased. So her account gets no password at all, which is stronger than a random one
hashed: nobody, not even someone with a copy of the database, holds anything to log in as her.
Counsellors' accounts and their hashes are untouched (shared-secret registration, then login).

``POST /_synapse/client/org.helplinechat/youth_account`` with ``{"token": "<registration token>"}``
(optionally ``"initial_device_display_name"``):

- the token is one the bot issued through the admin API (``registration_tokens``), after the
  youth's proof of work; it is consumed in the same SQL statement that checks it (expiry, uses
  left), so two requests with one single-use token can never both pass;
- the account's name is chosen here: ``y`` + 24 base32 characters (120 random bits), never
  Synapse's sequential ids, which would tell anyone how many youths wrote;
- its type is the server's ``user_types.default_user_type`` (``org.helplinechat.youth``), so
  ``helpline_guard.py`` restricts it as before;
- the answer is ``{"user_id", "access_token", "device_id"}``, as ``/register`` gives.

Refusals change nothing: a malformed body is 400, a token unknown, used up or expired is 403, and
the token, if any, stays as it was. No rate limit of its own: the bot already limits who gets a
token (proof of work, per-address budgets), guessing one is hopeless (Synapse's are 16 characters
of 66 kinds, ~96 bits), and a limit on refusals would let anyone who sends garbage shut youths
out. Nothing here logs the token or the request.

Loaded through ``modules:`` in homeserver.yaml, on the main process only (Caddy sends this path
there). No dependency beyond Synapse itself.
"""

import base64
import secrets
import time
from typing import TYPE_CHECKING, Any

from synapse.module_api import (
    DirectServeJsonResource,
    ModuleApi,
    parse_json_object_from_request,
)
from synapse.module_api.errors import SynapseError

if TYPE_CHECKING:
    from synapse.storage.database import LoggingTransaction

PATH = "/_synapse/client/org.helplinechat/youth_account"

MAX_DEVICE_NAME_LENGTH = 100


def youth_localpart() -> str:
    # 15 bytes are exactly 24 base32 characters, without padding; lower case is valid in a localpart.
    return "y" + base64.b32encode(secrets.token_bytes(15)).decode("ascii").lower()


def _consume_token_txn(txn: "LoggingTransaction", token: str, now_ms: int) -> bool:
    # One statement: checking then using in two would let two concurrent requests share a token.
    # The conditions of Synapse's own registration_token_is_valid (no expiry: never expires; no
    # uses_allowed: unlimited; `pending` counted as used), except that uses_allowed 0 allows no
    # use here, where Synapse reads it as unlimited. The bot's tokens allow one.
    txn.execute(
        """
        UPDATE registration_tokens SET completed = completed + 1
        WHERE token = ?
          AND (expiry_time IS NULL OR expiry_time >= ?)
          AND (uses_allowed IS NULL OR pending + completed < uses_allowed)
        """,
        (token, now_ms),
    )
    return txn.rowcount == 1


class YouthAccountResource(DirectServeJsonResource):
    def __init__(self, api: ModuleApi) -> None:
        super().__init__()
        self._api = api

    async def _async_render_POST(self, request: Any) -> tuple[int, dict[str, Any]]:
        body = parse_json_object_from_request(request)
        token = body.get("token")
        if not isinstance(token, str) or not 0 < len(token) <= 64:
            raise SynapseError(
                400, "'token' must be a registration token (a string).", "M_INVALID_PARAM"
            )
        device_name = body.get("initial_device_display_name", "Web")
        if not isinstance(device_name, str) or len(device_name) > MAX_DEVICE_NAME_LENGTH:
            raise SynapseError(
                400,
                "'initial_device_display_name' must be a string of at most "
                f"{MAX_DEVICE_NAME_LENGTH} characters.",
                "M_INVALID_PARAM",
            )
        now_ms = int(time.time() * 1000)
        if not await self._api.run_db_interaction(
            "helpline_consume_registration_token", _consume_token_txn, token, now_ms
        ):
            raise SynapseError(403, "Registration token unknown, used or expired.", "M_FORBIDDEN")
        # The token is spent from here: if what follows fails, the page asks the bot for another.
        user_id = await self._api.register_user(youth_localpart())
        device_id, access_token, _, _ = await self._api.register_device(
            user_id, initial_display_name=device_name
        )
        return 200, {"user_id": user_id, "access_token": access_token, "device_id": device_id}


class YouthAccounts:
    def __init__(self, config: dict[str, Any], api: ModuleApi) -> None:
        api.register_web_resource(PATH, YouthAccountResource(api))

    @staticmethod
    def parse_config(config: dict[str, Any]) -> dict[str, Any]:
        if config:
            raise ValueError(
                f"youth_accounts.YouthAccounts takes no config, got keys: {sorted(config)}"
            )
        return config
