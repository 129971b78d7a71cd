import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "web/**/*.test.ts", "test/**/*.test.ts", "scripts/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // The JSON report gives CI one summary line of passed and failed tests.
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
  },
});
