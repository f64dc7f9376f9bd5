"use strict";
// Stand-in for @matrix-org/matrix-sdk-crypto-nodejs, wired in through the root package.json
// "overrides". matrix-bot-sdk requires the native binding eagerly, but its postinstall downloads a
// binary from GitHub, which neither our machines nor a careful operator's can or should do.
//
// The bot must never be able to read a conversation, so it runs without any end-to-end encryption:
// it has no crypto device, receives no room keys, and this module only has to be importable.
// Anything that actually tries to use crypto fails loudly instead of silently degrading.
const message =
  "The helpline bot runs without end-to-end encryption on purpose (it must never read a " +
  "conversation); matrix-bot-sdk crypto was used anyway. Do not pass a crypto store to the bot.";

function unavailable() {
  throw new Error(message);
}

module.exports = new Proxy(
  {},
  {
    get(_target, property) {
      // Module interop probes (`__esModule`, `then`, symbols) must see "absent", not a trap.
      if (typeof property === "symbol" || property === "__esModule" || property === "then") {
        return undefined;
      }
      return unavailable;
    },
  },
);
