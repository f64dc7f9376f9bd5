import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sharedSecretRegistrationMac as botMac } from "../../../bot/src/matrix/shared-secret.ts";
import { sharedSecretRegistrationMac, userTypes } from "./shared-secret.ts";

const request = {
  sharedSecret: "s3cret",
  nonce: "n0nce",
  username: "camille",
  password: "a password",
  admin: false,
};

describe("sharedSecretRegistrationMac", () => {
  it("should sign the user type after the admin flag, as Synapse's admin register endpoint checks", () => {
    // synapse/rest/admin/users.py: nonce \0 username \0 password \0 admin|notadmin [\0 user_type]
    const expected = createHmac("sha1", "s3cret")
      .update("n0nce\0camille\0a password\0notadmin\0org.helplinechat.counsellor")
      .digest("hex");
    expect(sharedSecretRegistrationMac({ ...request, userType: userTypes.counsellor })).toBe(
      expected,
    );
  });

  it("should sign exactly what the bot signs when there is no user type", () => {
    // The bot registers its one-off admin without a type (an admin is never restricted).
    expect(sharedSecretRegistrationMac({ ...request, admin: true })).toBe(
      botMac({ ...request, admin: true }),
    );
  });
});
