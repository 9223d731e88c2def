import { describe, expect, it } from "vitest";
import { clearSession, credentialKind, portalTokenOf, readSession, saveSession } from "./session.ts";

class MemoryStorage implements Storage {
  private items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

describe("portalTokenOf", () => {
  it.each([
    ["#portal=hps_abc", "hps_abc"],
    ["#portal=hps%5Fabc", "hps_abc"],
    ["#portal=", null],
    ["#/endpoints", null],
    ["", null],
    ["#portal=a&b=c", null],
    ["#portal=%E0%A4%A", null],
  ])("%s → %s", (hash, token) => {
    expect(portalTokenOf(hash)).toBe(token);
  });
});

describe("sessions", () => {
  it("keeps the credential and whether it came from a portal link until cleared", () => {
    const storage = new MemoryStorage();
    expect(readSession(storage)).toBeNull();
    saveSession({ credential: "hps_1", portal: true, operator: false }, storage);
    expect(readSession(storage)).toEqual({ credential: "hps_1", portal: true, operator: false });
    saveSession({ credential: "sk_1", portal: false, operator: false }, storage);
    expect(readSession(storage)).toEqual({ credential: "sk_1", portal: false, operator: false });
    saveSession({ credential: "admin-secret", portal: false, operator: true }, storage);
    expect(readSession(storage)).toEqual({ credential: "admin-secret", portal: false, operator: true });
    clearSession(storage);
    expect(readSession(storage)).toBeNull();
    expect(storage.length).toBe(0);
  });
});

describe("credentialKind", () => {
  it.each([
    ["sk_abc", "apiKey"],
    ["hps_abc", "portal"],
    ["a-long-admin-token", "operator"],
    ["SK_abc", "operator"],
  ] as const)("%s → %s", (token, kind) => {
    expect(credentialKind(token)).toBe(kind);
  });
});
