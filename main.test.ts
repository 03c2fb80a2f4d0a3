import { Testing } from 'cdk8s';
import { buildPlatform } from './main';
import { synthApp } from './test/support/synth';

test('the platform app matches its snapshot', () => {
  const app = buildPlatform(Testing.app());
  expect(synthApp(app)).toMatchSnapshot();
});
