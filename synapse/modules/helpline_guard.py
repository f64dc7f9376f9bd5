"""Synapse module: what a youth's throwaway account may not do, enforced by the server.

Every account made through public registration (a youth, with a single-use token from the bot) gets
the user type ``org.helplinechat.youth`` by construction (``user_types.default_user_type`` in
homeserver.yaml). Counsellors are created by the operator with shared-secret registration and the
type ``org.helplinechat.counsellor``. The bot is a server admin and is never restricted.

A youth only ever needs the one conversation room the bot creates and invites them to. So a youth
may not upload media (pictures of abuse can be illegal to store, and the server must never hold
them), create rooms, join a room she was not invited to, invite anyone, create room aliases or
publish a room in the directory. The
web page hides all of this; this module makes it true for anyone holding a youth's access token.

In a room protected by end-to-end encryption (one with ``m.room.encryption`` state: every
conversation), nobody may send a timeline event in clear, whatever their account: a stolen
counsellor's token, a youth's, or the bot's application-service token could otherwise put words
in someone's mouth that the server stores readable. Only ``m.room.encrypted`` passes, and
redactions, which the protocol never encrypts and which only remove. State events (memberships,
the bot's status) are not timeline messages and are not concerned.

Loaded through ``modules:`` in homeserver.yaml; its folder is on Synapse's PYTHONPATH. No
dependency beyond Synapse itself.
"""

from typing import Any, Literal

from synapse.events import EventBase
from synapse.module_api import NOT_SPAM, ModuleApi, errors
from synapse.types import RoomAlias

YOUTH_USER_TYPE = "org.helplinechat.youth"

# The only timeline events allowed in clear in an encrypted room. A reaction is not among them:
# matrix-js-sdk (Element) sends reactions unencrypted, and their key is free text.
CLEAR_EVENTS_ALLOWED_IN_ENCRYPTED_ROOMS = frozenset({"m.room.encrypted", "m.room.redaction"})

Decision = Literal["NOT_SPAM"] | errors.Codes


class HelplineGuard:
    def __init__(self, config: dict[str, Any], api: ModuleApi) -> None:
        self._api = api
        api.register_spam_checker_callbacks(
            user_may_create_room=self.user_may_create_room,
            user_may_join_room=self.user_may_join_room,
            user_may_invite=self.user_may_invite,
            user_may_send_3pid_invite=self.user_may_send_3pid_invite,
            user_may_create_room_alias=self.user_may_create_room_alias,
            user_may_publish_room=self.user_may_publish_room,
            check_event_for_spam=self.check_event_for_spam,
        )
        api.register_media_repository_callbacks(
            is_user_allowed_to_upload_media_of_size=self.is_user_allowed_to_upload_media_of_size,
        )

    @staticmethod
    def parse_config(config: dict[str, Any]) -> dict[str, Any]:
        return config

    async def _is_restricted_youth(self, user_id: str) -> bool:
        # Asked each time, never cached here: Synapse's own cache of this row is invalidated when
        # an account is promoted or deactivated, a copy in this module would not be. An unknown
        # user (None) is treated as a youth: refusing is the safe side.
        info = await self._api.get_userinfo_by_id(user_id)
        if info is None:
            return True
        if info.is_admin:
            return False
        return info.user_type == YOUTH_USER_TYPE

    async def _decide(self, user_id: str) -> Decision:
        if await self._is_restricted_youth(user_id):
            return errors.Codes.FORBIDDEN
        return NOT_SPAM

    async def user_may_create_room(self, user_id: str, room_config: dict[str, Any]) -> Decision:
        # The bot creates the youth's conversation room; a youth never needs another.
        return await self._decide(user_id)

    async def user_may_join_room(self, user_id: str, room_id: str, is_invited: bool) -> Decision:
        # Join rules already keep her out of invite-only rooms; this also keeps her out of any room
        # someone made joinable (a public room a counsellor created, or a stolen account did).
        # Allowed: a room she is invited to, and one she is already in: Synapse "joins" again to
        # carry a new display name (her pseudonym) into her membership, and so may a resumed page.
        if is_invited or await self._is_member(user_id, room_id):
            return NOT_SPAM
        return await self._decide(user_id)

    async def _is_member(self, user_id: str, room_id: str) -> bool:
        state = await self._api.get_room_state(room_id, [("m.room.member", user_id)])
        member = state.get(("m.room.member", user_id))
        return member is not None and member.membership == "join"

    async def user_may_invite(self, inviter: str, invitee: str, room_id: str) -> Decision:
        # Only the bot brings people into a conversation (it picks the counsellor on duty).
        return await self._decide(inviter)

    async def user_may_send_3pid_invite(
        self, inviter: str, medium: str, address: str, room_id: str
    ) -> Decision:
        # No e-mail or phone invites either (the server has no identity server, but say so here).
        return await self._decide(inviter)

    async def user_may_create_room_alias(self, user_id: str, room_alias: RoomAlias) -> Decision:
        # An alias would give a conversation a findable name.
        return await self._decide(user_id)

    async def user_may_publish_room(self, user_id: str, room_id: str) -> Decision:
        # The directory is closed to everyone by room_list_publication_rules; this is a second lock.
        return await self._decide(user_id)

    async def is_user_allowed_to_upload_media_of_size(self, user_id: str, size: int) -> bool:
        # Images of sexual abuse of minors are illegal to store: a youth cannot upload at all,
        # whatever the size. Synapse answers 413 M_TOO_LARGE.
        return not await self._is_restricted_youth(user_id)

    async def check_event_for_spam(self, event: EventBase) -> Decision:
        # Every sender alike, the bot included: it has no keys, so it never has anything to say in
        # a conversation room but state (the youth's status), which is not checked here.
        if event.is_state() or event.type in CLEAR_EVENTS_ALLOWED_IN_ENCRYPTED_ROOMS:
            return NOT_SPAM
        if await self._is_encrypted_room(event.room_id):
            return errors.Codes.FORBIDDEN
        return NOT_SPAM

    async def _is_encrypted_room(self, room_id: str) -> bool:
        # Encryption cannot be turned off once on (Matrix spec), so its state event is enough.
        state = await self._api.get_room_state(room_id, [("m.room.encryption", "")])
        return ("m.room.encryption", "") in state
