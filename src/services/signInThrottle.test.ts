import { describe, expect, it } from "vitest";
import { SignInThrottle } from "./signInThrottle.ts";

function clock() {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("SignInThrottle", () => {
  it("lets the free failures through, then blocks for twice as long each time", () => {
    const c = clock();
    const throttle = new SignInThrottle({ freeFailures: 3, firstDelayMs: 1000, now: c.now });
    for (let i = 0; i < 2; i++) throttle.failed("10.0.0.1");
    expect(throttle.waitFor("10.0.0.1")).toBe(0);
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      throttle.failed("10.0.0.1");
      waits.push(throttle.waitFor("10.0.0.1"));
      c.advance(waits.at(-1)!);
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000]);
  });

  it("caps the delay and forgets an address that stayed quiet", () => {
    const c = clock();
    const throttle = new SignInThrottle({
      freeFailures: 1,
      firstDelayMs: 1000,
      maxDelayMs: 3000,
      forgetAfterMs: 10_000,
      now: c.now,
    });
    for (let i = 0; i < 5; i++) throttle.failed("a");
    expect(throttle.waitFor("a")).toBe(3000);
    c.advance(20_000);
    expect(throttle.waitFor("a")).toBe(0);
    throttle.failed("a");
    expect(throttle.waitFor("a")).toBe(1000);
  });

  it("counts each address on its own and remembers a bounded number of them", () => {
    const throttle = new SignInThrottle({ freeFailures: 0, capacity: 2, now: () => 0 });
    throttle.failed("a");
    throttle.failed("b");
    throttle.failed("c");
    expect(throttle.waitFor("a")).toBe(0);
    expect(throttle.waitFor("c")).toBeGreaterThan(0);
    expect(throttle.waitFor("d")).toBe(0);
  });
});
