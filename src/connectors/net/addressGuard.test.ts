import { describe, expect, it } from "vitest";
import { isPeerError } from "../contract.ts";
import {
  AddressRefused,
  checkUrl,
  forbiddenReason,
  guardedLookup,
  parseIpv6,
  type ResolvedAddress,
  type Resolver,
  vetHost,
} from "./addressGuard.ts";
import { createGuardedFetch, type FetchLike } from "./guardedFetch.ts";

/** A resolver that answers from a table and counts the questions it was asked. */
function fakeResolver(table: Record<string, string[] | (() => string[])>) {
  const asked: string[] = [];
  const resolve: Resolver = async (hostname) => {
    asked.push(hostname);
    const entry = table[hostname];
    if (!entry) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    const list = typeof entry === "function" ? entry() : entry;
    return list.map((address): ResolvedAddress => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
  return { resolve, asked };
}

const closed = { allowPrivateNetwork: false };

describe("forbiddenReason", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "CGNAT"],
    ["100.127.255.254", "CGNAT"],
    ["169.254.169.254", "link-local"],
    ["0.0.0.0", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fc00::1", "unique-local"],
    ["fd12:3456::1", "unique-local"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["ff02::1", "multicast"],
    ["::ffff:127.0.0.1", "IPv4-mapped form of a loopback"],
    ["::ffff:7f00:1", "IPv4-mapped form of a loopback"],
    ["::ffff:a9fe:a9fe", "IPv4-mapped form of a link-local"],
    ["::ffff:10.0.0.1", "IPv4-mapped form of a private"],
    ["::127.0.0.1", "IPv4-compatible form of a loopback"],
    ["64:ff9b::7f00:1", "NAT64 form of a loopback"],
    ["2002:c0a8:0101::1", "6to4 form of a private"],
    ["[::1]", "loopback"],
  ])("refuses %s (%s)", (address, what) => {
    expect(forbiddenReason(address)).toContain(what);
  });

  it.each([
    "93.184.215.14",
    "1.1.1.1",
    "172.32.0.1",
    "100.128.0.1",
    "192.169.0.1",
    "2606:4700:4700::1111",
    "::ffff:93.184.215.14",
    "64:ff9b::5db8:d70e",
    "2002:5db8:d70e::1",
  ])("lets %s through", (address) => {
    expect(forbiddenReason(address)).toBeUndefined();
  });

  it("refuses what is not an IP address", () => {
    expect(forbiddenReason("localhost")).toBe("not an IP address");
  });

  it("expands IPv6 forms to the same bytes", () => {
    expect(parseIpv6("::ffff:127.0.0.1")).toEqual(parseIpv6("0:0:0:0:0:ffff:7f00:0001"));
    expect(parseIpv6("fe80::1")?.[0]).toBe(0xfe);
    expect(parseIpv6("not-an-address")).toBeUndefined();
  });
});

describe("checkUrl", () => {
  it.each([
    "http://2130706433/",
    "http://0x7f.1/",
    "http://0177.0.0.1/",
    "http://017700000001/",
    "http://127.1/",
    "http://[::1]:8080/feed",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "https://169.254.169.254/latest/meta-data/",
    "http://0/",
  ])("refuses the loopback, link-local or unspecified literal %s", (url) => {
    expect(() => checkUrl(url, closed)).toThrow(AddressRefused);
  });

  it.each([
    "file:///etc/passwd",
    "ftp://example.com/feed",
    "gopher://example.com/",
    "javascript:alert(1)",
    "http://user:secret@example.com/",
    "not a url",
  ])("refuses %s", (url) => {
    expect(() => checkUrl(url, closed)).toThrow(AddressRefused);
  });

  it("lets a public literal and any name through (names are vetted when resolved)", () => {
    expect(checkUrl("http://93.184.215.14/feed", closed).hostname).toBe("93.184.215.14");
    expect(checkUrl("https://blog.example.com/feed.xml", closed).hostname).toBe("blog.example.com");
  });

  it("lets loopback through when the source allows private networks", () => {
    expect(checkUrl("http://2130706433/", { allowPrivateNetwork: true }).hostname).toBe("127.0.0.1");
  });
});

describe("vetHost", () => {
  it("refuses a name when any of its addresses is private", async () => {
    const { resolve } = fakeResolver({ "mixed.example": ["93.184.215.14", "10.0.0.5"] });
    await expect(vetHost("mixed.example", { ...closed, resolver: resolve })).rejects.toThrow(/10\.0\.0\.5/);
  });

  it("refuses a name that resolves to an IPv4-mapped loopback", async () => {
    const { resolve } = fakeResolver({ "sneaky.example": ["::ffff:127.0.0.1"] });
    await expect(vetHost("sneaky.example", { ...closed, resolver: resolve })).rejects.toThrow(
      /IPv4-mapped form of a loopback/,
    );
  });

  it("answers every public address of a name", async () => {
    const { resolve } = fakeResolver({ "ok.example": ["93.184.215.14", "2606:4700:4700::1111"] });
    const found = await vetHost("ok.example", { ...closed, resolver: resolve });
    expect(found.map((a) => a.address)).toEqual(["93.184.215.14", "2606:4700:4700::1111"]);
  });

  it("allows private addresses when the source does", async () => {
    const { resolve } = fakeResolver({ localhost: ["127.0.0.1", "::1"] });
    const found = await vetHost("localhost", { allowPrivateNetwork: true, resolver: resolve });
    expect(found).toHaveLength(2);
  });
});

describe("guardedLookup", () => {
  function lookupOnce(
    lookup: ReturnType<typeof guardedLookup>,
    host: string,
    options: { all?: boolean; family?: number },
  ) {
    return new Promise<{ err: Error | null; address: unknown; family?: number }>((resolve) => {
      lookup(host, options as never, (err, address, family) => resolve({ err, address, family }));
    });
  }

  it("connects to the address it vetted, resolving afresh for each connection (DNS rebinding)", async () => {
    let calls = 0;
    // First answer public, every later answer loopback: the attack a check-then-connect design misses.
    const { resolve, asked } = fakeResolver({
      "rebind.example": () => (calls++ === 0 ? ["93.184.215.14"] : ["127.0.0.1"]),
    });
    const lookup = guardedLookup({ ...closed, resolver: resolve });
    const first = await lookupOnce(lookup, "rebind.example", {});
    expect(first.err).toBeNull();
    expect(first.address).toBe("93.184.215.14");
    const second = await lookupOnce(lookup, "rebind.example", { all: true });
    expect(second.err).toBeInstanceOf(AddressRefused);
    expect(asked).toEqual(["rebind.example", "rebind.example"]);
  });

  it("answers the all-addresses form and honours the family asked for", async () => {
    const { resolve } = fakeResolver({ "dual.example": ["93.184.215.14", "2606:4700:4700::1111"] });
    const lookup = guardedLookup({ ...closed, resolver: resolve });
    const all = await lookupOnce(lookup, "dual.example", { all: true });
    expect(all.address).toEqual([
      { address: "93.184.215.14", family: 4 },
      { address: "2606:4700:4700::1111", family: 6 },
    ]);
    const six = await lookupOnce(lookup, "dual.example", { family: 6 });
    expect(six).toMatchObject({ err: null, address: "2606:4700:4700::1111", family: 6 });
  });
});

describe("createGuardedFetch", () => {
  /** A peer that answers by URL, as a server would, recording what was asked. */
  function fakePeer(routes: Record<string, () => Response>) {
    const asked: string[] = [];
    const fetch: FetchLike = async (url, init) => {
      asked.push(url);
      expect(init.redirect).toBe("manual");
      const route = routes[url];
      if (!route) return new Response("not found", { status: 404 });
      return route();
    };
    return { fetch, asked };
  }

  it("refuses a redirect from a public-looking name to loopback, without asking the loopback", async () => {
    const { resolve } = fakeResolver({ "feeds.example": ["93.184.215.14"], localhost: ["127.0.0.1"] });
    const peer = fakePeer({
      "http://feeds.example/rss": () =>
        new Response(null, { status: 302, headers: { location: "http://localhost:2019/admin" } }),
    });
    const guarded = createGuardedFetch({ ...closed, resolver: resolve, fetch: peer.fetch });
    const err = await guarded.fetch("http://feeds.example/rss", {}).catch((e: unknown) => e);
    expect(isPeerError(err) && err.kind).toBe("refused");
    expect(String((err as Error).message)).toContain("localhost");
    expect(peer.asked).toEqual(["http://feeds.example/rss"]);
  });

  it("refuses a redirect to a decimal loopback literal and to a non-http scheme", async () => {
    const peer = fakePeer({
      "http://93.184.215.14/a": () =>
        new Response(null, { status: 301, headers: { location: "http://2130706433/" } }),
      "http://93.184.215.14/b": () =>
        new Response(null, { status: 308, headers: { location: "file:///etc/passwd" } }),
    });
    const guarded = createGuardedFetch({ ...closed, fetch: peer.fetch });
    for (const url of ["http://93.184.215.14/a", "http://93.184.215.14/b"]) {
      const err = await guarded.fetch(url, {}).catch((e: unknown) => e);
      expect(isPeerError(err) && err.kind).toBe("refused");
    }
    expect(peer.asked).toEqual(["http://93.184.215.14/a", "http://93.184.215.14/b"]);
  });

  it("follows public redirects, relative ones too, up to the limit", async () => {
    const peer = fakePeer({
      "http://93.184.215.14/old": () => new Response(null, { status: 301, headers: { location: "/new" } }),
      "http://93.184.215.14/new": () => new Response("<rss/>", { status: 200 }),
      "http://93.184.215.14/loop": () => new Response(null, { status: 302, headers: { location: "/loop" } }),
    });
    const guarded = createGuardedFetch({ ...closed, fetch: peer.fetch, maxRedirects: 3 });
    const ok = await guarded.fetch("http://93.184.215.14/old", {});
    expect(await ok.text()).toBe("<rss/>");
    const err = await guarded.fetch("http://93.184.215.14/loop", {}).catch((e: unknown) => e);
    expect(isPeerError(err) && err.message).toContain("more than 3");
    expect(peer.asked.filter((u) => u.endsWith("/loop"))).toHaveLength(4);
  });

  it("refuses a name resolving to loopback before any connection", async () => {
    const { resolve, asked } = fakeResolver({ "evil.example": ["127.0.0.1"] });
    const guarded = createGuardedFetch({ ...closed, resolver: resolve });
    try {
      const err = await guarded.fetch("http://evil.example:8080/", {}).catch((e: unknown) => e);
      expect(isPeerError(err) && err.kind).toBe("refused");
      expect((err as Error).message).toContain("127.0.0.1");
      expect(asked).toEqual(["evil.example"]);
    } finally {
      await guarded.close();
    }
  });

  it("connects only where the connection's own resolution allows, when a name rebinds to loopback", async () => {
    let calls = 0;
    const { resolve, asked } = fakeResolver({
      "rebind.example": () => (calls++ === 0 ? ["93.184.215.14"] : ["127.0.0.1"]),
    });
    const guarded = createGuardedFetch({ ...closed, resolver: resolve });
    try {
      // Without the lookup guard this would connect to 127.0.0.1:8080 and fail as "unavailable".
      const err = await guarded.fetch("http://rebind.example:8080/", {}).catch((e: unknown) => e);
      expect(isPeerError(err) && err.kind).toBe("refused");
      expect((err as Error).message).toContain("127.0.0.1");
      expect(asked).toEqual(["rebind.example", "rebind.example"]);
    } finally {
      await guarded.close();
    }
  });
});
