import { DEFAULT_TRACES_PER_SERVICE } from './packages/smoke/src/options';
import { buildPlatform, PLATFORM, PLATFORM_SERVICES } from './main';
import { synthApp, testApp } from './test/support/synth';

test('the platform app matches its snapshot', () => {
  const app = buildPlatform(testApp());
  expect(synthApp(app)).toMatchSnapshot();
});

test('the smoke test\'s default sample cannot fail by chance at the platform\'s baseline', () => {
  // traces-queryable passes when one ordinary trace per service is kept; at keep share p,
  // N traces all dropped has probability (1 - p)^N. 20 traces at 20 % failed the e2e tier.
  const p = PLATFORM.baselinePercentage / 100;
  const allDropped = (1 - p) ** DEFAULT_TRACES_PER_SERVICE;
  expect(allDropped * PLATFORM_SERVICES.length).toBeLessThan(1e-5);
});
