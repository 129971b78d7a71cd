/**
 * First run in the browser: while no workspace exists, whoever holds the one-time setup code the
 * server printed at start may create the first workspace and its admin. The code is random,
 * compared in constant time, guessing is slowed per address and overall, and it works once: after
 * setup every setup call answers `setup_done`. Concurrent setups are serialised by the workspace
 * creation lock, so exactly one wins.
 */
import { createHash, randomInt, timingSafeEqual } from "node:crypto";
import type { Competitor } from "../domain/views.ts";
import { ParleyError } from "../errors.ts";
import type { Store } from "../store/index.ts";
import { type AuthService, authService, checkNewPassword } from "./auth.ts";
import { SignInThrottle } from "./signInThrottle.ts";
import { createWorkspaceIn, settingsFrom } from "./workspaces.ts";

// No 0/O, 1/I/L: the code is read off a terminal and typed.
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const CODE_LENGTH = 12;

export interface SetupInput {
  code: string;
  workspace: {
    name: string;
    handles: string[];
    names?: string[];
    languages?: string[];
    timeZone?: string;
    competitors?: Competitor[];
  };
  admin: { email: string; name: string; password: string };
}

const digest = (code: string) =>
  createHash("sha256")
    .update(code.toUpperCase().replace(/[^0-9A-Z]/g, ""))
    .digest();

function newCode(): string {
  const chars = Array.from({ length: CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return [0, 4, 8].map((i) => chars.slice(i, i + 4).join("")).join("-");
}

export function setupService(
  store: Store,
  auth: AuthService,
  options: { perAddress?: SignInThrottle; overall?: SignInThrottle } = {},
) {
  let expected: Buffer | null = null;
  const perAddress = options.perAddress ?? new SignInThrottle({ freeFailures: 5 });
  // Guessing from many addresses at once is slowed too, and that slows everyone: the code is in the log.
  const overall = options.overall ?? new SignInThrottle({ freeFailures: 50 });

  async function ensureOpen(): Promise<void> {
    if ((await store.workspaces.count()) > 0) throw new ParleyError("setup_done");
  }

  function throttled(address: string): void {
    const wait = Math.max(perAddress.waitFor(address), overall.waitFor("*"));
    if (wait <= 0) return;
    const retryAfterSeconds = Math.ceil(wait / 1000);
    throw new ParleyError("rate_limited", `Too many wrong setup codes: try again in ${retryAfterSeconds} s`, {
      retryAfterSeconds,
    });
  }

  return {
    /**
     * A fresh code while no workspace exists (printed at start), or null. Each web process has
     * its own; any one of them sets the instance up once.
     */
    async issueCode(): Promise<string | null> {
      if ((await store.workspaces.count()) > 0) return null;
      const code = newCode();
      expected = digest(code);
      return code;
    },

    /** Resolves while setup is possible; `setup_done` once it is not. */
    status: ensureOpen,

    async complete(input: SetupInput, address: string) {
      throttled(address);
      await ensureOpen();
      const given = digest(input.code);
      if (!expected || !timingSafeEqual(given, expected)) {
        perAddress.failed(address);
        overall.failed("*");
        throw new ParleyError("invalid_setup_code");
      }
      // Everything is checked before the transaction: a typo costs neither the code nor a lock.
      const settings = settingsFrom(input.workspace);
      const admin = { ...input.admin, email: input.admin.email.trim(), name: input.admin.name.trim() };
      checkNewPassword(admin.password, [admin.email.split("@")[0]!, admin.name]);
      const created = await store.transaction(async (tx) => {
        await tx.workspaces.lockCreation();
        if ((await tx.workspaces.count()) > 0) throw new ParleyError("setup_done");
        const workspace = await createWorkspaceIn(tx, settings);
        const user = await authService(tx).addUser({ workspaceId: workspace.id, role: "admin", ...admin });
        await tx.audit.record({
          workspaceId: workspace.id,
          actorUserId: user.id,
          action: "workspace.setup",
          subjectType: "workspace",
          subjectId: workspace.id,
          detail: { name: workspace.name },
        });
        return { workspaceId: workspace.id, id: user.id };
      });
      expected = null;
      return auth.openSession(created);
    },
  };
}

export type SetupService = ReturnType<typeof setupService>;
