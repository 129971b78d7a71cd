/**
 * Preloaded into a measured child process (`node --import`): on exit, prints the process's peak
 * resident memory, worker threads included, on standard error for the benchmark to read.
 */
process.on("exit", () => {
  process.stderr.write(`\npeak_rss_kb=${process.resourceUsage().maxRSS}\n`);
});
