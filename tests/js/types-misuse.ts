// This must NOT compile: engineVersion() returns a string. types.test.mjs checks that tsc rejects it,
// which proves the declarations carry real types (a declaration typed `any` would accept it).
import { engineVersion } from "assent";

export const version: number = engineVersion();
