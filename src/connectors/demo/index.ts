export { DEMO_BRAND, DEMO_CAMPAIGNS, type DemoCampaign } from "./brand.ts";
export {
  createDemoGenerator,
  type DemoGenerator,
  type DemoGeneratorOptions,
  type DemoStreamOptions,
} from "./generator.ts";
