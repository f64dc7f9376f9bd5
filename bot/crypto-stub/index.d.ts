// Intentionally empty: see index.js. matrix-bot-sdk's own typings reference the real package's
// types; the bot compiles with skipLibCheck and never touches them.
export {};
