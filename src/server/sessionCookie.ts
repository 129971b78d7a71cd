import type { FastifyReply } from "fastify";
import { SESSION_TTL_MS } from "../services/auth.ts";
import { SESSION_COOKIE } from "./auth.ts";

/** Hands the browser a new session: signed, http-only, same-site strict, for the session's life. */
export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: "/",
    httpOnly: true,
    sameSite: "strict",
    secure,
    signed: true,
    maxAge: SESSION_TTL_MS / 1000,
  });
}
