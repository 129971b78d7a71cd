import { useEffect, useEffectEvent } from "react";

/**
 * Single-key shortcuts, ignored while the agent types in a field or holds a modifier. Bindings are
 * keyed by the lower-cased `KeyboardEvent.key` ("j", "arrowdown", "escape").
 */
export function useHotkeys(bindings: Record<string, () => void>): void {
  const onKey = useEffectEvent((event: KeyboardEvent) => {
    if (event.metaKey || event.ctrlKey || event.altKey) return;
    const target = event.target;
    if (target instanceof HTMLElement && target.closest("input, textarea, select, [contenteditable]")) return;
    const action = bindings[event.key.toLowerCase()];
    if (!action) return;
    event.preventDefault();
    action();
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKey(event);
    document.addEventListener("keydown", listener);
    return () => document.removeEventListener("keydown", listener);
  }, []);
}
