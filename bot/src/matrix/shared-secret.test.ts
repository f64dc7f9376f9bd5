import { describe, expect, it } from "vitest";
import { sharedSecretRegistrationMac } from "./shared-secret.ts";

describe("sharedSecretRegistrationMac", () => {
  it("should match the MAC Synapse computes (vector from Python's hmac module)", () => {
    expect(
      sharedSecretRegistrationMac({
        sharedSecret: "secret-of-the-test",
        nonce: "abc123",
        username: "provision-00ff",
        password: "pass word",
        admin: true,
      }),
    ).toBe("b38615bc28e23914435fde6962395ba1bcfc88a5");
  });

  it("should differ between admin and non-admin registrations", () => {
    const base = { sharedSecret: "s", nonce: "n", username: "u", password: "p" };
    expect(sharedSecretRegistrationMac({ ...base, admin: true })).not.toBe(
      sharedSecretRegistrationMac({ ...base, admin: false }),
    );
  });
});
