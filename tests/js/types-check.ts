// How a TypeScript user calls assent. types.test.mjs compiles this against the built package's
// index.d.ts, resolving "assent" through the package's exports map.
import { engineVersion } from "assent";

const version: string = engineVersion();
export const major: number = Number(version.split(".")[0]);
