/** Runs after each test file (jest setupFilesAfterEnv): its temporary directories go with it. */
import { removeScratch } from './synth';

afterAll(() => removeScratch());
