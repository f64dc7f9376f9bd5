import { it } from "vitest";
import { deployTest } from "./run.ts";

// Run by `npm run test:deploy` (tests/deploy/vitest.config.ts), never by `npm test`: it builds
// the images and publishes ports 80 and 443. tests/deploy/run.ts says what it proves.
it("deploys as docs/deploy.md says, and works from the outside", deployTest);
