import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
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

  it("should sign no type at all when none is given (the bot's one-off admin)", () => {
    const expected = createHmac("sha1", "s3cret")
      .update("n0nce\0camille\0a password\0admin")
      .digest("hex");
    expect(sharedSecretRegistrationMac({ ...request, admin: true })).toBe(expected);
  });
});
