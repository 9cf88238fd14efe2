import { makeDataset } from '../data/dataset.js';
import { makeFeatures } from '../data/features.js';
import type { Dataset, Features } from '../data/types.js';
import { createStreams, type Streams } from '../random/rng.js';
import type { SeededRegime } from '../regime/types.js';

/** The random draws of a run, before any training: the same seed gives the same arrays everywhere. */
export interface PreparedRun {
  features: Features;
  train: Dataset;
  test: Dataset;
  /** Initial weights `[k, m, d]` row-major, i.i.d. N(0, sigma0²). */
  W0: Float32Array;
  streams: Streams;
}

/** Draws features, training data, test data and W0, each from its own stream. */
export function prepareRun(regime: SeededRegime): PreparedRun {
  const streams = createStreams(regime.seed);
  const features = makeFeatures(regime.k, regime.d, regime.featureBasis, streams.features);
  const train = makeDataset(regime, features, regime.nTrain, streams.trainData);
  const test = makeDataset(regime, features, regime.nTest, streams.testData);
  const W0 = streams.init.fillNormal(new Float32Array(regime.k * regime.m * regime.d), regime.sigma0) as Float32Array;
  return { features, train, test, W0, streams };
}
