/** A one-line progress bar on stderr; silent when stderr is not a terminal. */
export function progressBar(total: number, enabled: boolean) {
  const started = Date.now();
  let last = 0;
  return {
    update(done: number, note: string) {
      const now = Date.now();
      if (!enabled || now - last < 100) return;
      last = now;
      const ratio = total > 0 ? Math.min(1, done / total) : 1;
      const width = 30;
      const filled = Math.round(ratio * width);
      const rate = done / Math.max(1, now - started) / 1.024;
      process.stderr.write(
        `\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}%  ${rate.toFixed(0)} kB/s  ${note}   `,
      );
    },
    done() {
      if (enabled) process.stderr.write("\n");
    },
  };
}
