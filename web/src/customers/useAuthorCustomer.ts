import { useCallback, useEffect, useState } from "react";
import { plainErrorMessage } from "../api/errorMessages.ts";
import { type AuthorCustomerView, customerApi } from "./customerApi.ts";

/** The customer behind a profile (or the suggestions for it), loaded once per profile and on demand. */
export function useAuthorCustomer(authorId: string | null) {
  const [view, setView] = useState<AuthorCustomerView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    if (!authorId) return;
    customerApi.forAuthor(authorId).then(
      (loaded) => {
        setView(loaded);
        setError(null);
      },
      (failure: unknown) => setError(plainErrorMessage(failure)),
    );
  }, [authorId]);
  useEffect(() => {
    setView(null);
    reload();
  }, [reload]);
  return { view: view && view.authorId === authorId ? view : null, error, reload };
}
