// @helpline/contract: what the bot and its clients say to each other. This entry loads no schema
// library (the youth's landing page imports it); the zod decoders are behind their own entries,
// "@helpline/contract/counsellor-api" and "@helpline/contract/requests".

export * from "./api-errors.ts";
export * from "./case-form.ts";
export * from "./helplines.ts";
export * from "./proof-of-work.ts";
export * from "./public-api.ts";
export * from "./records.ts";
export * from "./room-state.ts";
export * from "./safety-form.ts";
