/**
 * Cross-site request checks. SameSite=Strict keeps the cookie off requests from other sites, but
 * a page on another port of the same host is the same site: only the origin tells it apart.
 * Browsers send `Sec-Fetch-Site` and `Origin` on state-changing requests and on WebSocket
 * upgrades; when present, they must say the request comes from Parley's own origin. A caller
 * sending neither is not a browser acting for another page (curl, scripts) and passes.
 */
import type { FastifyRequest } from "fastify";
import { ParleyError } from "../errors.ts";

export function checkOrigin(request: FastifyRequest, publicOrigin: string | undefined): void {
  const site = request.headers["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin" && site !== "none") {
    throw new ParleyError("origin_refused", `A request from a ${site} page is refused`);
  }
  const origin = request.headers.origin;
  if (origin === undefined) return;
  if (!sameOrigin(origin, publicOrigin, request.headers.host)) {
    throw new ParleyError("origin_refused");
  }
}

function sameOrigin(origin: string, publicOrigin: string | undefined, host: string | undefined): boolean {
  if (publicOrigin) return origin === publicOrigin;
  // Without a configured address, the page must have come from the host the request went to.
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  return (
    (parsed.protocol === "http:" || parsed.protocol === "https:") &&
    host !== undefined &&
    parsed.host === host
  );
}
