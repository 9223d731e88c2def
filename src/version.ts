import { readFileSync } from "node:fs";

/** Herald's version, as sent in `user-agent: Herald/<version>`. */
export const VERSION: string = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version;
