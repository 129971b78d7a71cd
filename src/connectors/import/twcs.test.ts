import { describe, expect, it } from "vitest";
import { ThreadIndex } from "./twcs.ts";

describe("ThreadIndex", () => {
  it("finds the root whatever order the replies arrive in", () => {
    const t = new ThreadIndex();
    t.add("3", "2");
    t.add("1");
    expect(t.rootOf("3")).toBe("2");
    t.add("2", "1");
    expect(t.rootOf("3")).toBe("1");
    expect(t.rootOf("1")).toBe("1");
  });

  it("stops on a reply cycle instead of looping", () => {
    const t = new ThreadIndex();
    t.add("a", "b");
    t.add("b", "a");
    expect(["a", "b"]).toContain(t.rootOf("a"));
  });
});
