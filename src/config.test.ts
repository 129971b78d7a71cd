import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, ssoSettings } from "./config.ts";

describe("loadConfig", () => {
  it("needs no variables and runs every role on the embedded store", () => {
    const config = loadConfig({}, {});
    expect(config.PORT).toBe(3000);
    expect(config.PARLEY_DATA).toBe(".parley-data");
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.PARLEY_ROLES).toEqual(["web", "ingest", "worker", "scheduler"]);
  });

  it("lists every bad variable at once", () => {
    try {
      loadConfig({}, { PORT: "seventy", DATABASE_URL: "mysql://x", PARLEY_ROLES: "web,cook" });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const fields = (err as ConfigError).problems.map((p) => p.split(":")[0]);
      expect(fields).toEqual(expect.arrayContaining(["PORT", "DATABASE_URL", "PARLEY_ROLES.1"]));
    }
  });

  it("lets command-line overrides win over the environment", () => {
    const config = loadConfig({ PORT: "5000", PARLEY_DATA: ":memory:" }, { PORT: "4000" });
    expect(config.PORT).toBe(5000);
    expect(config.PARLEY_DATA).toBe(":memory:");
  });
});

describe("security settings", () => {
  it("reads the public URL as an origin and the metrics token", () => {
    const config = loadConfig(
      {},
      { PARLEY_PUBLIC_URL: "https://care.example.com/app/", PARLEY_METRICS_TOKEN: "0123456789abcdef0123" },
    );
    expect(config.PARLEY_PUBLIC_URL).toBe("https://care.example.com");
    expect(config.PARLEY_METRICS_TOKEN).toBe("0123456789abcdef0123");
  });

  it("refuses a public URL that is not http(s) and a short metrics token", () => {
    expect(() =>
      loadConfig({}, { PARLEY_PUBLIC_URL: "ftp://x.example", PARLEY_METRICS_TOKEN: "short" }),
    ).toThrow(/PARLEY_PUBLIC_URL[\s\S]*PARLEY_METRICS_TOKEN|PARLEY_METRICS_TOKEN[\s\S]*PARLEY_PUBLIC_URL/);
  });
});

describe("single sign-on settings", () => {
  const full = {
    PARLEY_OIDC_ISSUER: "https://login.example.com",
    PARLEY_OIDC_CLIENT_ID: "parley",
    PARLEY_OIDC_CLIENT_SECRET: "s3cret",
    PARLEY_OIDC_ROLE_GROUPS: "admin=care-admins, agent=care-agents",
    PARLEY_PUBLIC_URL: "https://care.example.com",
  };

  it("are off when no provider is named", () => {
    expect(ssoSettings(loadConfig({}, {}))).toBeUndefined();
  });

  it("read the role groups in order and derive the callback from the public URL", () => {
    expect(ssoSettings(loadConfig({}, full))).toMatchObject({
      roleGroups: [
        { role: "admin", group: "care-admins" },
        { role: "agent", group: "care-agents" },
      ],
      redirectUri: "https://care.example.com/api/sso/callback",
    });
  });

  it("list what is missing, and refuse a role that does not exist", () => {
    const { PARLEY_PUBLIC_URL: _, PARLEY_OIDC_CLIENT_SECRET: __, ...partial } = full;
    expect(() => ssoSettings(loadConfig({}, partial))).toThrow(/CLIENT_SECRET[\s\S]*PUBLIC_URL/);
    expect(() => loadConfig({}, { ...full, PARLEY_OIDC_ROLE_GROUPS: "boss=everyone" })).toThrow(ConfigError);
  });
});

describe("log settings", () => {
  it("takes the log format from PARLEY_LOG_FORMAT or the command line, and refuses another", () => {
    expect(loadConfig({}, {}).PARLEY_LOG_FORMAT).toBe("auto");
    expect(loadConfig({}, { PARLEY_LOG_FORMAT: "json" }).PARLEY_LOG_FORMAT).toBe("json");
    expect(
      loadConfig({ PARLEY_LOG_FORMAT: "readable" }, { PARLEY_LOG_FORMAT: "json" }).PARLEY_LOG_FORMAT,
    ).toBe("readable");
    expect(() => loadConfig({}, { PARLEY_LOG_FORMAT: "xml" })).toThrow(/PARLEY_LOG_FORMAT/);
  });
});
