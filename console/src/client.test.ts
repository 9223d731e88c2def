import { describe, expect, it } from "vitest";
import { graphqlUrls } from "./client.ts";

describe("graphqlUrls", () => {
  it.each([
    [
      { protocol: "http:", host: "localhost:4000" },
      { http: "http://localhost:4000/graphql", ws: "ws://localhost:4000/graphql" },
    ],
    [
      { protocol: "https:", host: "herald.example" },
      { http: "https://herald.example/graphql", ws: "wss://herald.example/graphql" },
    ],
  ])("%j", (location, urls) => {
    expect(graphqlUrls(location)).toEqual(urls);
  });
});
