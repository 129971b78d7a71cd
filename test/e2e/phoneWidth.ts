/** A phone-sized screen and the check that nothing spills past its right edge. */
import type { Page } from "playwright-core";

/** An iPhone-sized screen: 390 by 844 CSS pixels. */
export const PHONE = { width: 390, height: 844 };

/** Elements that reach past the right edge of the screen while their parent does not. */
export async function spillingPastTheScreen(page: Page): Promise<string[]> {
  return page.evaluate((width) => {
    const spilling: string[] = [];
    for (const element of document.querySelectorAll("body *")) {
      const parent = element.parentElement;
      if (!parent) continue;
      // Rows of a table that scrolls sideways in its own box are meant to be wider.
      if (element.closest(".data-table")) continue;
      // What a visually hidden box holds (kept for screen readers) is clipped away, not seen.
      let clipped = false;
      for (let up: Element | null = element; up && !clipped; up = up.parentElement) {
        clipped = getComputedStyle(up).clipPath !== "none";
      }
      if (clipped) continue;
      const right = element.getBoundingClientRect().right;
      if (right > width + 1 && parent.getBoundingClientRect().right <= width + 1) {
        spilling.push(`${element.tagName.toLowerCase()}.${element.className}`);
      }
    }
    return spilling;
  }, PHONE.width);
}
