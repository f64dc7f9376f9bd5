import type { Room, RoomMember } from "matrix-js-sdk";

/** The rooms whose encryption targets are already narrowed (never wrapped twice). */
const guarded = new WeakSet<Room>();

/**
 * Narrows whom the SDK encrypts her messages for, at the source. MatrixChatSession checks who is
 * in the room right before it hands a message to the SDK, but the SDK reads the members again
 * later, when it encrypts (RoomEncryptor asks `room.getEncryptionTargetMembers()`): someone
 * invited in between would get the room key without her having been told. So the room itself
 * answers with only the youth, the bot and those the page accounts for (`mayReceive`: her
 * counsellor and whoever she was told of); anyone else gets nothing until she has been told.
 * The SDK has no supported hook for this; the wrapper is on this one Room instance only.
 */
export function guardEncryptionTargets(
  room: Room,
  youthId: string,
  mayReceive: (userId: string) => boolean,
): void {
  if (guarded.has(room)) return;
  guarded.add(room);
  const original = room.getEncryptionTargetMembers.bind(room);
  room.getEncryptionTargetMembers = async (): Promise<RoomMember[]> =>
    encryptionTargets(await original(), youthId, room.getCreator(), mayReceive);
}

/** The members a message may be encrypted for (pure: the rule of guardEncryptionTargets). */
export function encryptionTargets<M extends { readonly userId: string }>(
  members: readonly M[],
  youthId: string,
  botId: string | null,
  mayReceive: (userId: string) => boolean,
): M[] {
  return members.filter(
    ({ userId }) => userId === youthId || userId === botId || mayReceive(userId),
  );
}
