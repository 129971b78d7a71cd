import { useCallback, useState } from "react";
import { ApiError } from "../api/client.ts";
import { plainErrorMessage } from "../api/errorMessages.ts";
import { useSession } from "../auth/SessionContext.tsx";

/**
 * A page's error line: `fail` shows a failed call in plain words, and an ended session signs the
 * user out instead of leaving a page that can no longer load anything.
 */
export function usePageError() {
  const { signOut } = useSession();
  const [error, setError] = useState<string | null>(null);
  const fail = useCallback(
    (failure: unknown) => {
      if (failure instanceof ApiError && failure.code === "unauthenticated") signOut();
      setError(plainErrorMessage(failure));
    },
    [signOut],
  );
  return { error, setError, fail };
}
