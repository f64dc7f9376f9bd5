import { generatePassword, registerWithSharedSecret, userTypes } from "../synapse/shared-secret.ts";

export interface NewCounsellor {
  userId: string;
  password: string;
}

const localpartPattern = /^[a-z0-9][a-z0-9._=-]{1,62}$/;

/** Creates a counsellor's Matrix account. The password is generated and returned once. */
export async function createCounsellorAccount(options: {
  homeserverUrl: string;
  sharedSecret: string;
  localpart: string;
  displayName?: string;
  password?: string;
}): Promise<NewCounsellor> {
  if (!localpartPattern.test(options.localpart)) {
    throw new Error(
      `"${options.localpart}" is not a valid account name: use 2 to 63 lowercase letters, digits, ".", "_", "=" or "-".`,
    );
  }
  const password = options.password ?? generatePassword();
  const registered = await registerWithSharedSecret({
    homeserverUrl: options.homeserverUrl,
    sharedSecret: options.sharedSecret,
    localpart: options.localpart,
    password,
    // Without it the account would get the default type, a youth's, and be restricted.
    userType: userTypes.counsellor,
    ...(options.displayName ? { displayName: options.displayName } : {}),
  });
  // The operator's session is not needed afterwards: log it out so no stray token stays valid.
  await fetch(`${options.homeserverUrl}/_matrix/client/v3/logout`, {
    method: "POST",
    headers: { Authorization: `Bearer ${registered.accessToken}` },
  });
  return { userId: registered.userId, password };
}
