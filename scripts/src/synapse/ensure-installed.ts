import { ensureSynapseInstalled } from "./install.ts";

// Installs Synapse before the test runner starts, so no test hook has to wait for PyPI.
const { version } = await ensureSynapseInstalled((line) => console.log(`  ${line}`));
console.log(`  Synapse ${version} ready`);
