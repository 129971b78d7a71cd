/**
 * A fetch that only reaches addresses the guard allows: each hop of a redirect is checked again
 * (redirects are followed here, by hand, up to a limit), and every connection goes through an
 * undici Agent whose lookup vets the address it connects to. Bodies are decoded by undici
 * (gzip, deflate, brotli), so a cap on what is read from the body is a cap on the decoded size.
 */
import { Agent, fetch as undiciFetch } from "undici";
import { PeerError } from "../contract.ts";
import { AddressRefused, checkUrl, type GuardPolicy, guardedLookup, vetHost } from "./addressGuard.ts";

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface GuardedFetchOptions extends GuardPolicy {
  /** Redirect hops followed at most. */
  maxRedirects?: number;
  /** The fetch each hop is made with (tests); default undici's fetch through the guarded Agent. */
  fetch?: FetchLike;
}

export interface GuardedFetch {
  fetch: FetchLike;
  close(): Promise<void>;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export function createGuardedFetch(options: GuardedFetchOptions): GuardedFetch {
  const policy: GuardPolicy = {
    allowPrivateNetwork: options.allowPrivateNetwork,
    resolver: options.resolver,
  };
  const maxRedirects = options.maxRedirects ?? 5;
  let agent: Agent | undefined;
  const hop: FetchLike =
    options.fetch ??
    ((url, init) => {
      agent ??= new Agent({ connect: { lookup: guardedLookup(policy) } });
      return undiciFetch(url, { ...(init as object), dispatcher: agent }) as unknown as Promise<Response>;
    });

  async function guarded(url: string, init: RequestInit): Promise<Response> {
    let target = refuseUnless(() => checkUrl(url, policy));
    let requestInit: RequestInit = { ...init, redirect: "manual" };
    for (let hops = 0; ; hops++) {
      let response: Response;
      try {
        // Judged before the request for a clear answer; the connection's own lookup judges again.
        await vetHost(target.hostname, policy);
        response = await hop(target.href, requestInit);
      } catch (err) {
        const refused = findRefusal(err);
        if (refused) throw new PeerError("refused", refused.message);
        throw err;
      }
      const location = response.headers.get("location");
      if (!REDIRECTS.has(response.status) || !location) return response;
      await response.body?.cancel().catch(() => undefined);
      if (hops >= maxRedirects) {
        throw new PeerError("refused", `${target.host} redirects more than ${maxRedirects} times`);
      }
      target = refuseUnless(() => checkUrl(new URL(location, target), policy));
      if (response.status === 303) requestInit = { ...requestInit, method: "GET", body: undefined };
    }
  }

  return {
    fetch: guarded,
    close: async () => {
      await agent?.close();
    },
  };
}

function refuseUnless(check: () => URL): URL {
  try {
    return check();
  } catch (err) {
    if (err instanceof AddressRefused) throw new PeerError("refused", err.message);
    throw err;
  }
}

/** undici wraps a lookup's error in `TypeError: fetch failed` (cause), sometimes twice. */
function findRefusal(err: unknown): AddressRefused | undefined {
  for (let e = err, depth = 0; e && depth < 5; depth++) {
    if (e instanceof AddressRefused) return e;
    if (e instanceof AggregateError) {
      const inner = e.errors.find((x) => x instanceof AddressRefused);
      if (inner) return inner as AddressRefused;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
