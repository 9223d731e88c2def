import { promises as dns } from "node:dns";

/** Every address the system resolver gives for `hostname`, so a URL policy can check them all. */
export const systemLookup = (hostname: string): Promise<{ address: string; family: number }[]> => dns.lookup(hostname, { all: true });
