import { createContext, useContext } from "react";
import type { Session } from "../api/types.ts";

export interface SessionValue extends Session {
  signOut(): void;
  /** After the workspace's settings change, so the shell shows the new name. */
  workspaceChanged(workspace: Session["workspace"]): void;
}

export const SessionContext = createContext<SessionValue | null>(null);

/** The signed-in user and workspace; only rendered below the sign-in gate, so never null there. */
export function useSession(): SessionValue {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession must be used below the sign-in gate");
  return session;
}
